package plots

import (
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// circle is a drawn node: centre and radius.
type circle struct {
	x, y, r vg.Length
}

// labelItem asks for text next to the node at index node of the circles.
type labelItem struct {
	node int
	text string
}

// placedLabel is where a label went: the text's box, and whether it sits
// away from its node (drawn with a leader line).
type placedLabel struct {
	item   labelItem
	box    vg.Rectangle
	leader bool
}

// placeLabels places labels in the order given (most important first) by
// trying, for each, eight spots around its node: right, left, above,
// below, then the four diagonals, first close to the node and then
// farther out (with a leader line). It takes the first spot inside bounds
// that overlaps no label placed before and no node; failing that, the
// first that overlaps no label, whatever nodes it covers. A label that
// can go nowhere without covering another label is dropped and returned
// in dropped. Labels therefore never overlap each other.
func placeLabels(items []labelItem, nodes []circle, sty text.Style, bounds vg.Rectangle) (placed []placedLabel, dropped []labelItem) {
	h := lineHeight(sty)
	var boxes []vg.Rectangle
	for _, it := range items {
		nd := nodes[it.node]
		w := width(sty, it.text)
		var firstFree *placedLabel
		var best *placedLabel
		for ring, gap := range []vg.Length{vg.Points(1.5), vg.Points(6)} {
			d := nd.r + gap
			dd := d * 0.7071
			cands := []vg.Point{ // lower-left corners
				{X: nd.x + d, Y: nd.y - h/2},
				{X: nd.x - d - w, Y: nd.y - h/2},
				{X: nd.x - w/2, Y: nd.y + d},
				{X: nd.x - w/2, Y: nd.y - d - h},
				{X: nd.x + dd, Y: nd.y + dd},
				{X: nd.x - dd - w, Y: nd.y + dd},
				{X: nd.x + dd, Y: nd.y - dd - h},
				{X: nd.x - dd - w, Y: nd.y - dd - h},
			}
			for _, ll := range cands {
				r := vg.Rectangle{Min: ll, Max: vg.Point{X: ll.X + w, Y: ll.Y + h}}
				if r.Min.X < bounds.Min.X || r.Max.X > bounds.Max.X || r.Min.Y < bounds.Min.Y || r.Max.Y > bounds.Max.Y {
					continue
				}
				if overlapsAny(r, boxes) {
					continue
				}
				pl := placedLabel{item: it, box: r, leader: ring > 0}
				if firstFree == nil {
					firstFree = &pl
				}
				if !coversNode(r, nodes) {
					best = &pl
					break
				}
			}
			if best != nil {
				break
			}
		}
		if best == nil {
			best = firstFree
		}
		if best == nil {
			dropped = append(dropped, it)
			continue
		}
		boxes = append(boxes, best.box)
		placed = append(placed, *best)
	}
	return placed, dropped
}

// coversNode reports whether r overlaps any node's disc.
func coversNode(r vg.Rectangle, nodes []circle) bool {
	for _, n := range nodes {
		cx := min(max(n.x, r.Min.X), r.Max.X)
		cy := min(max(n.y, r.Min.Y), r.Max.Y)
		dx, dy := n.x-cx, n.y-cy
		if dx*dx+dy*dy < n.r*n.r {
			return true
		}
	}
	return false
}
