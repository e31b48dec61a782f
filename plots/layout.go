package plots

import "math"

// splitmix64 is the SplitMix64 generator (Steele, Lea and Flood 2014,
// "Fast splittable pseudorandom number generators", OOPSLA), used for the
// layout's starting positions because its output is fixed by its
// definition, unlike math/rand's streams, which Go may change.
type splitmix64 uint64

func (s *splitmix64) next() uint64 {
	*s += 0x9E3779B97F4A7C15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// float returns a uniform number in [0, 1) with 53 random bits.
func (s *splitmix64) float() float64 {
	return float64(s.next()>>11) / (1 << 53)
}

// layoutEdge is an undirected edge between node indexes i < j with a
// weight scaled to (0, 1].
type layoutEdge struct {
	i, j int
	w    float64
}

// forceLayout places n nodes by the force-directed method of Fruchterman
// and Reingold (1991, "Graph drawing by force-directed placement",
// Software: Practice and Experience 21(11):1129-1164), with the edge
// weight multiplying the attraction and a gravity towards the centre (as
// in ForceAtlas2, Jacomy et al. 2014, PLoS ONE 9(6):e98679) that keeps
// components and isolates from drifting apart.
//
// With ideal distance k = sqrt(1/n), nodes at distance d repel with force
// k^2/d; the ends of an edge of weight w attract with w d^2/k; gravity pulls
// each node towards the origin with force d. Each node moves along its
// net force by at most the temperature, which falls linearly from 0.1 to 0
// over the iterations. Starting positions are uniform in [-0.5, 0.5]^2 from
// seed.
//
// The result depends only on its arguments: the loops run in index order
// on one goroutine, the random numbers come from splitmix64, and every
// product that feeds a sum is rounded explicitly (float64(x*y)), which Go
// guarantees stops the compiler from fusing it into a multiply-add, so
// machines with and without FMA instructions agree to the bit. Finally the
// layout is rotated so that its principal axis is horizontal (using only
// square roots, which IEEE 754 rounds exactly), centred, and scaled to
// unit width or height.
func forceLayout(n int, edges []layoutEdge, seed uint64, iters int) [][2]float64 {
	pos := make([][2]float64, n)
	rng := splitmix64(seed)
	for i := range pos {
		pos[i][0] = rng.float() - 0.5
		pos[i][1] = rng.float() - 0.5
	}
	if n < 2 {
		return pos
	}
	k := math.Sqrt(1 / float64(n))
	k2 := float64(k * k)
	const gravity = 1.0
	disp := make([][2]float64, n)
	for it := 0; it < iters; it++ {
		t := 0.1 * (1 - float64(it)/float64(iters))
		for i := range disp {
			disp[i] = [2]float64{}
		}
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				dx := pos[i][0] - pos[j][0]
				dy := pos[i][1] - pos[j][1]
				d2 := float64(dx*dx) + float64(dy*dy)
				if d2 < 1e-12 {
					// Coincident nodes: push apart along a fixed direction.
					dx, dy, d2 = 1e-6, 1e-6*float64(j-i), 1e-12
				}
				f := k2 / d2
				fx, fy := float64(dx*f), float64(dy*f)
				disp[i][0] += fx
				disp[i][1] += fy
				disp[j][0] -= fx
				disp[j][1] -= fy
			}
		}
		for _, e := range edges {
			dx := pos[e.i][0] - pos[e.j][0]
			dy := pos[e.i][1] - pos[e.j][1]
			d := math.Sqrt(float64(dx*dx) + float64(dy*dy))
			f := float64(e.w*d) / k
			fx, fy := float64(dx*f), float64(dy*f)
			disp[e.i][0] -= fx
			disp[e.i][1] -= fy
			disp[e.j][0] += fx
			disp[e.j][1] += fy
		}
		for i := range pos {
			disp[i][0] -= float64(gravity * pos[i][0])
			disp[i][1] -= float64(gravity * pos[i][1])
			l := math.Sqrt(float64(disp[i][0]*disp[i][0]) + float64(disp[i][1]*disp[i][1]))
			if l > 0 {
				s := math.Min(l, t) / l
				pos[i][0] += float64(disp[i][0] * s)
				pos[i][1] += float64(disp[i][1] * s)
			}
		}
	}
	return normalizeLayout(pos)
}

// normalizeLayout centres pos on its mean, rotates its principal axis to
// horizontal, and scales it so that the larger side of its bounding box is
// 1 and the box is centred on the origin.
func normalizeLayout(pos [][2]float64) [][2]float64 {
	n := float64(len(pos))
	var mx, my float64
	for _, p := range pos {
		mx += p[0]
		my += p[1]
	}
	mx, my = mx/n, my/n
	var a, b, c float64 // covariance [[a b] [b c]]
	for i := range pos {
		pos[i][0] -= mx
		pos[i][1] -= my
		a += float64(pos[i][0] * pos[i][0])
		b += float64(pos[i][0] * pos[i][1])
		c += float64(pos[i][1] * pos[i][1])
	}
	// Unit eigenvector (ux, uy) of the larger eigenvalue.
	h := (a - c) / 2
	lam := (a+c)/2 + math.Sqrt(float64(h*h)+float64(b*b))
	ux, uy := b, lam-a
	if math.Abs(a-lam) < math.Abs(c-lam) {
		ux, uy = lam-c, b
	}
	if l := math.Sqrt(float64(ux*ux) + float64(uy*uy)); l > 0 {
		ux, uy = ux/l, uy/l
	} else {
		ux, uy = 1, 0
	}
	if ux < 0 {
		ux, uy = -ux, -uy
	}
	lo := [2]float64{math.Inf(1), math.Inf(1)}
	hi := [2]float64{math.Inf(-1), math.Inf(-1)}
	for i, p := range pos {
		x := float64(ux*p[0]) + float64(uy*p[1])
		y := float64(-uy*p[0]) + float64(ux*p[1])
		pos[i] = [2]float64{x, y}
		lo = [2]float64{math.Min(lo[0], x), math.Min(lo[1], y)}
		hi = [2]float64{math.Max(hi[0], x), math.Max(hi[1], y)}
	}
	span := math.Max(hi[0]-lo[0], hi[1]-lo[1])
	if !(span > 0) {
		span = 1
	}
	cx, cy := (lo[0]+hi[0])/2, (lo[1]+hi[1])/2
	for i := range pos {
		pos[i][0] = (pos[i][0] - cx) / span
		pos[i][1] = (pos[i][1] - cy) / span
	}
	return pos
}
