package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// logWriter appends container output to the files kwok serves as pod logs.
// kwok reads them with the kubelet's CRI log reader, so every line is in CRI
// format ("<RFC3339Nano> <stream> F <text>") and `kubectl logs -f` wakes up on
// each append (the reader watches the file with inotify).
type logWriter struct {
	dir     string
	known   map[string]bool // container names that have their own file in kwok's config
	rnd     *rand.Rand
	maxSize int64
}

func newLogWriter(dir string, known []string) *logWriter {
	k := map[string]bool{}
	for _, n := range known {
		if n != "" {
			k[n] = true
		}
	}
	return &logWriter{dir: dir, known: k, rnd: rand.New(rand.NewSource(time.Now().UnixNano())), maxSize: 4 << 20}
}

func (lw *logWriter) fileFor(container string) string {
	if lw.known[container] {
		return container
	}
	return "_default"
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
// moment a pod is Running and --since/--tail have something to cut.
func (lw *logWriter) backfill(name string, sr series, now time.Time) error {
	path := filepath.Join(lw.dir, name+".log")
	if st, err := os.Stat(path); err == nil && st.Size() > 0 {
		return nil
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
	// What `kubectl logs --previous` shows: the end of the run before a restart.
	prev := filepath.Join(lw.dir, name+".previous.log")
	if _, err := os.Stat(prev); err != nil {
		var p strings.Builder
		start := now.Add(-3 * time.Hour)
		for i := 0; i < 40; i++ {
			at := start.Add(time.Duration(i) * 3 * time.Second)
			stream, text := lw.line(sr, at)
			p.WriteString(criLine(at, stream, text))
		}
		end := start.Add(2 * time.Minute)
		p.WriteString(criLine(end, "stderr", `{"level":"fatal","msg":"out of memory: heap limit reached","heap_mb":512}`))
		_ = os.WriteFile(prev, []byte(p.String()), 0o644)
	}
	return nil
}

// append writes the lines produced since the last call, one file per container
// name, and trims files that grew past maxSize.
func (lw *logWriter) append(all []series, dt time.Duration, now time.Time) {
	byFile := map[string][]series{}
	for _, sr := range all {
		byFile[lw.fileFor(sr.container)] = append(byFile[lw.fileFor(sr.container)], sr)
	}
	for name, list := range byFile {
		_ = lw.backfill(name, list[0], now)
		// Roughly 1-3 lines a second per file: readable when following, small on disk.
		n := 1 + lw.rnd.Intn(int(2*dt.Seconds())+1)
		var b strings.Builder
		for i := 0; i < n; i++ {
			sr := list[lw.rnd.Intn(len(list))]
			at := now.Add(-dt + time.Duration(i+1)*dt/time.Duration(n+1))
			stream, text := lw.line(sr, at)
			b.WriteString(criLine(at, stream, text))
		}
		path := filepath.Join(lw.dir, name+".log")
		f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
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
