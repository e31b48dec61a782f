package qap

import (
	"math/bits"
	"math/rand/v2"
)

// permutation fills perm with a uniformly random permutation of
// 0..len(perm)-1 drawn from a PCG generator seeded with (seed, index):
// each permutation has its own stream, so the result does not depend on
// which goroutine draws it or in what order. The shuffle is Fisher-Yates
// with Lemire's (2019) unbiased bounded integers on PCG's Uint64, written
// out here so that the permutations stay the same across Go releases
// (math/rand/v2 fixes its generators' output, not that of Shuffle).
func permutation(seed, index uint64, perm []int) {
	src := rand.NewPCG(seed, index)
	for i := range perm {
		perm[i] = i
	}
	for i := len(perm) - 1; i > 0; i-- {
		j := int(bounded(src, uint64(i+1)))
		perm[i], perm[j] = perm[j], perm[i]
	}
}

// bounded returns a uniform integer in [0, n) (Lemire 2019, "Fast random
// integer generation in an interval", ACM TOMACS 29(1)).
func bounded(src *rand.PCG, n uint64) uint64 {
	hi, lo := bits.Mul64(src.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(src.Uint64(), n)
		}
	}
	return hi
}
