package main

import (
	"bytes"
	"maps"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseReleasesNamesImagesAsTheSeedDoes(t *testing.T) {
	rel, err := parseReleases(strings.NewReader(`# Demo applications.
# bad: a release that is visibly worse.
#app      component           team        kind    history              prod    bad
shop      shop-web            storefront  web     1.0.0,1.1.0,1.2.0    1.2.0   -

shop      shop-api            storefront  api     1.0.0,1.1.0,1.2.0    1.2.0   1.2.0
  # an indented comment
payments  ledger-db           payments    db      8.4.1,8.4.2          8.4.2   8.4.1
`))
	if err != nil {
		t.Fatal(err)
	}
	// The component loses its "<app>-" prefix only when it has one.
	want := releaseTunings{
		"registry.paasport.dev/shop/api:1.2.0":           badRelease,
		"registry.paasport.dev/payments/ledger-db:8.4.1": badRelease,
	}
	if !reflect.DeepEqual(rel, want) {
		t.Fatalf("got %v, want %v", rel, want)
	}
}

func TestParseReleasesRefusesWhatTheSeedWouldMisread(t *testing.T) {
	for name, tsv := range map[string]string{
		"a missing column":       "shop shop-api storefront api 1.0.0,1.2.0 1.2.0\n",
		"an extra column":        "shop shop-api storefront api 1.0.0,1.2.0 1.2.0 1.2.0 x\n",
		"a release never rolled": "shop shop-api storefront api 1.0.0,1.1.0 1.1.0 1.2.0\n",
	} {
		if rel, err := parseReleases(strings.NewReader(tsv)); err == nil {
			t.Errorf("%s: accepted as %v", name, rel)
		} else if !strings.Contains(err.Error(), "line 1:") {
			t.Errorf("%s: error %q does not say where", name, err)
		}
	}
}

// The seed's own table: shop-api 1.2.0 is the demo's one bad release.
func TestLoadReleasesReadsTheSeed(t *testing.T) {
	rel, err := loadReleases("../seed/apps.tsv")
	if err != nil {
		t.Fatal(err)
	}
	want := releaseTunings{"registry.paasport.dev/shop/api:1.2.0": {errRate: 0.06, latencyMS: 140}}
	if !reflect.DeepEqual(rel, want) {
		t.Fatalf("got %v, want %v", rel, want)
	}
	if rel, err := loadReleases(""); err != nil || rel != nil {
		t.Fatalf("no path: %v, %v; want no releases", rel, err)
	}
	if _, err := loadReleases(t.TempDir() + "/missing.tsv"); err == nil {
		t.Fatal("a missing file was accepted")
	}
}

func TestNewSeriesTunesByProfileThenImageThenAnnotation(t *testing.T) {
	const good, bad = "registry.paasport.dev/shop/api:1.1.0", "registry.paasport.dev/shop/api:1.2.0"
	rel := releaseTunings{bad: badRelease}
	api := profiles["api"]
	for _, tc := range []struct {
		name        string
		image       string
		annotations map[string]string
		rel         releaseTunings
		errRate     float64
		latencyMS   float64
	}{
		{"a good image keeps its profile", good, nil, rel, 0.004, api.latencyMS},
		{"a bad image is bad", bad, nil, rel, 0.06, 140},
		{"without the table a bad image is not", bad, nil, nil, 0.004, api.latencyMS},
		// A canary from the bad release keeps its template's annotations: they
		// make any image bad, as a test that wants a bad pod asks.
		{"annotations make a good image bad", good, map[string]string{annErrorRate: "0.4", annLatency: "300"}, rel, 0.4, 300},
		{"annotations win over the image", bad, map[string]string{annErrorRate: "0.01", annLatency: "20"}, rel, 0.01, 20},
		{"each annotation wins alone", bad, map[string]string{annErrorRate: "0"}, rel, 0, 140},
		{"an unreadable annotation is ignored", bad, map[string]string{annErrorRate: "lots", annLatency: "-5"}, rel, 0.06, 140},
	} {
		ann := map[string]string{annProfile: "api"}
		maps.Copy(ann, tc.annotations)
		p := podInfo{Namespace: "storefront", Name: "shop-api-x", UID: "uid", Annotations: ann}
		sr := newSeries(p, containerInfo{Name: "shop-api", Image: tc.image}, tc.rel)
		if sr.errRate != tc.errRate || sr.latencyMS != tc.latencyMS {
			t.Errorf("%s: error rate %v, latency %v ms; want %v, %v", tc.name, sr.errRate, sr.latencyMS, tc.errRate, tc.latencyMS)
		}
	}
}

// Clusters seeded before the badness followed the image have annotated
// templates, newer ones only the image: both get the same past.
func TestHistoryIsTheSameWhetherTemplateOrImageMakesTheReleaseBad(t *testing.T) {
	rel, err := loadReleases("../seed/apps.tsv")
	if err != nil {
		t.Fatal(err)
	}
	annotated := demoObjects()
	imageOnly := demoObjects()
	untune := func(ann map[string]string) map[string]string {
		out := maps.Clone(ann)
		delete(out, annErrorRate)
		delete(out, annLatency)
		return out
	}
	for i := range imageOnly.replicaSets {
		tpl := &imageOnly.replicaSets[i].Spec.Template.Metadata
		tpl.Annotations = untune(tpl.Annotations)
	}
	for i := range imageOnly.pods {
		imageOnly.pods[i].Metadata.Annotations = untune(imageOnly.pods[i].Metadata.Annotations)
	}

	history := func(objects clusterObjects, rel releaseTunings) string {
		h := newHistory(`,cluster="dev"`)
		sampling := schedule{start: seededAt.Add(-7 * 24 * time.Hour), end: seededAt, step: time.Minute,
			fine: 5 * time.Second, fineFrom: seededAt.Add(-time.Hour)}
		sim := newSeededSimulator(1)
		sim.releases = rel
		replay(objects.spans(seededAt), sampling, sim, h)
		var buf bytes.Buffer
		if err := h.writeOpenMetrics(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	before, after := history(annotated, nil), history(imageOnly, rel)
	if before != after {
		t.Fatal("the history of an image-only seed differs from an annotated one")
	}
	// The comparison means something only if dropping the annotations alone
	// would have changed the history.
	if history(imageOnly, nil) == before {
		t.Fatal("the fixture's bad release is not bad by its annotations")
	}
}
