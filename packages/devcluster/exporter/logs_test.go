package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var criRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z (stdout|stderr) F .+$`)

func apiPod(name, uid, phase string) podInfo {
	return podInfo{Namespace: "storefront", Name: name, UID: uid, Phase: phase,
		Annotations: map[string]string{annProfile: "api"},
		Containers:  []containerInfo{{Name: "shop-api", Image: "registry.paasport.dev/shop/api:1.2.0"}}}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(string(b), "\n"), "\n")
}

// The simulator's view of the pods, as the main loop hands it to append.
func simulated(pods []podInfo, now time.Time) []series {
	sim := newSeededSimulator(1)
	sim.tick(running(pods), 5, now)
	return sim.snapshot()
}

func TestTwoPodsOfOneContainerHaveTheirOwnLines(t *testing.T) {
	lw := newLogWriter(t.TempDir())
	a, b := apiPod("shop-api-7d9-a", "uid-a", "Running"), apiPod("shop-api-7d9-b", "uid-b", "Running")
	now := time.Now()
	lw.sync([]podInfo{a, b}, now)
	for i := 1; i <= 5; i++ {
		lw.append(simulated([]podInfo{a, b}, now), time.Second, now.Add(time.Duration(i)*time.Second))
	}

	fa, pa := lw.logFiles(a, "shop-api")
	fb, pb := lw.logFiles(b, "shop-api")
	if fa == fb || pa == pb {
		t.Fatalf("pods share files: %s %s", fa, fb)
	}
	la, lb := readLines(t, fa), readLines(t, fb)
	if len(la) <= 400 || len(lb) <= 400 {
		t.Fatalf("want the backfill plus appended lines, got %d and %d", len(la), len(lb))
	}
	seen := map[string]bool{}
	for _, l := range la {
		if !criRE.MatchString(l) {
			t.Fatalf("not a CRI line: %q", l)
		}
		seen[l] = true
	}
	for _, l := range lb {
		if seen[l] {
			t.Fatalf("line in both pods' logs: %q", l)
		}
	}
	// Each pod's previous run ends with its own out-of-memory crash.
	prevA, prevB := readLines(t, pa), readLines(t, pb)
	for _, prev := range [][]string{prevA, prevB} {
		if last := prev[len(prev)-1]; !strings.Contains(last, "out of memory") || !criRE.MatchString(last) {
			t.Fatalf("previous log does not end with the crash: %q", last)
		}
	}
	if prevA[0] == prevB[0] {
		t.Fatalf("previous logs start alike: %q", prevA[0])
	}
}

func TestSyncRemovesFilesOfDeletedPodsAndTheSharedFiles(t *testing.T) {
	dir := t.TempDir()
	lw := newLogWriter(dir)
	for _, old := range []string{"shop-api.log", "shop-api.previous.log", "_default.log", "_default.log.tmp"} {
		if err := os.WriteFile(filepath.Join(dir, old), []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	a, b := apiPod("a", "uid-a", "Running"), apiPod("b", "uid-b", "Running")
	done := apiPod("job", "uid-job", "Running")
	now := time.Now()
	lw.sync([]podInfo{a, b, done}, now)
	done.Phase = "Succeeded"
	lw.sync([]podInfo{a, done}, now) // b deleted, the Job pod finished
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{podDir(a), podDir(done)}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("left %v, want %v", names, want)
	}
	// A deleted pod's file does not come back from a late append.
	lw.append(simulated([]podInfo{a, b}, now), time.Second, now)
	if _, err := os.Stat(filepath.Join(dir, podDir(b))); !os.IsNotExist(err) {
		t.Fatalf("deleted pod's directory is back: %v", err)
	}
}

func TestAppendTrimsAFileOverTheCap(t *testing.T) {
	lw := newLogWriter(t.TempDir())
	lw.maxSize = 64 << 10
	a := apiPod("a", "uid-a", "Running")
	now := time.Now()
	lw.sync([]podInfo{a}, now)
	path, _ := lw.logFiles(a, "shop-api")
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	line := criLine(now, "stdout", strings.Repeat("x", 200))
	for i := 0; i < 6000; i++ {
		_, _ = f.WriteString(line)
	}
	_ = f.Close()
	lw.append(simulated([]podInfo{a}, now), time.Second, now)
	if n := len(readLines(t, path)); n != 5000 {
		t.Fatalf("kept %d lines, want the newest 5000", n)
	}
}

func TestLogsObjectPointsAtThePodsFilesAndIsOwnedByIt(t *testing.T) {
	lw := newLogWriter("/state/podlogs")
	p := apiPod("shop-api-7d9-a", "uid-a", "Running")
	p.Containers = append(p.Containers, containerInfo{Name: "proxy", Image: "envoy:1"})
	b, err := json.Marshal(lw.logsObject(p))
	if err != nil {
		t.Fatal(err)
	}
	var obj struct {
		Kind     string
		Metadata struct {
			Name, Namespace string
			OwnerReferences []struct{ APIVersion, Kind, Name, UID string }
		}
		Spec struct {
			Logs []struct {
				Containers       []string
				LogsFile         string
				PreviousLogsFile string
				Follow           bool
			}
		}
	}
	if err := json.Unmarshal(b, &obj); err != nil {
		t.Fatal(err)
	}
	if obj.Kind != "Logs" || obj.Metadata.Name != p.Name || obj.Metadata.Namespace != p.Namespace {
		t.Fatalf("wrong object: %s", b)
	}
	if o := obj.Metadata.OwnerReferences; len(o) != 1 || o[0].Kind != "Pod" || o[0].UID != "uid-a" || o[0].APIVersion != "v1" {
		t.Fatalf("owner: %+v", o)
	}
	if len(obj.Spec.Logs) != 2 {
		t.Fatalf("want one entry per container: %s", b)
	}
	for i, c := range []string{"shop-api", "proxy"} {
		l := obj.Spec.Logs[i]
		cur, prev := lw.logFiles(p, c)
		if len(l.Containers) != 1 || l.Containers[0] != c || l.LogsFile != cur || l.PreviousLogsFile != prev || !l.Follow {
			t.Fatalf("entry %d: %+v", i, l)
		}
	}
	if want := "/state/podlogs/storefront_shop-api-7d9-a_uid-a/proxy.log"; obj.Spec.Logs[1].LogsFile != want {
		t.Fatalf("file %s, want %s", obj.Spec.Logs[1].LogsFile, want)
	}
}
