// Command devcluster-exporter simulates what the fake (kwok) pods of a dev
// cluster would emit: Prometheus series per running container (cAdvisor- and
// kube-state-metrics-style names plus HTTP RED metrics) and application logs
// in the files kwok serves through `kubectl logs`.
//
// It watches nothing but the list of Running pods, so whatever the portal
// deploys gets metrics and logs too.
package main

import (
	"flag"
	"log"
	"net/http"
	"os"
	"strings"
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
		logsDir  = flag.String("logs-dir", "", "directory of CRI log files served by kwok (empty: no logs)")
		known    = flag.String("log-containers", "", "comma-separated container names that have their own log file")
		interval = flag.Duration("interval", 5*time.Second, "simulation step and pod refresh period")
	)
	flag.Parse()

	api, err := newAPIClient(*server, *ca, *cert, *key)
	if err != nil {
		log.Fatalf("apiserver client: %v", err)
	}
	sim := newSimulator()
	var lw *logWriter
	if *logsDir != "" {
		if err := os.MkdirAll(*logsDir, 0o755); err != nil {
			log.Fatal(err)
		}
		lw = newLogWriter(*logsDir, strings.Split(*known, ","))
	}

	go func() {
		var pods []podInfo
		last := time.Now()
		nextList := time.Time{}
		// Logs are appended every second (so `logs -f` flows); pods are listed and
		// metrics advanced every interval.
		for now := range time.Tick(time.Second) {
			if now.After(nextList) {
				p, err := api.runningPods()
				if err != nil {
					log.Printf("listing pods: %v", err)
				} else {
					pods = p
				}
				sim.tick(pods, now.Sub(last).Seconds(), now)
				last = now
				nextList = now.Add(*interval - 500*time.Millisecond)
			}
			if lw != nil {
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
