package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHealth(t *testing.T) {
	s := newServer()
	ts := httptest.NewServer(s.routes())
	defer ts.Close()
	for path, want := range map[string]int{"/healthz/live": 200, "/healthz/ready": 200} {
		if got := get(t, ts.URL+path).StatusCode; got != want {
			t.Errorf("%s: got %d, want %d", path, got, want)
		}
	}
	s.ready.Store(false)
	if got := get(t, ts.URL+"/healthz/ready").StatusCode; got != http.StatusServiceUnavailable {
		t.Errorf("readiness while stopping: got %d, want 503", got)
	}
}

func TestMetricsCountRequests(t *testing.T) {
	ts := httptest.NewServer(newServer().routes())
	defer ts.Close()
	get(t, ts.URL+"/")
	body, _ := io.ReadAll(get(t, ts.URL+"/metrics").Body)
	if !strings.Contains(string(body), `http_requests_total{method="GET",route="/",status="200"} 1`) {
		t.Errorf("request not counted:\n%s", body)
	}
	if !strings.Contains(string(body), "go_goroutines") {
		t.Error("Go runtime metrics missing")
	}
}

func get(t *testing.T, url string) *http.Response {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}
