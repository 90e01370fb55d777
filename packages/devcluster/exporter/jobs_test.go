package main

import (
	"os"
	"strings"
	"testing"
	"time"
)

func jobPod(name, uid, phase string, created time.Time, exit *int) podInfo {
	return podInfo{Namespace: "storefront", Name: name, UID: uid, Phase: phase, Created: created,
		Started: created.Add(time.Second), Job: "migrate", JobUID: "job-uid",
		Annotations: map[string]string{annFailTimes: "2", annAttempt: "1"},
		Containers:  []containerInfo{{Name: "migrate", Image: "registry.paasport.dev/shop/migrate:1", ExitCode: exit}}}
}

func TestAttemptsNumberEachJobsPodsInCreationOrder(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	pods := []podInfo{
		jobPod("migrate-c", "c", "Running", t0.Add(30*time.Second), nil),
		jobPod("migrate-b", "b", "Failed", t0, nil), // same second as a: the name decides
		jobPod("migrate-a", "a", "Failed", t0, nil),
		{Name: "other", UID: "o", JobUID: "other-job", Created: t0.Add(time.Hour)},
		{Name: "web", UID: "w", Created: t0},
	}
	got := attempts(pods)
	want := map[string]int{"a": 1, "b": 2, "c": 3, "o": 1}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for uid, n := range want {
		if got[uid] != n {
			t.Fatalf("pod %s: attempt %d, want %d (all: %v)", uid, got[uid], n, got)
		}
	}
}

func TestJobLogStartsProgressesAndEndsOnce(t *testing.T) {
	lw := newLogWriter(t.TempDir())
	t0 := time.Now().Add(-time.Minute)
	p := jobPod("migrate-x", "x", "Running", t0, nil)
	lw.sync([]podInfo{p}, t0.Add(2*time.Second))
	path, _ := lw.logFiles(p, "migrate")
	lines := readLines(t, path)
	if len(lines) != 4 || !strings.Contains(lines[0], "starting job migrate, pod migrate-x, attempt 1") {
		t.Fatalf("start lines: %q", lines)
	}
	// A Job's pod is no service: no backfilled traffic, no previous run.
	if _, prev := lw.logFiles(p, "migrate"); func() bool { _, err := os.Stat(prev); return err == nil }() {
		t.Fatal("a Job's pod got a previous log")
	}
	if _, ok := lw.dirs[p.Namespace+"/"+p.Name]; ok {
		t.Fatal("a Job's pod would get the simulator's service lines")
	}

	lw.sync([]podInfo{p}, time.Now().Add(jobProgressEvery))
	lines = readLines(t, path)
	if len(lines) != 5 || !strings.Contains(lines[4], "still working") {
		t.Fatalf("progress line: %q", lines)
	}

	code := 3
	p.Phase, p.Containers[0].ExitCode = "Failed", &code
	lw.sync([]podInfo{p}, time.Now())
	lw.sync([]podInfo{p}, time.Now()) // a second look adds nothing
	lines = readLines(t, path)
	if len(lines) != 6 || !strings.Contains(lines[5], " stderr F error: the task failed; exiting with code 3") {
		t.Fatalf("end line: %q", lines)
	}
	for _, l := range lines {
		if !criRE.MatchString(l) {
			t.Fatalf("not a CRI line: %q", l)
		}
	}
	if !hasLog(p) {
		t.Fatal("a failed Job pod's log must stay served")
	}
}

func TestAJobPodSeenOnlyAfterItEndedGetsAWholeLog(t *testing.T) {
	lw := newLogWriter(t.TempDir())
	zero := 0
	p := jobPod("migrate-y", "y", "Succeeded", time.Now().Add(-5*time.Second), &zero)
	lw.sync([]podInfo{p}, time.Now())
	path, _ := lw.logFiles(p, "migrate")
	lines := readLines(t, path)
	if len(lines) != 5 || !strings.HasSuffix(lines[4], " stdout F exiting with code 0") {
		t.Fatalf("lines: %q", lines)
	}
}

func TestOnlyRunningPodsAndEndedJobPodsHaveLogs(t *testing.T) {
	for _, c := range []struct {
		p    podInfo
		want bool
	}{
		{podInfo{Phase: "Running"}, true},
		{podInfo{Phase: "Pending", JobUID: "j"}, false},
		{podInfo{Phase: "Succeeded", JobUID: "j"}, true},
		{podInfo{Phase: "Failed", JobUID: "j"}, true},
		{podInfo{Phase: "Failed"}, false},
	} {
		if got := hasLog(c.p); got != c.want {
			t.Errorf("%+v: hasLog %v, want %v", c.p, got, c.want)
		}
	}
}
