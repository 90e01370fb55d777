package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

const (
	// On every object whose creation time this tool rewrote, valued with the
	// moment the workload was really seeded. On the Deployment/StatefulSet it
	// also means "done": its later revisions (someone's rollout) keep their
	// real times, and `devcluster up` never moves the history again.
	markerAnnotation = "devcluster.paasport.io/backdated"
	// Which seeded release a ReplicaSet/ControllerRevision is: the Deployment
	// controller copies the pod template's labels onto its ReplicaSets, the
	// StatefulSet controller onto its ControllerRevisions.
	versionLabel = "app.kubernetes.io/version"
	// The ControllerRevision a StatefulSet pod was made from.
	revisionHashLabel = "controller-revision-hash"
	// A ReplicaSet's pods appear a moment after it, as in a real rollout.
	podLag = 2 * time.Second
	// How often a write that lost a race with a controller is retried.
	writeAttempts = 5
)

type backdater struct {
	store    *store
	timeline timeline
	dryRun   bool
	out      io.Writer
}

func registryKey(resource, namespace, name string) string {
	return "/registry/" + resource + "/" + namespace + "/" + name
}

// backdate moves one workload's seeded history into the past: its
// ReplicaSets or ControllerRevisions to their release's time, their pods with
// them, and the workload itself to its first release.
func (b *backdater) backdate(ctx context.Context, w workload) error {
	ref := w.namespace + "/" + w.kind + "/" + w.name
	wl, err := b.store.get(ctx, registryKey(w.kind+"s", w.namespace, w.name))
	if err != nil {
		return err
	}
	if wl == nil {
		fmt.Fprintf(b.out, "%s: not found, skipped\n", ref)
		return nil
	}
	if _, done := wl.meta.GetAnnotations()[markerAnnotation]; done {
		return nil
	}
	// The anchor is the workload's own creation time, not "now": a run that
	// stopped half-way and is repeated computes the same times.
	anchor := wl.meta.GetCreationTimestamp().UTC().Truncate(time.Minute)
	first, ok := b.timeline.releaseTime(anchor, 0)
	if !ok {
		return errors.New("the timeline has no release ages")
	}

	revisionResource := "replicasets"
	if w.kind == "statefulset" {
		revisionResource = "controllerrevisions"
	}
	revisions, err := b.store.list(ctx, registryKey(revisionResource, w.namespace, ""))
	if err != nil {
		return err
	}
	byUID := map[types.UID]time.Time{} // a Deployment's pods name their ReplicaSet's uid
	byName := map[string]time.Time{}   // a StatefulSet's pods name their ControllerRevision
	for _, r := range revisions {
		if !controlledBy(r, wl.meta.GetUID()) {
			continue
		}
		version := r.meta.GetLabels()[versionLabel]
		at, ok := b.timeline.releaseTime(anchor, w.wave(version))
		if !ok {
			fmt.Fprintf(b.out, "%s: %s (version %q) is not a seeded release, left as is\n", ref, r.meta.GetName(), version)
			continue
		}
		byUID[r.meta.GetUID()] = at
		byName[r.meta.GetName()] = at
		if err := b.rewrite(ctx, r, at, anchor); err != nil {
			return err
		}
	}

	pods, err := b.store.list(ctx, registryKey("pods", w.namespace, ""))
	if err != nil {
		return err
	}
	for _, p := range pods {
		owner := metav1.GetControllerOf(p.meta)
		if owner == nil {
			continue
		}
		at, ok := byUID[owner.UID]
		if w.kind == "statefulset" && owner.UID == wl.meta.GetUID() {
			at, ok = byName[p.meta.GetLabels()[revisionHashLabel]]
		}
		if !ok {
			continue
		}
		if err := b.rewrite(ctx, p, at.Add(podLag), anchor); err != nil {
			return err
		}
	}
	// Last, so that an interrupted run leaves the workload unmarked and is redone.
	return b.rewrite(ctx, wl, first, anchor)
}

func controlledBy(o *object, uid types.UID) bool {
	owner := metav1.GetControllerOf(o.meta)
	return owner != nil && owner.UID == uid
}

// rewrite sets o's creationTimestamp and the marker, re-reading and retrying
// when a controller updated the object in between. An object that already
// carries the marker is left alone.
func (b *backdater) rewrite(ctx context.Context, o *object, at, anchor time.Time) error {
	for attempt := 1; ; attempt++ {
		if _, done := o.meta.GetAnnotations()[markerAnnotation]; done {
			return nil
		}
		created := o.meta.GetCreationTimestamp().UTC()
		was := created.Format(time.RFC3339)
		o.meta.SetCreationTimestamp(metav1.NewTime(at))
		if pod, ok := o.obj.(*corev1.Pod); ok {
			shiftPodStatus(pod, at.Sub(created))
		}
		annotations := o.meta.GetAnnotations()
		if annotations == nil {
			annotations = map[string]string{}
		}
		annotations[markerAnnotation] = anchor.Format(time.RFC3339)
		o.meta.SetAnnotations(annotations)
		line := fmt.Sprintf("%s %s/%s: created %s -> %s", strings.ToLower(o.gvk.Kind), o.meta.GetNamespace(), o.meta.GetName(),
			was, at.UTC().Format(time.RFC3339))
		if b.dryRun {
			fmt.Fprintln(b.out, "would set", line)
			return nil
		}
		err := b.store.update(ctx, o)
		if err == nil {
			fmt.Fprintln(b.out, line)
			return nil
		}
		if !errors.Is(err, errConflict) || attempt == writeAttempts {
			return err
		}
		fresh, err := b.store.get(ctx, o.key)
		if err != nil {
			return err
		}
		if fresh == nil {
			return nil // deleted meanwhile: nothing left to backdate
		}
		o = fresh
	}
}

// shiftPodStatus moves the times kwok wrote into a pod's status when it
// "started" it (start time, conditions, containers' start) by d, the same
// shift as its creation time, so the pod's age and uptime agree.
func shiftPodStatus(p *corev1.Pod, d time.Duration) {
	shift := func(t *metav1.Time) {
		if t != nil && !t.IsZero() {
			*t = metav1.NewTime(t.Add(d))
		}
	}
	shift(p.Status.StartTime)
	for i := range p.Status.Conditions {
		shift(&p.Status.Conditions[i].LastTransitionTime)
	}
	for _, list := range [][]corev1.ContainerStatus{p.Status.InitContainerStatuses, p.Status.ContainerStatuses} {
		for i := range list {
			st := &list[i].State
			if st.Running != nil {
				shift(&st.Running.StartedAt)
			}
			if st.Terminated != nil {
				shift(&st.Terminated.StartedAt)
				shift(&st.Terminated.FinishedAt)
			}
		}
	}
}
