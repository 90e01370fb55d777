package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"
)

// podInfo is the little we need from a Pod: who it is and what it runs.
type podInfo struct {
	Namespace   string
	Name        string
	UID         string
	Phase       string
	Annotations map[string]string
	Containers  []containerInfo
	Created     time.Time
	Started     time.Time // status.startTime; zero before kwok starts the pod
	Job         string    // the owning Job's name; empty for any other pod
	JobUID      string
}

type containerInfo struct {
	Name  string
	Image string
	// ExitCode is the terminated state's code, nil while the container runs.
	ExitCode *int
}

// apiClient lists pods and keeps kwok's Logs objects with a client certificate. It is deliberately tiny: the
// exporter must build with the standard library alone.
type apiClient struct {
	server string
	http   *http.Client
}

func newAPIClient(server, caFile, certFile, keyFile string) (*apiClient, error) {
	caPEM, err := os.ReadFile(caFile)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return nil, fmt.Errorf("no certificates in %s", caFile)
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, err
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}}
	return &apiClient{server: strings.TrimRight(server, "/"), http: &http.Client{Transport: tr, Timeout: 10 * time.Second}}, nil
}

// pods returns every pod of the cluster, across all namespaces. resourceVersion=0
// lets the apiserver answer from its watch cache: this runs every second.
func (c *apiClient) pods() ([]podInfo, error) {
	resp, err := c.http.Get(c.server + "/api/v1/pods?resourceVersion=0")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("list pods: HTTP %d", resp.StatusCode)
	}
	var list struct {
		Items []struct {
			Metadata struct {
				Namespace   string            `json:"namespace"`
				Name        string            `json:"name"`
				UID         string            `json:"uid"`
				Annotations map[string]string `json:"annotations"`
				Created     time.Time         `json:"creationTimestamp"`
				Owners      []struct {
					Kind       string `json:"kind"`
					Name       string `json:"name"`
					UID        string `json:"uid"`
					Controller bool   `json:"controller"`
				} `json:"ownerReferences"`
			} `json:"metadata"`
			Spec struct {
				Containers []struct {
					Name  string `json:"name"`
					Image string `json:"image"`
				} `json:"containers"`
			} `json:"spec"`
			Status struct {
				Phase     string    `json:"phase"`
				StartTime time.Time `json:"startTime"`
				Statuses  []struct {
					Name  string `json:"name"`
					State struct {
						Terminated *struct {
							ExitCode int `json:"exitCode"`
						} `json:"terminated"`
					} `json:"state"`
				} `json:"containerStatuses"`
			} `json:"status"`
		} `json:"items"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		return nil, err
	}
	pods := make([]podInfo, 0, len(list.Items))
	for _, it := range list.Items {
		p := podInfo{Namespace: it.Metadata.Namespace, Name: it.Metadata.Name, UID: it.Metadata.UID, Phase: it.Status.Phase,
			Annotations: it.Metadata.Annotations, Created: it.Metadata.Created, Started: it.Status.StartTime}
		for _, o := range it.Metadata.Owners {
			if o.Kind == "Job" && o.Controller {
				p.Job, p.JobUID = o.Name, o.UID
			}
		}
		for _, ct := range it.Spec.Containers {
			c := containerInfo{Name: ct.Name, Image: ct.Image}
			for _, st := range it.Status.Statuses {
				if st.Name == ct.Name && st.State.Terminated != nil {
					code := st.State.Terminated.ExitCode
					c.ExitCode = &code
				}
			}
			p.Containers = append(p.Containers, c)
		}
		pods = append(pods, p)
	}
	return pods, nil
}

// hasLog says whether kwok should serve the pod's log: a Running pod, and a
// Job's pod after it ended (its log is what tells why a run failed).
func hasLog(p podInfo) bool {
	return p.Phase == "Running" || (p.JobUID != "" && (p.Phase == "Succeeded" || p.Phase == "Failed"))
}

// running keeps the pods whose phase is Running: the ones that emit metrics and logs.
func running(pods []podInfo) []podInfo {
	out := make([]podInfo, 0, len(pods))
	for _, p := range pods {
		if p.Phase == "Running" {
			out = append(out, p)
		}
	}
	return out
}
