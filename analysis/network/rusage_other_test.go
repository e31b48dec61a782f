//go:build !unix

package network

func cpuSeconds() float64 { return 0 }
