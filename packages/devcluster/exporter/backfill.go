package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"sort"
	"strings"
	"time"
)

// runBackfill is `devcluster-exporter backfill`: the demo's past as
// OpenMetrics, for `promtool tsdb create-blocks-from openmetrics` (see
// lib/prometheus.sh). It replays the live simulation over the release history
// the cluster holds (spans), a sample per step, with the labels Prometheus
// adds when it scrapes the exporter, and stops before the first live sample so
// the two never overlap.
func runBackfill(args []string) error {
	fs := flag.NewFlagSet("backfill", flag.ContinueOnError)
	var (
		server  = fs.String("apiserver", "https://127.0.0.1:16043", "kube-apiserver URL")
		ca      = fs.String("ca", "", "CA bundle for the apiserver")
		cert    = fs.String("cert", "", "client certificate")
		key     = fs.String("key", "", "client key")
		labels  = fs.String("labels", "", "labels Prometheus adds to the exporter's series, as name=value,... (job, instance, cluster)")
		endUnix = fs.Int64("end", 0, "unix seconds: the history ends before this, the first live sample (default: now)")
		length  = fs.Duration("length", 7*24*time.Hour, "how far back from the end")
		step    = fs.Duration("step", time.Minute, "time between samples")
		fine    = fs.Duration("recent-step", 5*time.Second, "time between samples in the last --recent (the live scrape interval)")
		recent  = fs.Duration("recent", time.Hour, "the time before the end sampled every --recent-step, so that short ranges have a rate right after the import")
		out     = fs.String("out", "", "OpenMetrics file to write (nothing is written when there is no history)")
		seed    = fs.Int64("seed", 1, "random seed: the same cluster and seed give the same history")
		apps    = fs.String("releases", "", "seed/apps.tsv: the demo's bad releases, bad by their image (empty: none)")
	)
	if err := fs.Parse(args); err != nil {
		return err
	}
	// Plain lines: lib/prometheus.sh keeps the summary as the import's marker.
	report := log.New(os.Stderr, "backfill: ", 0)
	if *out == "" || *fine < time.Second || *step < *fine || *step%*fine != 0 {
		return fmt.Errorf("--out is required, and --step must be a multiple of --recent-step (at least 1s)")
	}
	extra, err := renderLabels(*labels)
	if err != nil {
		return err
	}
	end := time.Now()
	if *endUnix > 0 {
		end = time.Unix(*endUnix, 0)
	}
	releases, err := loadReleases(*apps)
	if err != nil {
		return err
	}
	api, err := newAPIClient(*server, *ca, *cert, *key)
	if err != nil {
		return err
	}
	objects, err := api.clusterObjects()
	if err != nil {
		return err
	}
	h := newHistory(extra)
	sampling := schedule{start: end.Add(-*length), end: end, step: *step, fine: *fine, fineFrom: end.Add(-*recent).Truncate(*step)}
	sim := newSeededSimulator(*seed)
	sim.releases = releases
	replay(objects.spans(end), sampling, sim, h)
	if h.samples == 0 {
		report.Printf("no backdated workloads with a past before %s, nothing written", end.UTC().Format(time.RFC3339))
		return nil
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := h.writeOpenMetrics(w); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	report.Printf("%d series, %d samples from %s to %s", len(h.series), h.samples,
		h.first.UTC().Format(time.RFC3339), h.last.UTC().Format(time.RFC3339))
	return f.Close()
}

// renderLabels turns "job=workloads,cluster=dev" into `,cluster="dev",job="workloads"`.
func renderLabels(list string) (string, error) {
	if list == "" {
		return "", nil
	}
	pairs := strings.Split(list, ",")
	sort.Strings(pairs)
	var b strings.Builder
	for _, p := range pairs {
		name, value, ok := strings.Cut(p, "=")
		if !ok || name == "" {
			return "", fmt.Errorf("label %q: want name=value", p)
		}
		fmt.Fprintf(&b, ",%s=%q", name, value)
	}
	return b.String(), nil
}

// schedule: when samples are taken. Every step within [start, end), and every
// fine step from fineFrom (a multiple of step) on.
type schedule struct {
	start, end, fineFrom time.Time
	step, fine           time.Duration
}

// first is the first sample time after t.
func (s schedule) first(t time.Time) time.Time {
	if t.Before(s.fineFrom) {
		return t.Truncate(s.step).Add(s.step)
	}
	return t.Truncate(s.fine).Add(s.fine)
}

func (s schedule) next(t time.Time) time.Time {
	if t.Before(s.fineFrom) {
		return t.Add(s.step)
	}
	return t.Add(s.fine)
}

// replay runs every pod of every span through the simulator, from its start
// (counters at zero, as a fresh container's are) to its end.
func replay(spans []span, s schedule, sim *simulator, h *history) {
	for _, sp := range spans {
		from, to := sp.from, sp.to
		if from.Before(s.start) {
			from = s.start
		}
		if to.After(s.end) {
			to = s.end
		}
		for _, p := range sp.pods {
			for _, c := range p.Containers {
				sr := newSeries(p, c, sim.releases)
				last := from
				for t := s.first(from); t.Before(to); t = s.next(t) {
					sim.advance(sr, t.Sub(last).Seconds(), loadAt(t))
					last = t
					h.record(sr, t)
				}
			}
		}
	}
}

// history holds the samples per series until they are written: OpenMetrics
// wants every family in one piece.
type history struct {
	extra       string
	series      map[string]*timeSeries
	samples     int
	first, last time.Time
}

type timeSeries struct {
	family int
	name   string // with labels
	at     []int64
	values []float64
}

func newHistory(extraLabels string) *history {
	return &history{extra: extraLabels, series: map[string]*timeSeries{}}
}

func (h *history) record(sr *series, t time.Time) {
	for i, f := range families {
		f.samples(sr, func(suffix, labels string, v float64) {
			name := f.name + suffix + "{" + podLabels(sr) + labels + h.extra + "}"
			ts := h.series[name]
			if ts == nil {
				ts = &timeSeries{family: i, name: name}
				h.series[name] = ts
			}
			ts.at = append(ts.at, t.Unix())
			ts.values = append(ts.values, v)
			h.samples++
		})
	}
	if h.first.IsZero() || t.Before(h.first) {
		h.first = t
	}
	if t.After(h.last) {
		h.last = t
	}
}

// writeOpenMetrics: families in order, each series' samples in time order,
// timestamps in seconds, `# EOF` at the end.
func (h *history) writeOpenMetrics(w io.Writer) error {
	list := make([]*timeSeries, 0, len(h.series))
	for _, ts := range h.series {
		list = append(list, ts)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].family != list[j].family {
			return list[i].family < list[j].family
		}
		return list[i].name < list[j].name
	})
	current := -1
	for _, ts := range list {
		if ts.family != current {
			current = ts.family
			f := families[current]
			// OpenMetrics names a counter family without its _total suffix.
			name := f.name
			if f.typ == "counter" {
				name = strings.TrimSuffix(name, "_total")
			}
			if _, err := fmt.Fprintf(w, "# TYPE %s %s\n# HELP %s %s\n", name, f.typ, name, f.help); err != nil {
				return err
			}
		}
		for i, at := range ts.at {
			if _, err := fmt.Fprintf(w, "%s %s %d\n", ts.name, formatValue(ts.values[i]), at); err != nil {
				return err
			}
		}
	}
	_, err := io.WriteString(w, "# EOF\n")
	return err
}
