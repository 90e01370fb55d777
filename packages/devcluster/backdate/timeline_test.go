package main

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestParseWorkload(t *testing.T) {
	w, err := parseWorkload("payments/StatefulSet/payments-ledger-db=8.4.1,8.4.2")
	if err != nil {
		t.Fatal(err)
	}
	if w.namespace != "payments" || w.kind != "statefulset" || w.name != "payments-ledger-db" || len(w.versions) != 2 {
		t.Fatalf("parsed %+v", w)
	}
	if w.wave("8.4.2") != 1 || w.wave("8.4.1") != 0 || w.wave("9.0.0") != -1 {
		t.Fatalf("waves of %v", w.versions)
	}
	for _, bad := range []string{"", "a/deployment/b", "a/b=1", "a/pod/b=1", "a/deployment/b=1,,2", "/deployment/b=1"} {
		if _, err := parseWorkload(bad); err == nil {
			t.Errorf("%q: accepted", bad)
		}
	}
}

func TestParseAges(t *testing.T) {
	ages, err := parseAges("144h, 72h,20h")
	if err != nil || len(ages) != 3 || ages[2] != 20*time.Hour {
		t.Fatalf("ages %v, %v", ages, err)
	}
	for _, bad := range []string{"", "72h,144h", "1h,1h", "-1h", "soon"} {
		if _, err := parseAges(bad); err == nil {
			t.Errorf("%q: accepted", bad)
		}
	}
}

func TestReleaseTimes(t *testing.T) {
	anchor := time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC)
	dev := timeline{ages: []time.Duration{144 * time.Hour, 72 * time.Hour, 20 * time.Hour}}
	prod := timeline{ages: dev.ages, delay: 2 * time.Hour}
	want := []time.Time{
		time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC),
		time.Date(2026, 5, 7, 12, 0, 0, 0, time.UTC),
		time.Date(2026, 5, 9, 16, 0, 0, 0, time.UTC),
	}
	for i, w := range want {
		if got, ok := dev.releaseTime(anchor, i); !ok || !got.Equal(w) {
			t.Errorf("dev release %d at %v, want %v", i, got, w)
		}
		if got, _ := prod.releaseTime(anchor, i); !got.Equal(w.Add(2 * time.Hour)) {
			t.Errorf("prod release %d at %v, want two hours after dev", i, got)
		}
	}
	if _, ok := dev.releaseTime(anchor, 3); ok {
		t.Error("a fourth release has no age, but got a time")
	}
	if _, ok := dev.releaseTime(anchor, -1); ok {
		t.Error("an unknown version got a time")
	}
}

func TestShiftPodStatus(t *testing.T) {
	started := metav1.NewTime(time.Date(2026, 5, 10, 12, 0, 1, 0, time.UTC))
	startTime := started
	p := &corev1.Pod{Status: corev1.PodStatus{
		StartTime:  &startTime,
		Conditions: []corev1.PodCondition{{Type: corev1.PodReady, LastTransitionTime: started}, {Type: corev1.PodScheduled}},
		ContainerStatuses: []corev1.ContainerStatus{{
			Name:  "shop-api",
			State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: started}},
		}},
	}}
	shiftPodStatus(p, -20*time.Hour)
	want := started.Add(-20 * time.Hour)
	if !p.Status.StartTime.Time.Equal(want) || !p.Status.Conditions[0].LastTransitionTime.Time.Equal(want) ||
		!p.Status.ContainerStatuses[0].State.Running.StartedAt.Time.Equal(want) {
		t.Fatalf("status after the shift: %+v", p.Status)
	}
	if !p.Status.Conditions[1].LastTransitionTime.IsZero() {
		t.Fatal("an unset time was given a value")
	}
}
