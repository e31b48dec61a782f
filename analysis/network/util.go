package network

import "slices"

func sortInt32(x []int32) { slices.Sort(x) }
