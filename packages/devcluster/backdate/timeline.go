package main

import (
	"fmt"
	"strings"
	"time"
)

// workload is one seeded demo workload and the versions it was rolled through,
// oldest first (a row of seed/apps.tsv, as far as this cluster got).
type workload struct {
	namespace string
	kind      string // "deployment" or "statefulset"
	name      string
	versions  []string
}

// parseWorkload reads "NAMESPACE/KIND/NAME=V1,V2,...".
func parseWorkload(spec string) (workload, error) {
	ref, list, ok := strings.Cut(spec, "=")
	parts := strings.Split(ref, "/")
	if !ok || len(parts) != 3 || list == "" {
		return workload{}, fmt.Errorf("workload %q: want NAMESPACE/KIND/NAME=V1,V2,...", spec)
	}
	w := workload{namespace: parts[0], kind: strings.ToLower(parts[1]), name: parts[2], versions: strings.Split(list, ",")}
	if w.kind != "deployment" && w.kind != "statefulset" {
		return workload{}, fmt.Errorf("workload %q: kind must be deployment or statefulset", spec)
	}
	for _, s := range append([]string{w.namespace, w.name}, w.versions...) {
		if s == "" {
			return workload{}, fmt.Errorf("workload %q: empty namespace, name or version", spec)
		}
	}
	return w, nil
}

// timeline says when each release "happened": release i (0-based position in a
// workload's versions) is ages[i] before the moment the workload was seeded,
// plus delay (a cluster promoted after another gets every release later).
type timeline struct {
	ages  []time.Duration
	delay time.Duration
}

// parseAges reads "144h,72h,20h"; ages must shrink, or releases would be out of order.
func parseAges(list string) ([]time.Duration, error) {
	var ages []time.Duration
	for _, s := range strings.Split(list, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("age %q: %w", s, err)
		}
		if d <= 0 || (len(ages) > 0 && d >= ages[len(ages)-1]) {
			return nil, fmt.Errorf("ages %q: each must be positive and smaller than the one before", list)
		}
		ages = append(ages, d)
	}
	return ages, nil
}

// releaseTime: when the release at position wave happened, for a workload
// seeded at anchor. ok is false for a position the timeline has no age for.
func (t timeline) releaseTime(anchor time.Time, wave int) (at time.Time, ok bool) {
	if wave < 0 || wave >= len(t.ages) {
		return time.Time{}, false
	}
	return anchor.Add(-t.ages[wave] + t.delay), true
}

// wave is the position of version in the workload's history, -1 when it is not
// one of the seeded releases (e.g. a test rolled out something else later).
func (w workload) wave(version string) int {
	for i, v := range w.versions {
		if v == version {
			return i
		}
	}
	return -1
}
