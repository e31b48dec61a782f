// Command repnet loads data on intergovernmental organizations, bilateral
// cooperation, regime type and repression into year-indexed networks,
// analyses them, and writes tables and figures for papers.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
