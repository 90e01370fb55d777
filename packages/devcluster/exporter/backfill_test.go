package main

import (
	"bufio"
	"bytes"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var seededAt = time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC)

func meta(name, uid, owner string, created time.Time) objectMeta {
	m := objectMeta{Namespace: "storefront", Name: name, UID: uid, CreationTimestamp: created}
	if owner != "" {
		m.OwnerReferences = append(m.OwnerReferences, struct {
			UID        string `json:"uid"`
			Controller bool   `json:"controller"`
		}{UID: owner, Controller: true})
	}
	return m
}

func replicaSet(hash string, created time.Time, version string, bad bool) workloadObject {
	rs := workloadObject{Metadata: meta("shop-api-"+hash, "rs-"+hash, "deploy", created)}
	rs.Spec.Template.Metadata.Annotations = map[string]string{annProfile: "api"}
	if bad {
		rs.Spec.Template.Metadata.Annotations[annErrorRate] = "0.06"
		rs.Spec.Template.Metadata.Annotations[annLatency] = "140"
	}
	rs.Spec.Template.Spec.Containers = []containerInfo{{Name: "shop-api", Image: "registry.paasport.dev/shop/api:" + version}}
	return rs
}

// demoObjects: shop-api backdated into three releases, 1.2.0 the bad one,
// with one Running pod of the current revision; and a Deployment a test made
// (no marker), which has no past to import.
func demoObjects() clusterObjects {
	two := 2
	d := workloadObject{Metadata: meta("shop-api", "deploy", "", seededAt.Add(-144*time.Hour))}
	d.Metadata.Annotations = map[string]string{backdatedAnnotation: seededAt.Format(time.RFC3339)}
	d.Spec.Replicas = &two
	current := replicaSet("c3", seededAt.Add(-20*time.Hour), "1.2.0", true)
	pod := workloadObject{Metadata: meta("shop-api-c3-live1", "pod-uid", current.Metadata.UID, seededAt.Add(-20*time.Hour))}
	pod.Metadata.Annotations = current.Spec.Template.Metadata.Annotations
	pod.Spec.Containers = current.Spec.Template.Spec.Containers
	pod.Status.Phase = "Running"
	other := workloadObject{Metadata: meta("echo", "echo", "", seededAt.Add(-time.Hour))}
	return clusterObjects{
		deployments: []workloadObject{other, d},
		replicaSets: []workloadObject{
			current,
			replicaSet("a1", seededAt.Add(-144*time.Hour), "1.0.0", false),
			replicaSet("b2", seededAt.Add(-72*time.Hour), "1.1.0", false),
			{Metadata: meta("echo-x", "echo-x", "echo", seededAt.Add(-time.Hour))},
		},
		pods: []workloadObject{pod},
	}
}

func TestSpansFollowTheReleases(t *testing.T) {
	spans := demoObjects().spans(seededAt)
	if len(spans) != 3 {
		t.Fatalf("%d spans, want one per shop-api revision", len(spans))
	}
	want := []struct {
		from, to time.Duration
		pods     int
	}{{-144 * time.Hour, -72 * time.Hour, 2}, {-72 * time.Hour, -20 * time.Hour, 2}, {-20 * time.Hour, 0, 1}}
	for i, w := range want {
		sp := spans[i]
		if !sp.from.Equal(seededAt.Add(w.from)) || !sp.to.Equal(seededAt.Add(w.to)) || len(sp.pods) != w.pods {
			t.Errorf("span %d: %s..%s with %d pods", i, sp.from, sp.to, len(sp.pods))
		}
	}
	// Earlier revisions' pods are named as the ReplicaSet names its pods.
	podName := regexp.MustCompile(`^shop-api-a1-[bcdfghjklmnpqrstvwxz2456789]{5}$`)
	if !podName.MatchString(spans[0].pods[0].Name) || spans[0].pods[0].Name == spans[0].pods[1].Name {
		t.Errorf("pods of 1.0.0: %s, %s", spans[0].pods[0].Name, spans[0].pods[1].Name)
	}
	// The current revision's history belongs to the live pod.
	if spans[2].pods[0].Name != "shop-api-c3-live1" {
		t.Errorf("current revision's pod %s", spans[2].pods[0].Name)
	}
}

// parse reads the OpenMetrics back: samples per series, in file order.
func parse(t *testing.T, om []byte) map[string][][2]float64 {
	t.Helper()
	out := map[string][][2]float64{}
	families := map[string]bool{}
	lastFamily := ""
	sc := bufio.NewScanner(bytes.NewReader(om))
	var line string
	for sc.Scan() {
		line = sc.Text()
		if strings.HasPrefix(line, "# TYPE ") {
			name := strings.Fields(line)[2]
			if families[name] {
				t.Fatalf("family %s appears twice", name)
			}
			families[name], lastFamily = true, name
			continue
		}
		if strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndex(line, "} ")
		if !strings.HasPrefix(line, lastFamily) {
			t.Fatalf("sample outside its family %s: %s", lastFamily, line)
		}
		f := strings.Fields(line[i+2:])
		v, err1 := strconv.ParseFloat(f[0], 64)
		ts, err2 := strconv.ParseFloat(f[1], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("bad sample %q", line)
		}
		out[line[:i+1]] = append(out[line[:i+1]], [2]float64{ts, v})
	}
	if line != "# EOF" {
		t.Fatalf("last line %q, want # EOF", line)
	}
	return out
}

func TestHistoryShowsTheBadRelease(t *testing.T) {
	h := newHistory(`,cluster="dev",instance="127.0.0.1:16091",job="workloads"`)
	sampling := schedule{start: seededAt.Add(-7 * 24 * time.Hour), end: seededAt, step: time.Minute,
		fine: 5 * time.Second, fineFrom: seededAt.Add(-time.Hour)}
	replay(demoObjects().spans(seededAt), sampling, newSeededSimulator(1), h)
	var buf bytes.Buffer
	if err := h.writeOpenMetrics(&buf); err != nil {
		t.Fatal(err)
	}
	series := parse(t, buf.Bytes())
	if len(series) != len(h.series) {
		t.Fatalf("%d series written, %d recorded", len(series), len(h.series))
	}

	// Counters never go down within a pod, samples are a minute apart (5 s,
	// the live scrape interval, in the last hour) and strictly before the end
	// (the first live sample).
	fineFrom := float64(sampling.fineFrom.Unix())
	for name, samples := range series {
		counter := strings.Contains(name, "_total{") || strings.Contains(name, "_bucket{") || strings.Contains(name, "_count{")
		for i := 1; i < len(samples); i++ {
			gap := samples[i][0] - samples[i-1][0]
			if (samples[i-1][0] < fineFrom && gap != 60) || (samples[i-1][0] >= fineFrom && gap != 5) {
				t.Fatalf("%s: samples at %v and %v", name, samples[i-1][0], samples[i][0])
			}
			if counter && samples[i][1] < samples[i-1][1] {
				t.Fatalf("%s goes down at %v", name, samples[i][0])
			}
		}
		if last := samples[len(samples)-1][0]; last >= float64(seededAt.Unix()) {
			t.Fatalf("%s has a sample at the end or later", name)
		}
		if !strings.Contains(name, `cluster="dev"`) || !strings.Contains(name, `job="workloads"`) {
			t.Fatalf("%s lacks the scrape target's labels", name)
		}
	}

	// 5xx ratio and p95 of each revision, from its pods' final counters.
	ratio := func(rs string) float64 {
		var errs, all float64
		for name, samples := range series {
			if strings.HasPrefix(name, "http_requests_total{") && strings.Contains(name, `pod="shop-api-`+rs) {
				v := samples[len(samples)-1][1]
				all += v
				if strings.Contains(name, `code="5`) {
					errs += v
				}
			}
		}
		return errs / all
	}
	if r := ratio("b2"); r > 0.01 {
		t.Errorf("1.1.0's 5xx ratio %.4f, want under 1 %%", r)
	}
	if r := ratio("c3"); math.Abs(r-0.06) > 0.005 {
		t.Errorf("1.2.0's 5xx ratio %.4f, want about 6 %%", r)
	}
	p95 := func(pod string) float64 {
		var count float64
		cum := map[string]float64{}
		for name, samples := range series {
			if strings.HasPrefix(name, "http_request_duration_seconds_bucket{") && strings.Contains(name, `pod="`+pod) {
				le := regexp.MustCompile(`le="([^"]+)"`).FindStringSubmatch(name)[1]
				cum[le] += samples[len(samples)-1][1]
				if le == "+Inf" {
					count += samples[len(samples)-1][1]
				}
			}
		}
		for _, le := range buckets {
			if cum[strconv.FormatFloat(le, 'g', -1, 64)] >= 0.95*count {
				return le
			}
		}
		return math.Inf(1)
	}
	if p := p95("shop-api-b2"); p > 0.25 {
		t.Errorf("1.1.0's p95 in bucket %v, want at most 250 ms", p)
	}
	if p := p95("shop-api-c3"); p < 0.5 {
		t.Errorf("1.2.0's p95 in bucket %v, want 500 ms or more", p)
	}

	// Six days of history: the first release's pods start then.
	first := math.Inf(1)
	for _, samples := range series {
		first = math.Min(first, samples[0][0])
	}
	if want := float64(seededAt.Add(-144*time.Hour).Unix()) + 60; first != want {
		t.Errorf("history starts at %v, want %v", first, want)
	}
}

func TestLoadHasADailyCycleAndAFloor(t *testing.T) {
	var sum, lo, hi float64 = 0, math.Inf(1), 0
	n := 0
	for t0 := seededAt; t0.Before(seededAt.Add(24 * time.Hour)); t0 = t0.Add(time.Minute) {
		l := loadAt(t0)
		sum += l
		lo, hi = math.Min(lo, l), math.Max(hi, l)
		n++
	}
	if mean := sum / float64(n); math.Abs(mean-1) > 0.01 || lo < 0.35 || hi > 1.65 {
		t.Fatalf("load over a day: mean %.3f, min %.3f, max %.3f", mean, lo, hi)
	}
	// Afternoon busier than night, averaged over an hour (the fast cycles cancel).
	hour := func(h int) float64 {
		s := 0.0
		for m := 0; m < 60; m++ {
			s += loadAt(time.Date(2026, 5, 10, h, m, 0, 0, time.UTC))
		}
		return s / 60
	}
	if hour(15) < 1.25 || hour(3) > 0.75 {
		t.Fatalf("15:00 UTC load %.2f, 03:00 UTC load %.2f", hour(15), hour(3))
	}
}

func TestRenderLabels(t *testing.T) {
	got, err := renderLabels("job=workloads,cluster=dev")
	if err != nil || got != `,cluster="dev",job="workloads"` {
		t.Fatalf("%q, %v", got, err)
	}
	if _, err := renderLabels("job"); err == nil {
		t.Fatal("a label without a value was accepted")
	}
}
