package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"log"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// logWriter appends container output to the files kwok serves as pod logs,
// one directory per pod (<namespace>_<pod>_<uid>/<container>.log, as the
// kubelet lays out /var/log/pods), so every pod has lines of its own. kwok
// finds a pod's files through a `Logs` object of the same name (kwoklogs.go).
// kwok reads them with the kubelet's CRI log reader, so every line is in CRI
// format ("<RFC3339Nano> <stream> F <text>") and `kubectl logs -f` wakes up on
// each append (the reader watches the file with inotify).
type logWriter struct {
	dir      string
	rnd      *rand.Rand
	maxSize  int64
	dirs     map[string]string // "<namespace>/<pod>" -> directory of a Running pod
	releases releaseTunings    // as the simulator's, so a backfilled log errs as its metrics do
}

func newLogWriter(dir string) *logWriter {
	return &logWriter{dir: dir, rnd: rand.New(rand.NewSource(time.Now().UnixNano())), maxSize: 4 << 20, dirs: map[string]string{}}
}

// podDir is the pod's directory name; the UID keeps a pod recreated under the
// same name (a StatefulSet's) from inheriting its predecessor's lines.
func podDir(p podInfo) string { return p.Namespace + "_" + p.Name + "_" + p.UID }

// logFiles are the files kwok reads for one container of a pod.
func (lw *logWriter) logFiles(p podInfo, container string) (current, previous string) {
	d := filepath.Join(lw.dir, podDir(p))
	return filepath.Join(d, container+".log"), filepath.Join(d, container+".previous.log")
}

// sync gives every Running pod its files (with backfilled history; a Job's pod
// gets a batch task's log instead, also once it ended) and removes what
// belongs to pods that no longer exist. pods is every pod of the cluster
// (any phase): a finished Job pod keeps its log until it is deleted.
func (lw *logWriter) sync(pods []podInfo, now time.Time) {
	keep := map[string]bool{}
	dirs := map[string]string{}
	for _, p := range pods {
		keep[podDir(p)] = true
		if p.JobUID != "" && hasLog(p) {
			// A batch task's own log (jobs.go), not a service's traffic.
			for _, c := range p.Containers {
				if err := lw.jobLog(p, c, now); err != nil {
					log.Printf("logs of %s/%s: %v", p.Namespace, p.Name, err)
				}
			}
			continue
		}
		if p.Phase != "Running" {
			continue
		}
		dirs[p.Namespace+"/"+p.Name] = podDir(p)
		for _, c := range p.Containers {
			if err := lw.backfill(p, c.Name, *newSeries(p, c, lw.releases), now); err != nil {
				log.Printf("logs of %s/%s: %v", p.Namespace, p.Name, err)
			}
		}
	}
	lw.dirs = dirs
	entries, err := os.ReadDir(lw.dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		// Directories of deleted pods, and the per-container files that every pod
		// shared before logs were per pod.
		if (e.IsDir() && !keep[e.Name()]) || (!e.IsDir() && strings.Contains(e.Name(), ".log")) {
			_ = os.RemoveAll(filepath.Join(lw.dir, e.Name()))
		}
	}
}

// line is one log record; JSON for services (what log pipelines expect today),
// plain text for the database, like mysqld's error log.
func (lw *logWriter) line(sr series, at time.Time) (stream, text string) {
	r := lw.rnd
	switch sr.profile {
	case "web", "api":
		paths := []string{"/", "/healthz", "/api/v1/products", "/api/v1/cart", "/api/v1/orders", "/api/v1/checkout", "/static/app.js"}
		if strings.HasPrefix(sr.container, "payments") {
			paths = []string{"/v1/payments", "/v1/payments/authorize", "/v1/refunds", "/v1/ledger/entries", "/healthz"}
		}
		status := 200
		switch x := r.Float64(); {
		case x < sr.errRate:
			status = 500
		case x < sr.errRate+0.03:
			status = 404
		case sr.profile == "web" && x < 0.15:
			status = 304
		}
		methods := []string{"GET", "GET", "GET", "POST"}
		rec := map[string]any{
			"ts": at.UTC().Format(time.RFC3339Nano), "level": "info", "msg": "request completed",
			"method": methods[r.Intn(len(methods))], "path": paths[r.Intn(len(paths))], "status": status,
			"duration_ms": float64(int(sr.latencyMS*(0.4+r.ExpFloat64())*10)) / 10,
			"bytes":       200 + r.Intn(9000), "remote_addr": fmt.Sprintf("10.%d.%d.%d", 64+r.Intn(3), r.Intn(255), 1+r.Intn(254)),
			"trace_id": fmt.Sprintf("%016x%016x", r.Uint64(), r.Uint64()), "version": imageTag(sr.image),
		}
		if status >= 500 {
			rec["level"] = "error"
			rec["msg"] = "request failed"
			rec["error"] = []string{"upstream timeout after 2s", "connection reset by peer", "context deadline exceeded"}[r.Intn(3)]
			b, _ := json.Marshal(rec)
			return "stderr", string(b)
		}
		b, _ := json.Marshal(rec)
		return "stdout", string(b)
	case "db":
		msgs := []string{
			"[Note] [MY-010914] [Server] Aborted connection to db: 'ledger' user: 'app' host: '10.64.1.12' (Got timeout reading communication packets).",
			"[Note] [MY-013172] [InnoDB] Checkpoint age 12%, flushing 128 pages.",
			"[Note] [MY-011953] [InnoDB] Page cleaner took 1203ms to flush 2000 pages.",
			"[Note] [MY-010051] [Server] Event Scheduler: scheduler thread started with id 5",
		}
		return "stdout", at.UTC().Format("2006-01-02T15:04:05.000000Z") + " 0 " + msgs[r.Intn(len(msgs))]
	default:
		queues := []string{"orders", "emails", "invoices", "search-index"}
		if strings.HasPrefix(sr.container, "payments") {
			queues = []string{"settlements", "ledger-postings", "payouts"}
		}
		rec := map[string]any{
			"ts": at.UTC().Format(time.RFC3339Nano), "level": "info", "msg": "job processed",
			"queue": queues[r.Intn(len(queues))], "job_id": r.Int63n(1 << 40), "attempt": 1,
			"duration_ms": 5 + r.Intn(900), "version": imageTag(sr.image),
		}
		if r.Float64() < 0.02 {
			rec["level"] = "warn"
			rec["msg"] = "job retried"
			rec["attempt"] = 2
		}
		b, _ := json.Marshal(rec)
		return "stdout", string(b)
	}
}

func imageTag(image string) string {
	if i := strings.LastIndex(image, ":"); i >= 0 && !strings.Contains(image[i:], "/") {
		return image[i+1:]
	}
	return "latest"
}

func criLine(at time.Time, stream, text string) string {
	return at.UTC().Format(time.RFC3339Nano) + " " + stream + " F " + text + "\n"
}

// backfill gives a fresh file half an hour of history, so logs are there the
// moment a pod is Running and --since/--tail have something to cut, and a
// previous run that ended in an out-of-memory crash (what `--previous` shows).
func (lw *logWriter) backfill(p podInfo, container string, sr series, now time.Time) error {
	path, prev := lw.logFiles(p, container)
	if st, err := os.Stat(path); err == nil && st.Size() > 0 {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	var b strings.Builder
	for i := 400; i > 0; i-- {
		at := now.Add(-time.Duration(i) * 4500 * time.Millisecond)
		stream, text := lw.line(sr, at)
		b.WriteString(criLine(at, stream, text))
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return err
	}
	if _, err := os.Stat(prev); err != nil {
		var p strings.Builder
		// Each pod crashed at its own moment, up to an hour apart.
		start := now.Add(-3*time.Hour - time.Duration(lw.rnd.Intn(3600))*time.Second)
		for i := 0; i < 40; i++ {
			at := start.Add(time.Duration(i) * 3 * time.Second)
			stream, text := lw.line(sr, at)
			p.WriteString(criLine(at, stream, text))
		}
		end := start.Add(2 * time.Minute)
		crash := fmt.Sprintf(`{"level":"fatal","msg":"out of memory: heap limit reached","heap_mb":512,"rss_mb":%d}`, 520+lw.rnd.Intn(60))
		p.WriteString(criLine(end, "stderr", crash))
		return os.WriteFile(prev, []byte(p.String()), 0o644)
	}
	return nil
}

// append writes the lines each Running container produced since the last call
// to its pod's file, and trims files that grew past maxSize.
func (lw *logWriter) append(all []series, dt time.Duration, now time.Time) {
	for _, sr := range all {
		d, ok := lw.dirs[sr.ns+"/"+sr.pod]
		if !ok {
			continue // not synced yet: no Logs object points here either
		}
		// Roughly 1-3 lines a second per container: readable when following, small on disk.
		n := 1 + lw.rnd.Intn(int(2*dt.Seconds())+1)
		var b strings.Builder
		for i := 0; i < n; i++ {
			at := now.Add(-dt + time.Duration(i+1)*dt/time.Duration(n+1))
			stream, text := lw.line(sr, at)
			b.WriteString(criLine(at, stream, text))
		}
		path := filepath.Join(lw.dir, d, sr.container+".log")
		// No O_CREATE: a pod deleted since the last sync must not get its file back.
		f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			continue
		}
		_, _ = f.WriteString(b.String())
		st, _ := f.Stat()
		_ = f.Close()
		if st != nil && st.Size() > lw.maxSize {
			lw.trim(path)
		}
	}
}

// trim keeps the newest lines; it replaces the file by rename, which the CRI
// log reader follows (it reopens on a rename/create event).
func (lw *logWriter) trim(path string) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	_ = f.Close()
	if len(lines) > 5000 {
		lines = lines[len(lines)-5000:]
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err == nil {
		_ = os.Rename(tmp, path)
	}
}
