// Demo workload simulator for the dev clusters: stdlib only, so building it needs
// nothing but the Go toolchain.
module paasport.dev/devcluster/exporter

go 1.24
