package main

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"sort"
	"time"
)

// The demo's release history as the cluster tells it, for the history import:
// which pods served when. Only workloads that devcluster-backdate spread over
// days (they carry its marker) have a past worth importing.
const backdatedAnnotation = "devcluster.paasport.io/backdated"

// span is a set of pods that served from `from` until `to`: one revision of
// one workload.
type span struct {
	from, to time.Time
	pods     []podInfo
}

type objectMeta struct {
	Namespace         string            `json:"namespace"`
	Name              string            `json:"name"`
	UID               string            `json:"uid"`
	CreationTimestamp time.Time         `json:"creationTimestamp"`
	Labels            map[string]string `json:"labels"`
	Annotations       map[string]string `json:"annotations"`
	OwnerReferences   []struct {
		UID        string `json:"uid"`
		Controller bool   `json:"controller"`
	} `json:"ownerReferences"`
}

// controller is the uid of the object's managing owner, "" if none.
func (m objectMeta) controller() string {
	for _, o := range m.OwnerReferences {
		if o.Controller {
			return o.UID
		}
	}
	return ""
}

type podTemplate struct {
	Metadata struct {
		Annotations map[string]string `json:"annotations"`
	} `json:"metadata"`
	Spec struct {
		Containers []containerInfo `json:"containers"`
	} `json:"spec"`
}

type workloadObject struct {
	Metadata objectMeta `json:"metadata"`
	Spec     struct {
		Replicas   *int            `json:"replicas"`
		Template   podTemplate     `json:"template"`
		Containers []containerInfo `json:"containers"` // of a Pod
	} `json:"spec"`
	// ControllerRevisions: the StatefulSet's template, as a patch of its spec.
	Data struct {
		Spec struct {
			Template podTemplate `json:"template"`
		} `json:"spec"`
	} `json:"data"`
	Revision int64 `json:"revision"`
	Status   struct {
		Phase string `json:"phase"`
	} `json:"status"`
}

func (w workloadObject) replicas() int {
	if w.Spec.Replicas == nil {
		return 1
	}
	return *w.Spec.Replicas
}

func (c *apiClient) list(path string) ([]workloadObject, error) {
	resp, err := c.http.Get(c.server + path)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: HTTP %d", path, resp.StatusCode)
	}
	var l struct {
		Items []workloadObject `json:"items"`
	}
	return l.Items, json.NewDecoder(resp.Body).Decode(&l)
}

// clusterObjects is what the history is read from.
type clusterObjects struct {
	deployments, replicaSets, statefulSets, controllerRevisions, pods []workloadObject
}

func (c *apiClient) clusterObjects() (clusterObjects, error) {
	var o clusterObjects
	for _, l := range []struct {
		path string
		into *[]workloadObject
	}{
		{"/apis/apps/v1/deployments", &o.deployments},
		{"/apis/apps/v1/replicasets", &o.replicaSets},
		{"/apis/apps/v1/statefulsets", &o.statefulSets},
		{"/apis/apps/v1/controllerrevisions", &o.controllerRevisions},
		{"/api/v1/pods", &o.pods},
	} {
		items, err := c.list(l.path)
		if err != nil {
			return o, err
		}
		*l.into = items
	}
	return o, nil
}

// spans turns the backdated workloads into who served when, until end. A
// revision serves from its creation until the next one's; the current
// revision's pods are the cluster's Running pods (so the history continues in
// the live series of the same pods), earlier revisions get pods named as their
// ReplicaSet would have named them.
func (o clusterObjects) spans(end time.Time) []span {
	var out []span
	for _, d := range o.deployments {
		if d.Metadata.Annotations[backdatedAnnotation] == "" {
			continue
		}
		revisions := owned(o.replicaSets, d.Metadata.UID)
		sort.Slice(revisions, func(i, j int) bool {
			return revisions[i].Metadata.CreationTimestamp.Before(revisions[j].Metadata.CreationTimestamp)
		})
		for i, rs := range revisions {
			sp := span{from: rs.Metadata.CreationTimestamp, to: end}
			if i+1 < len(revisions) {
				sp.to = revisions[i+1].Metadata.CreationTimestamp
			} else {
				sp.pods = runningPods(o.pods, func(p workloadObject) bool { return p.Metadata.controller() == rs.Metadata.UID })
			}
			if len(sp.pods) == 0 {
				for k := 0; k < d.replicas(); k++ {
					name := rs.Metadata.Name + "-" + podSuffix(rs.Metadata.Name, k)
					sp.pods = append(sp.pods, templatePod(d.Metadata.Namespace, name, name, rs.Spec.Template))
				}
			}
			out = append(out, sp)
		}
	}
	for _, s := range o.statefulSets {
		if s.Metadata.Annotations[backdatedAnnotation] == "" {
			continue
		}
		revisions := owned(o.controllerRevisions, s.Metadata.UID)
		sort.Slice(revisions, func(i, j int) bool { return revisions[i].Revision < revisions[j].Revision })
		for i, cr := range revisions {
			sp := span{from: cr.Metadata.CreationTimestamp, to: end}
			if i+1 < len(revisions) {
				sp.to = revisions[i+1].Metadata.CreationTimestamp
			} else {
				sp.pods = runningPods(o.pods, func(p workloadObject) bool {
					return p.Metadata.controller() == s.Metadata.UID && p.Metadata.Labels["controller-revision-hash"] == cr.Metadata.Name
				})
			}
			if len(sp.pods) == 0 {
				// A StatefulSet's pods keep their names across revisions.
				for k := 0; k < s.replicas(); k++ {
					name := fmt.Sprintf("%s-%d", s.Metadata.Name, k)
					sp.pods = append(sp.pods, templatePod(s.Metadata.Namespace, name, name+"@"+cr.Metadata.Name, cr.Data.Spec.Template))
				}
			}
			out = append(out, sp)
		}
	}
	return out
}

func owned(objects []workloadObject, uid string) []workloadObject {
	var out []workloadObject
	for _, o := range objects {
		if o.Metadata.controller() == uid {
			out = append(out, o)
		}
	}
	return out
}

func runningPods(pods []workloadObject, match func(workloadObject) bool) []podInfo {
	var out []podInfo
	for _, p := range pods {
		if p.Status.Phase == "Running" && match(p) {
			out = append(out, podInfo{Namespace: p.Metadata.Namespace, Name: p.Metadata.Name, UID: p.Metadata.UID,
				Annotations: p.Metadata.Annotations, Containers: p.Spec.Containers})
		}
	}
	return out
}

// templatePod is a pod of an earlier revision, which no longer exists: its
// template says what it ran and how it behaved.
func templatePod(namespace, name, uid string, t podTemplate) podInfo {
	return podInfo{Namespace: namespace, Name: name, UID: uid, Annotations: t.Metadata.Annotations, Containers: t.Spec.Containers}
}

// podSuffix is the k-th pod's random-looking suffix, from the alphabet the
// ReplicaSet controller uses (no vowels, no look-alikes), the same each run.
func podSuffix(replicaSet string, k int) string {
	const alphabet = "bcdfghjklmnpqrstvwxz2456789"
	h := fnv.New64a()
	fmt.Fprintf(h, "%s/%d", replicaSet, k)
	x := h.Sum64()
	b := make([]byte, 5)
	for i := range b {
		b[i] = alphabet[x%uint64(len(alphabet))]
		x /= uint64(len(alphabet))
	}
	return string(b)
}
