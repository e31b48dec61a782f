//go:build unix

package network

import "syscall"

// cpuSeconds returns the user plus system CPU time of the process so far,
// for benchmarks on a shared machine, where wall-clock time depends on the
// other users.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}
