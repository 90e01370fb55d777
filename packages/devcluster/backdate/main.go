// Command devcluster-backdate gives the demo's seeded workloads a history
// spread over days. Seeding rolls every release out within seconds, and the
// apiserver stamps creationTimestamp itself, so the tool rewrites that field
// where the apiserver keeps it: in etcd. It runs once per workload, right
// after seeding (lib/seed.sh), and marks what it did.
//
//	devcluster-backdate --etcd http://127.0.0.1:16079 --ages 144h,72h,20h \
//	  --workload storefront/deployment/shop-api=1.0.0,1.1.0,1.2.0 ...
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
)

type workloadFlags []workload

func (f *workloadFlags) String() string { return fmt.Sprint(len(*f), " workloads") }
func (f *workloadFlags) Set(v string) error {
	w, err := parseWorkload(v)
	if err != nil {
		return err
	}
	*f = append(*f, w)
	return nil
}

func main() {
	var workloads workloadFlags
	var (
		endpoints = flag.String("etcd", "http://127.0.0.1:16079", "etcd client URLs, comma-separated")
		ages      = flag.String("ages", "144h,72h,20h", "age of each release (1st, 2nd, ...) at the moment the workload was seeded")
		delay     = flag.Duration("delay", 0, "added to every release time (a cluster that gets releases after another)")
		dryRun    = flag.Bool("dry-run", false, "print what would change, write nothing")
		timeout   = flag.Duration("timeout", 30*time.Second, "for the whole run")
	)
	flag.Var(&workloads, "workload", "NAMESPACE/KIND/NAME=V1,V2,... (repeatable): a seeded workload and its releases, oldest first")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("devcluster-backdate: ")

	parsed, err := parseAges(*ages)
	if err != nil {
		log.Fatal(err)
	}
	if *delay < 0 || *delay >= parsed[len(parsed)-1] {
		log.Fatalf("--delay %s must be at least 0 and less than the last age, or a release would lie in the future", *delay)
	}

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	client, err := clientv3.New(clientv3.Config{
		Endpoints:   strings.Split(*endpoints, ","),
		DialTimeout: 5 * time.Second,
		Context:     ctx,
	})
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	st, err := newStore(client.KV)
	if err != nil {
		log.Fatal(err)
	}
	b := &backdater{store: st, timeline: timeline{ages: parsed, delay: *delay}, dryRun: *dryRun, out: os.Stdout}
	for _, w := range workloads {
		if err := b.backdate(ctx, w); err != nil {
			log.Fatalf("%s/%s/%s: %v", w.namespace, w.kind, w.name, err)
		}
	}
}
