package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// The demo's bad releases are bad by their image, as real releases are bad by
// their code: every pod that runs the image gets the bad numbers, whatever its
// template says. So a canary to the bad image fails, and a canary that leaves it
// for a fixed image passes, though a canary copies the template of the release
// it starts from. Pod annotations (annErrorRate, annLatency) still win, so a
// test or a demo can make any pod bad.

// badRelease is what a bad release does: more 5xx and slower, so a rollback
// visibly helps. The only place these numbers live (lib/seed.sh and
// seed/apps.tsv only name the release).
var badRelease = tuning{errRate: 0.06, latencyMS: 140}

// tuning replaces a profile's error rate (fraction of 5xx) and median latency.
type tuning struct{ errRate, latencyMS float64 }

// releaseTunings maps a container image to its tuning; images not in it keep
// their profile's numbers. A nil map tunes nothing.
type releaseTunings map[string]tuning

// loadReleases reads seed/apps.tsv; an empty path means no bad releases.
func loadReleases(path string) (releaseTunings, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rel, err := parseReleases(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rel, nil
}

// appsColumns are seed/apps.tsv's columns, in order; lib/seed.sh reads the same.
const appsColumns = 7 // app component team kind history prod bad

// parseReleases reads apps.tsv: '#' starts a comment line, columns are
// separated by blanks, and the column `bad` is a release of the row's history
// or "-". The image is named as lib/seed.sh (render_workload) names it:
// registry.paasport.dev/<app>/<component without "<app>-">:<version>.
func parseReleases(r io.Reader) (releaseTunings, error) {
	rel := releaseTunings{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Fields(line)
		if len(cols) != appsColumns {
			return nil, fmt.Errorf("line %d: want %d columns (app component team kind history prod bad), got %d", n, appsColumns, len(cols))
		}
		app, component, history, bad := cols[0], cols[1], cols[4], cols[6]
		if bad == "-" {
			continue
		}
		// A typo here would quietly make the demo's bad release good.
		if !slices.Contains(strings.Split(history, ","), bad) {
			return nil, fmt.Errorf("line %d: bad release %q of %s is not in its history %s", n, bad, component, history)
		}
		rel["registry.paasport.dev/"+app+"/"+strings.TrimPrefix(component, app+"-")+":"+bad] = badRelease
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return rel, nil
}
