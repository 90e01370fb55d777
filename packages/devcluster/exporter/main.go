// Command devcluster-exporter simulates what the fake (kwok) pods of a dev
// cluster would emit: Prometheus series per running container (cAdvisor- and
// kube-state-metrics-style names plus HTTP RED metrics) and application logs
// in per-pod files that kwok serves through `kubectl logs` (one kwok Logs object
// per pod, see kwoklogs.go).
//
// It watches nothing but the list of pods, so whatever the portal deploys gets
// metrics and logs too. A Job's pods get a batch task's log and, when their
// template asks for "the first N pods fail", their attempt number (jobs.go).
package main

import (
	"flag"
	"log"
	"net/http"
	"os"
	"time"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "backfill" { // the demo's past, see backfill.go
		if err := runBackfill(os.Args[2:]); err != nil {
			log.Fatalf("backfill: %v", err)
		}
		return
	}
	var (
		cluster  = flag.String("cluster", "dev", "cluster name (label on the self-metric)")
		server   = flag.String("apiserver", "https://127.0.0.1:16043", "kube-apiserver URL")
		ca       = flag.String("ca", "", "CA bundle for the apiserver")
		cert     = flag.String("cert", "", "client certificate")
		key      = flag.String("key", "", "client key")
		listen   = flag.String("listen", "127.0.0.1:16091", "address for /metrics")
		logsDir  = flag.String("logs-dir", "", "directory of CRI log files served by kwok, one subdirectory per pod (empty: no logs)")
		interval = flag.Duration("interval", 5*time.Second, "simulation step and pod refresh period")
		apps     = flag.String("releases", "", "seed/apps.tsv: the demo's bad releases, bad by their image (empty: none)")
	)
	flag.Parse()

	releases, err := loadReleases(*apps)
	if err != nil {
		log.Fatalf("releases: %v", err)
	}

	api, err := newAPIClient(*server, *ca, *cert, *key)
	if err != nil {
		log.Fatalf("apiserver client: %v", err)
	}
	sim := newSimulator()
	sim.releases = releases
	var lw *logWriter
	var objects *logsSync
	if *logsDir != "" {
		if err := os.MkdirAll(*logsDir, 0o755); err != nil {
			log.Fatal(err)
		}
		lw = newLogWriter(*logsDir)
		lw.releases = releases
		objects = &logsSync{api: api, lw: lw, applied: map[string]string{}, failed: map[string]bool{}}
	}

	attemptsOf := &attemptMarker{api: api, marked: map[string]bool{}}
	go func() {
		var pods []podInfo
		last := time.Now()
		nextTick := time.Time{}
		// Pods are listed and logs appended every second (so a new pod has its log
		// within a second and `logs -f` flows); metrics advance every interval.
		for now := range time.Tick(time.Second) {
			listed := false
			if p, err := api.pods(); err != nil {
				log.Printf("listing pods: %v", err)
			} else {
				pods, listed = p, true
				attemptsOf.run(pods)
			}
			tick := now.After(nextTick)
			if tick {
				sim.tick(running(pods), now.Sub(last).Seconds(), now)
				last = now
				nextTick = now.Add(*interval - 500*time.Millisecond)
			}
			if lw != nil {
				// Only a fresh list may delete files: a failed one says nothing about pods.
				if listed {
					lw.sync(pods, now)
					objects.run(pods, tick)
				}
				lw.append(sim.snapshot(), time.Second, now)
			}
		}
	}()

	mux := http.NewServeMux()
	mux.HandleFunc("/metrics", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		sim.write(w, *cluster)
	})
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	log.Printf("devcluster-exporter for %s listening on %s", *cluster, *listen)
	srv := &http.Server{Addr: *listen, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}
