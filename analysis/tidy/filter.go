package tidy

import (
	"fmt"

	"github.com/repnet/repnet/internal/table"
)

// Filter returns the rows of t for which cond is true, in their order.
// Rows where cond is false or missing are dropped. cond must be a
// true/false expression.
func Filter(t *table.Table, cond *Expr) (*table.Table, error) {
	tp, err := cond.check(t)
	if err != nil {
		return nil, err
	}
	if tp.typ != table.Bool {
		return nil, &ExprError{Src: cond.src, Pos: 1, Msg: fmt.Sprintf("a filter condition must be true or false, found %s", tp.typ)}
	}
	var keep []int
	for i := 0; i < t.NumRows(); i++ {
		v, err := tp.eval(i)
		if err != nil {
			return nil, err
		}
		if !v.na && v.b {
			keep = append(keep, i)
		}
	}
	return t.Take(keep), nil
}
