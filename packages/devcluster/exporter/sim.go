package main

import (
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Annotations on the pod (template) that tune the simulation, so a test or a
// demo can make any pod visibly worse without any code change. They win over
// the tuning of the pod's image (releases.go).
const (
	annProfile   = "devcluster.paasport.io/profile"    // web | api | worker | db
	annErrorRate = "devcluster.paasport.io/error-rate" // fraction of 5xx, e.g. "0.06"
	annLatency   = "devcluster.paasport.io/latency-ms" // median latency in ms
)

// Latency buckets in seconds: the client_golang defaults, which is what most
// real services expose and what dashboards expect.
var buckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type profile struct {
	rps       float64 // requests/s per pod at the average of the daily wave
	latencyMS float64 // median
	cpu       float64 // cores used at average load
	memMiB    float64
	restartP  float64 // probability of a restart per second
}

// Restarts are rare (about one per pod every one to five days), so that a
// week-long chart shows single events rather than a pod that keeps crashing.
var profiles = map[string]profile{
	"web":    {rps: 14, latencyMS: 22, cpu: 0.08, memMiB: 180, restartP: 0.000004},
	"api":    {rps: 30, latencyMS: 45, cpu: 0.22, memMiB: 320, restartP: 0.000006},
	"worker": {rps: 0, cpu: 0.15, memMiB: 260, restartP: 0.000012},
	"db":     {rps: 0, cpu: 0.30, memMiB: 1100, restartP: 0.0000025},
}

// profileOf: explicit annotation first, then the conventional name suffix.
func profileOf(p podInfo, container string) string {
	if v := p.Annotations[annProfile]; v != "" {
		if _, ok := profiles[v]; ok {
			return v
		}
	}
	switch {
	case strings.HasSuffix(container, "-web") || strings.Contains(container, "frontend"):
		return "web"
	case strings.HasSuffix(container, "-api"):
		return "api"
	case strings.HasSuffix(container, "-db") || strings.Contains(container, "mysql") || strings.Contains(container, "redis"):
		return "db"
	}
	return "worker"
}

type series struct {
	ns, pod, container, image, profile string
	errRate, latencyMS                 float64
	personality                        float64 // per-pod constant 0.8..1.2: pods are not identical
	cpuSeconds, memBytes               float64
	restarts                           int
	codes                              map[string]float64
	bucketCounts                       []float64
	durSum, durCount                   float64
}

type simulator struct {
	mu       sync.Mutex
	series   map[string]*series // ns/pod/container
	rnd      *rand.Rand
	start    time.Time
	releases releaseTunings // the demo's bad releases by image (nil: none)
}

func newSimulator() *simulator {
	return newSeededSimulator(time.Now().UnixNano())
}

// newSeededSimulator: the same seed gives the same numbers (the history import
// and the tests use it).
func newSeededSimulator(seed int64) *simulator {
	return &simulator{series: map[string]*series{}, rnd: rand.New(rand.NewSource(seed)), start: time.Now()}
}

func hashUnit(s string) float64 {
	h := fnv.New32a()
	_, _ = h.Write([]byte(s))
	return float64(h.Sum32()%1000) / 1000
}

// loadAt is the load shape, a function of the wall clock alone so that the
// imported history (backfill.go) and the live simulation are one curve: a
// day/night cycle peaking at 15:00 UTC (what a week-long chart shows), with an
// hourly and a 10-minute cycle on top (so a demo moves within minutes). It
// averages 1 and never drops below 35 %.
func loadAt(t time.Time) float64 {
	x := float64(t.Unix())
	return 1 + 0.35*math.Sin(2*math.Pi*(x-9*3600)/86400) + 0.1*math.Sin(2*math.Pi*x/3600) + 0.2*math.Sin(2*math.Pi*x/600)
}

// tick advances every running container by dt and forgets pods that are gone.
func (s *simulator) tick(pods []podInfo, dt float64, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := map[string]bool{}
	load := loadAt(now)
	for _, p := range pods {
		for _, c := range p.Containers {
			key := p.Namespace + "/" + p.Name + "/" + c.Name
			seen[key] = true
			sr := s.series[key]
			if sr == nil {
				sr = newSeries(p, c, s.releases)
				s.series[key] = sr
			}
			s.advance(sr, dt, load)
		}
	}
	for k := range s.series {
		if !seen[k] {
			delete(s.series, k)
		}
	}
}

// newSeries is a container's simulation at its start; the log writer also uses it
// for the backfilled history of a pod the simulator has not seen yet. Error
// rate and latency: the profile's, then its image's tuning (rel), then the
// pod's annotations.
func newSeries(p podInfo, c containerInfo, rel releaseTunings) *series {
	prof := profileOf(p, c.Name)
	pr := profiles[prof]
	sr := &series{ns: p.Namespace, pod: p.Name, container: c.Name, image: c.Image, profile: prof,
		errRate: 0.004, latencyMS: pr.latencyMS, personality: 0.8 + 0.4*hashUnit(p.UID+c.Name),
		codes: map[string]float64{}, bucketCounts: make([]float64, len(buckets))}
	if t, ok := rel[c.Image]; ok {
		sr.errRate, sr.latencyMS = t.errRate, t.latencyMS
	}
	if v, err := strconv.ParseFloat(p.Annotations[annErrorRate], 64); err == nil && v >= 0 && v < 1 {
		sr.errRate = v
	}
	if v, err := strconv.ParseFloat(p.Annotations[annLatency], 64); err == nil && v > 0 {
		sr.latencyMS = v
	}
	sr.memBytes = pr.memMiB * 0.7 * sr.personality * 1024 * 1024
	return sr
}

func (s *simulator) advance(sr *series, dt, load float64) {
	pr := profiles[sr.profile]
	noise := 1 + 0.15*(s.rnd.Float64()-0.5)
	sr.cpuSeconds += pr.cpu * sr.personality * load * noise * dt
	// Memory creeps up towards ~1.2x its base (caches warming) with jitter, at
	// the same pace per second whatever the step (5 s live, a minute in the history).
	target := pr.memMiB * 1024 * 1024 * sr.personality * (1 + 0.2*math.Min(1, load))
	sr.memBytes += (target-sr.memBytes)*(1-math.Exp(-dt/100)) + (s.rnd.Float64()-0.5)*2*1024*1024
	if s.rnd.Float64() < pr.restartP*dt {
		sr.restarts++
		sr.memBytes = pr.memMiB * 0.6 * 1024 * 1024
	}
	if pr.rps == 0 {
		return
	}
	n := pr.rps * sr.personality * load * noise * dt
	errs := n * sr.errRate
	ok := n - errs
	if sr.profile == "web" {
		sr.codes["200"] += ok * 0.86
		sr.codes["304"] += ok * 0.11
		sr.codes["404"] += ok * 0.03
	} else {
		sr.codes["200"] += ok * 0.91
		sr.codes["201"] += ok * 0.06
		sr.codes["400"] += ok * 0.02
		sr.codes["404"] += ok * 0.01
	}
	sr.codes["500"] += errs * 0.8
	sr.codes["503"] += errs * 0.2
	// Latencies are log-normal; bucket counts follow its CDF, so no per-request
	// sampling is needed. Load pushes the median up a little, as queues do.
	const sigma = 0.65
	median := sr.latencyMS / 1000 * (0.85 + 0.3*load)
	for i, le := range buckets {
		sr.bucketCounts[i] += n * 0.5 * (1 + math.Erf((math.Log(le)-math.Log(median))/(sigma*math.Sqrt2)))
	}
	sr.durCount += n
	sr.durSum += n * median * math.Exp(sigma*sigma/2)
}

// family is one metric family and how a container's state shows in it. The
// live /metrics page and the imported history (backfill.go) both render
// through these, so the two cannot drift apart.
type family struct {
	name, help string
	typ        string // counter | gauge | histogram
	// samples emits each sample of sr: the suffix after the family name, the
	// labels beyond namespace/pod/container (rendered, with a leading comma, or
	// ""), and the value.
	samples func(sr *series, emit func(suffix, labels string, value float64))
}

var families = []family{
	{"container_cpu_usage_seconds_total", "Cumulative cpu time consumed by the container in core-seconds.", "counter",
		func(sr *series, emit func(string, string, float64)) {
			emit("", "", math.Round(sr.cpuSeconds*1e4)/1e4)
		}},
	{"container_memory_working_set_bytes", "Current working set of the container in bytes.", "gauge",
		func(sr *series, emit func(string, string, float64)) { emit("", "", math.Round(sr.memBytes)) }},
	{"kube_pod_container_status_restarts_total", "The number of container restarts per container.", "counter",
		func(sr *series, emit func(string, string, float64)) { emit("", "", float64(sr.restarts)) }},
	{"kube_pod_container_info", "Information about a container in a pod (image ties series to a release).", "gauge",
		func(sr *series, emit func(string, string, float64)) { emit("", fmt.Sprintf(",image=%q", sr.image), 1) }},
	{"http_requests_total", "Total HTTP requests served, by status code.", "counter",
		func(sr *series, emit func(string, string, float64)) {
			codes := make([]string, 0, len(sr.codes))
			for c := range sr.codes {
				codes = append(codes, c)
			}
			sort.Strings(codes)
			for _, c := range codes {
				emit("", fmt.Sprintf(",code=%q", c), math.Floor(sr.codes[c]))
			}
		}},
	{"http_request_duration_seconds", "HTTP request latency.", "histogram",
		func(sr *series, emit func(string, string, float64)) {
			if profiles[sr.profile].rps == 0 {
				return
			}
			for i, le := range buckets {
				emit("_bucket", fmt.Sprintf(",le=%q", strconv.FormatFloat(le, 'g', -1, 64)), math.Floor(sr.bucketCounts[i]))
			}
			emit("_bucket", `,le="+Inf"`, math.Floor(sr.durCount))
			emit("_sum", "", math.Round(sr.durSum*1e3)/1e3)
			emit("_count", "", math.Floor(sr.durCount))
		}},
}

// podLabels are the labels every container sample carries on /metrics.
func podLabels(sr *series) string {
	return fmt.Sprintf(`namespace=%q,pod=%q,container=%q`, sr.ns, sr.pod, sr.container)
}

func formatValue(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// write renders the Prometheus text exposition format.
func (s *simulator) write(w io.Writer, cluster string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]string, 0, len(s.series))
	for k := range s.series {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, f := range families {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", f.name, f.help, f.name, f.typ)
		for _, k := range keys {
			sr := s.series[k]
			f.samples(sr, func(suffix, labels string, v float64) {
				fmt.Fprintf(w, "%s%s{%s%s} %s\n", f.name, suffix, podLabels(sr), labels, formatValue(v))
			})
		}
	}
	fmt.Fprintln(w, "# HELP devcluster_exporter_series Containers currently simulated.")
	fmt.Fprintln(w, "# TYPE devcluster_exporter_series gauge")
	fmt.Fprintf(w, "devcluster_exporter_series{cluster=%q} %d\n", cluster, len(keys))
}

// snapshot returns a copy of every running container, for the log writer.
func (s *simulator) snapshot() []series {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]series, 0, len(s.series))
	for _, sr := range s.series {
		out = append(out, *sr)
	}
	return out
}
