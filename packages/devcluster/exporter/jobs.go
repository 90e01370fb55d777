package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Annotations on a Job's pod template that say how its pods end. kwok's
// stages pod-job-failed / pod-job-succeeded (kwok/stages.yaml) read them and
// write the terminated state; the exporter only numbers the attempts and
// writes the logs.
const (
	annExitCode  = "devcluster.paasport.io/exit-code"
	annFailTimes = "devcluster.paasport.io/fail-times"
	// annAttempt is the exporter's: the pod's place among its Job's pods
	// (1, 2, ...). A kwok stage sees one pod at a time and cannot count its
	// siblings, so "the first N pods fail" needs someone who sees them all.
	annAttempt = "devcluster.paasport.io/attempt"
)

// attempts numbers the pods of each Job in the order they were created.
func attempts(pods []podInfo) map[string]int {
	byJob := map[string][]podInfo{}
	for _, p := range pods {
		if p.JobUID != "" {
			byJob[p.JobUID] = append(byJob[p.JobUID], p)
		}
	}
	out := map[string]int{}
	for _, list := range byJob {
		// creationTimestamp has seconds only: the name breaks ties, so the
		// numbering never changes between two lists.
		sort.Slice(list, func(i, j int) bool {
			if !list[i].Created.Equal(list[j].Created) {
				return list[i].Created.Before(list[j].Created)
			}
			return list[i].Name < list[j].Name
		})
		for i, p := range list {
			out[p.UID] = i + 1
		}
	}
	return out
}

// attemptMarker writes annAttempt on the pods that need it (those with
// annFailTimes), once per pod.
type attemptMarker struct {
	api    *apiClient
	marked map[string]bool // pod UIDs
}

func (m *attemptMarker) run(pods []podInfo) {
	n := attempts(pods)
	live := map[string]bool{}
	for _, p := range pods {
		live[p.UID] = true
		if p.JobUID == "" || p.Annotations[annFailTimes] == "" || p.Annotations[annAttempt] != "" || m.marked[p.UID] {
			continue
		}
		if p.Phase != "Pending" && p.Phase != "Running" {
			continue
		}
		if err := m.api.annotatePod(p, annAttempt, strconv.Itoa(n[p.UID])); err != nil {
			log.Printf("%v", err)
			continue
		}
		m.marked[p.UID] = true
	}
	for uid := range m.marked {
		if !live[uid] {
			delete(m.marked, uid)
		}
	}
}

// annotatePod sets one annotation with a merge patch. The UID in the body is a
// precondition: a pod recreated under the same name is left alone.
func (c *apiClient) annotatePod(p podInfo, key, value string) error {
	body, err := json.Marshal(map[string]any{"metadata": map[string]any{
		"uid": p.UID, "annotations": map[string]string{key: value},
	}})
	if err != nil {
		return err
	}
	u := fmt.Sprintf("%s/api/v1/namespaces/%s/pods/%s?fieldManager=%s", c.server,
		url.PathEscape(p.Namespace), url.PathEscape(p.Name), fieldManager)
	req, err := http.NewRequest(http.MethodPatch, u, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/merge-patch+json")
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("annotate pod %s/%s: HTTP %d %s", p.Namespace, p.Name, resp.StatusCode, msg)
	}
	return nil
}

// jobProgressEvery is how often a running Job container logs that it is alive.
const jobProgressEvery = 5 * time.Second

// jobLog keeps the log of one container of a Job's pod: what a batch task
// prints. A few lines when it starts, one every jobProgressEvery while it
// runs, and its exit (code from the pod status kwok wrote) once it ended.
// Nothing is backfilled: a Job's log starts with its pod.
func (lw *logWriter) jobLog(p podInfo, c containerInfo, now time.Time) error {
	path, _ := lw.logFiles(p, c.Name)
	var b strings.Builder
	st, err := os.Stat(path)
	switch {
	case os.IsNotExist(err):
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		at := p.Started
		if at.IsZero() || at.After(now) {
			at = now
		}
		who := fmt.Sprintf("job %s, pod %s", p.Job, p.Name)
		if a := p.Annotations[annAttempt]; a != "" {
			who += ", attempt " + a
		}
		for i, text := range []string{
			fmt.Sprintf("starting %s (%s)", who, c.Image),
			"step 1/3: reading configuration",
			"step 2/3: connecting to dependencies",
			"step 3/3: running the task",
		} {
			b.WriteString(criLine(at.Add(time.Duration(i)*10*time.Millisecond), "stdout", text))
		}
	case err != nil:
		return err
	case c.ExitCode == nil && !p.Started.IsZero() && now.Sub(st.ModTime()) >= jobProgressEvery:
		b.WriteString(criLine(now, "stdout", fmt.Sprintf("still working (%s elapsed)", now.Sub(p.Started).Round(time.Second))))
	}
	if c.ExitCode != nil {
		done, err := jobLogEnded(path)
		if err != nil {
			return err
		}
		if !done {
			if *c.ExitCode == 0 {
				b.WriteString(criLine(now, "stdout", jobEnd+"0"))
			} else {
				b.WriteString(criLine(now, "stderr", fmt.Sprintf("error: the task failed; %s%d", jobEnd, *c.ExitCode)))
			}
		}
	}
	if b.Len() == 0 {
		return nil
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.WriteString(b.String())
	return err
}

// jobEnd starts the last line of a Job container's log.
const jobEnd = "exiting with code "

// jobLogEnded says whether the file already has its exit line (the exporter
// may have been restarted after writing it).
func jobLogEnded(path string) (bool, error) {
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return false, nil
	}
	return bytes.Contains(b, []byte(jobEnd)), err
}
