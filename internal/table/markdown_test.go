package table

import (
	"math"
	"testing"
)

func TestWriteMarkdown(t *testing.T) {
	got := writeString(t, sampleTable(), Markdown, WriteOptions{})
	want := `|                ccode | polyarchy |  inf | name          | member |
| -------------------: | --------: | ---: | :------------ | :----- |
|                    2 |       0.5 |  Inf | United States | true   |
|                  365 |     -0.25 | -Inf | Quote "q"     | false  |
| -9223372036854775808 |     1e-07 |  0.1 | comma, here   | true   |
|  9223372036854775807 |  1.5e+300 |  2.5 | line break    | true   |
|                      |           |      |               | false  |
|                   -9 |        -0 | 3.25 | pipe \| é 中   |        |
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestWriteMarkdownDigits(t *testing.T) {
	tb := New(NewString("term", []string{"a", "b", "c", "d", "e"}),
		NewFloat("estimate", []float64{0.123456, 1234.5, -0.000123456, 1.5e-9, math.NaN()}))
	got := writeString(t, tb, Markdown, WriteOptions{Digits: 3})
	want := `| term |  estimate |
| :--- | --------: |
| a    |     0.123 |
| b    |      1230 |
| c    | -0.000123 |
| d    |   1.5e-09 |
| e    |           |
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestWriteMarkdownEmpty(t *testing.T) {
	got := writeString(t, New(NewInt("a", nil)), Markdown, WriteOptions{})
	if want := "|   a |\n| --: |\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
