package plots

import (
	"bytes"
	"sync"
	"testing"
)

// TestConcurrentRender renders the catalogue from several goroutines at
// once: Render may be called concurrently, and the bytes must not depend
// on it (run with -race to check for data races).
func TestConcurrentRender(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	cases := catalogue()
	want := make([][]byte, len(cases))
	for i, c := range cases {
		want[i] = render(t, c, PDF)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4*len(cases))
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, c := range cases {
				pg := c.page
				pg.DPI = goldenDPI
				var buf bytes.Buffer
				if err := Render(&buf, PDF, c.chart, c.in(t), pg); err != nil {
					errs <- err.Error()
					continue
				}
				if !bytes.Equal(buf.Bytes(), want[i]) {
					errs <- c.name + ": concurrent PDF differs"
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
