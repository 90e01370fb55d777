package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
)

// kwok serves `kubectl logs` from the files named by a `Logs` object (kwok.x-k8s.io)
// with the pod's name and namespace; kwok runs with --enable-crds=Logs and
// watches them (lib/kwok.sh). The exporter keeps one per Running pod pointing at
// the pod's own files; the pod is its owner, so the garbage collector deletes it
// with the pod.
const (
	logsAPI      = "/apis/kwok.x-k8s.io/v1alpha1"
	fieldManager = "devcluster-exporter"
)

// logsObject is the Logs object for a pod: one entry per container.
func (lw *logWriter) logsObject(p podInfo) map[string]any {
	entries := make([]map[string]any, 0, len(p.Containers))
	for _, c := range p.Containers {
		cur, prev := lw.logFiles(p, c.Name)
		entries = append(entries, map[string]any{
			"containers": []string{c.Name}, "logsFile": cur, "previousLogsFile": prev, "follow": true,
		})
	}
	return map[string]any{
		"apiVersion": "kwok.x-k8s.io/v1alpha1",
		"kind":       "Logs",
		"metadata": map[string]any{
			"name": p.Name, "namespace": p.Namespace,
			"labels": map[string]string{"app.kubernetes.io/managed-by": fieldManager},
			"ownerReferences": []map[string]any{{
				"apiVersion": "v1", "kind": "Pod", "name": p.Name, "uid": p.UID,
			}},
		},
		"spec": map[string]any{"logs": entries},
	}
}

// applyLogs creates or replaces the pod's Logs object (server-side apply, so a
// pod recreated under the same name takes over its predecessor's object).
func (c *apiClient) applyLogs(obj map[string]any) error {
	meta := obj["metadata"].(map[string]any)
	body, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	u := fmt.Sprintf("%s%s/namespaces/%s/logs/%s?fieldManager=%s&force=true", c.server, logsAPI,
		url.PathEscape(meta["namespace"].(string)), url.PathEscape(meta["name"].(string)), fieldManager)
	req, err := http.NewRequest(http.MethodPatch, u, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/apply-patch+yaml") // JSON is YAML
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("apply Logs %s/%s: HTTP %d %s", meta["namespace"], meta["name"], resp.StatusCode, msg)
	}
	return nil
}

// logsOwners maps "<namespace>/<name>" of every Logs object to its owner pod's UID.
func (c *apiClient) logsOwners() (map[string]string, error) {
	resp, err := c.http.Get(c.server + logsAPI + "/logs?resourceVersion=0")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("list Logs: HTTP %d", resp.StatusCode)
	}
	var list struct {
		Items []struct {
			Metadata struct {
				Namespace       string `json:"namespace"`
				Name            string `json:"name"`
				OwnerReferences []struct {
					Kind string `json:"kind"`
					UID  string `json:"uid"`
				} `json:"ownerReferences"`
			} `json:"metadata"`
		} `json:"items"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, it := range list.Items {
		for _, o := range it.Metadata.OwnerReferences {
			if o.Kind == "Pod" {
				out[it.Metadata.Namespace+"/"+it.Metadata.Name] = o.UID
			}
		}
	}
	return out, nil
}

// logsSync applies a Logs object for each pod with a log (hasLog) that has
// none yet (a new pod is served within a second). applied remembers what was applied; check
// (every interval) re-reads the objects so one deleted by hand comes back.
type logsSync struct {
	api     *apiClient
	lw      *logWriter
	applied map[string]string // "<namespace>/<pod>" -> UID whose object is in place
	failed  map[string]bool   // UIDs whose failure was logged (e.g. a namespace being deleted refuses new objects)
}

func (s *logsSync) run(pods []podInfo, check bool) {
	if check {
		owners, err := s.api.logsOwners()
		if err != nil {
			log.Printf("listing Logs: %v", err)
		} else {
			s.applied = owners
		}
		s.failed = map[string]bool{} // a failure that persists is logged again every interval
	}
	for _, p := range pods {
		key := p.Namespace + "/" + p.Name
		if !hasLog(p) || s.applied[key] == p.UID {
			continue
		}
		if err := s.api.applyLogs(s.lw.logsObject(p)); err != nil {
			if !s.failed[p.UID] {
				log.Printf("%v", err)
				s.failed[p.UID] = true
			}
			continue
		}
		s.applied[key] = p.UID
	}
}
