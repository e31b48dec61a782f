package loaders

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/repnet/repnet/internal/csvx"
	"github.com/repnet/repnet/internal/table"
)

// readers maps a loader name to its reader-based entry point, for the
// bad-input tests.
var readers = map[string]func(io.Reader, string) (*table.Table, error){
	"igo":        ReadIGOMemberships,
	"igo-counts": ReadIGOCounts,
	"igos":       ReadIGOs,
}

const igoHeader = "ccode,year,state,sco,gcc\n"

func TestBadInput(t *testing.T) {
	tests := []struct {
		loader, in, want string
	}{
		{"igo", "ccode,yr,state,sco\n2,1990,usa,0\n",
			`x.csv:1: column 2 ("yr"): expected column 2 to be "year", found "yr"`},
		{"igo", "ccode,year\n2,1990\n",
			`x.csv:1: column 3: expected column 3 to be "state", but the header has only 2 columns`},
		{"igo", "", `x.csv:1: empty file: expected a header line`},
		{"igo", igoHeader + "2,1990,usa,0,1\n2x,1991,usa,0,1\n",
			`x.csv:3: column 1 ("ccode"): expected an integer, found "2x"`},
		{"igo", igoHeader + "2,1990,usa,0,1\n2,,usa,0,1\n",
			`x.csv:3: column 2 ("year"): expected a year, found ""`},
		{"igo", igoHeader + "2,1990,usa,0,1\n2,1991,usa,0,4\n",
			`x.csv:3: column 5 ("gcc"): expected a membership code (0, 1, 2, 3, -9 or -1), found "4"`},
		{"igo", igoHeader + "2,1990,usa,NA,1\n",
			`x.csv:2: column 4 ("sco"): expected a membership code (0, 1, 2, 3, -9 or -1), found "NA"`},
		{"igo", igoHeader + "2,1990,usa,1.0,1\n",
			`x.csv:2: column 4 ("sco"): expected a membership code (0, 1, 2, 3, -9 or -1), found "1.0"`},
		{"igo", igoHeader + "2,1990,usa,0,1\n2,1991,usa,0\n",
			`x.csv:3: expected 5 fields (as in the header), found 4`},
		{"igo", igoHeader + "2,1991,usa,0,1\n20,1990,can,0,1\n2,1991,usa,1,1\n",
			`x.csv:4: duplicate ccode-year (2, 1991): lines 2 and 4`},
		{"igo", "ccode,year,state,sco,sco\n",
			`x.csv:1: column 5 ("sco"): column name "sco" appears twice in the header`},
		{"igo-counts", igoHeader + "2,1990,usa,0,-2\n",
			`x.csv:2: column 5 ("gcc"): expected a membership code (0, 1, 2, 3, -9 or -1), found "-2"`},
		{"igos", "ioname,orgname,year,sdate,deaddate,longorgname,ionum,political,social,economic,integrated\n",
			`x.csv:1: expected a column named "replaced" in the header, found none (header: ioname, orgname, year, sdate, deaddate, longorgname, ionum, political, social, economic, integrated)`},
		{"igos", igosHeader + "SCO,Shanghai,2001,1996,,S,4370,1,0,1,0,0\nSCO,Shanghai,2001,1996,,S,4370,1,0,1,0,0\n",
			`x.csv:3: duplicate IGO-year (SCO, 2001): lines 2 and 3`},
		{"igos", igosHeader + "SCO,Shanghai,2001,1996,,S,4370,1,0,1,0,0\nSco,Shanghai,2002,1996,,S,4370,1,0,1,0,0\n",
			`x.csv:3: column 1 ("ioname"): IGO abbreviations "SCO" and "Sco" differ only in case, so both would have the key "sco"`},
		{"igos", igosHeader + "SCO,Shanghai,2001,1996,,S,4370,1,0,1,0,0\nSCO,Shanghai,2002,1997,,S,4370,1,0,1,0,0\n",
			`x.csv:3: column 4 ("sdate"): expected sdate 1996 for SCO (as on line 2), found 1997`},
		{"igos", igosHeader + "SCO,Shanghai,2001,1996,,S,4370,2,0,1,0,0\n",
			`x.csv:2: column 8 ("political"): expected 0 or 1, found 2`},
	}
	for _, tt := range tests {
		_, err := readers[tt.loader](strings.NewReader(tt.in), "x.csv")
		var e *csvx.Error
		if err == nil || !errors.As(err, &e) || err.Error() != tt.want {
			t.Errorf("%s %q:\n got  %v\n want %s", tt.loader, tt.in, err, tt.want)
		}
	}
}

const igosHeader = "ioname,orgname,year,sdate,deaddate,longorgname,ionum,political,social,economic,integrated,replaced\n"

// samples holds, for each loader, a valid header and a generator of
// distinct valid rows, for the truncated-gzip test.
var samples = map[string]struct {
	header string
	row    func(i int) string
}{
	"igo":        {igoHeader, func(i int) string { return fmt.Sprintf("2,%d,usa,0,1\n", 1000+i) }},
	"igo-counts": {igoHeader, func(i int) string { return fmt.Sprintf("2,%d,usa,0,1\n", 1000+i) }},
	"igos":       {igosHeader, func(i int) string { return fmt.Sprintf("SCO,Shanghai,%d,1000,,S,4370,1,0,1,0,0\n", 1000+i) }},
}

func TestTruncatedGzip(t *testing.T) {
	for name, read := range readers {
		s, ok := samples[name]
		if !ok {
			t.Errorf("no sample for loader %s", name)
			continue
		}
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write([]byte(s.header))
		for i := 0; i < 3000; i++ {
			zw.Write([]byte(s.row(i)))
		}
		zw.Close()
		if _, err := read(bytes.NewReader(buf.Bytes()), "t.csv.gz"); err != nil {
			t.Errorf("%s: whole sample: %v", name, err)
			continue
		}
		cut := buf.Bytes()[:buf.Len()*2/3]
		_, err := read(bytes.NewReader(cut), "t.csv.gz")
		if err == nil || !strings.HasPrefix(err.Error(), "t.csv.gz:") || !strings.Contains(err.Error(), "truncated or corrupt compressed data") {
			t.Errorf("%s: truncated gzip: got %v", name, err)
		}
	}
}
