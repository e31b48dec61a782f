package loaders

import (
	"fmt"
	"io"

	"github.com/repnet/repnet/internal/table"
)

// ReadFariss reads the Latent Human Rights Protection Scores v4.02
// (Fariss; LHRS-v4.02-2021, with country names) into one row per
// state-year: ccode (the file's COW), year (YEAR), country_name,
// theta_mean (posterior mean of latent physical-integrity protection:
// higher means more respect for human rights, lower more repression),
// theta_sd, theta_q025, theta_q975, and the model's input indicators:
// ciri_disap, ciri_kill, ciri_polpris, ciri_tort (CIRI, 0 frequent ... 2
// none), pts_a, pts_s, pts_h (Political Terror Scale from Amnesty, State
// Department, Human Rights Watch, 1 best ... 5 worst), hathaway, itt,
// genocide, rummel, massive_repression, executions, negative_sanctions,
// mass_killing, killing_low, killing_best, killing_high, killing_present.
// NA is missing. The row ids COW_YEAR and id and the CIRI country id are
// dropped.
//
// One recode: the file codes Czechoslovakia 1946-1992 as 316, COW's code
// for the Czech Republic from 1993; those rows get COW's 315 so that they
// join with every other COW-keyed source. The number of recoded rows is
// recorded in the table's meta (recoded_316_to_315).
func ReadFariss(r io.Reader, name string) (*table.Table, error) {
	return readFariss(userInput(r, name), YearRange{})
}

// Fariss is ReadFariss on the bundled fariss/LHRS-v4.02-2021.csv.gz.
func Fariss() (*table.Table, error) { return loadFariss(YearRange{}) }

func loadFariss(years YearRange) (*table.Table, error) {
	in, err := bundledInput("fariss", "LHRS-v4.02-2021.csv.gz")
	if err != nil {
		return nil, err
	}
	return readFariss(in, years)
}

func readFariss(in *input, years YearRange) (*table.Table, error) {
	fields := []field{
		{src: "COW", name: "ccode", typ: table.Int, key: true, cow: true},
		{src: "YEAR", name: "year", typ: table.Int, key: true},
		{src: "country_name", name: "country_name", typ: table.String},
		{src: "theta_mean", name: "theta_mean", typ: table.Float},
		{src: "theta_sd", name: "theta_sd", typ: table.Float},
		{src: "theta_q025", name: "theta_q025", typ: table.Float},
		{src: "theta_q975", name: "theta_q975", typ: table.Float},
		{src: "DISAP", name: "ciri_disap", typ: table.Int},
		{src: "KILL", name: "ciri_kill", typ: table.Int},
		{src: "POLPRIS", name: "ciri_polpris", typ: table.Int},
		{src: "TORT", name: "ciri_tort", typ: table.Int},
		{src: "Amnesty", name: "pts_a", typ: table.Int},
		{src: "State", name: "pts_s", typ: table.Int},
		{src: "HRW", name: "pts_h", typ: table.Int},
	}
	for _, n := range []string{"hathaway", "ITT", "genocide", "rummel", "massive_repression", "executions",
		"negative_sanctions", "mass_killing", "killing_low", "killing_best", "killing_high", "killing_present"} {
		fields = append(fields, field{src: n, name: snake(n), typ: table.Int})
	}
	t, err := readKeyed(in, spec{fields: fields, year: "year"}, years, "state-year", "ccode-year", "ccode", "year")
	if err != nil {
		return nil, err
	}
	cc, yr := t.Col("ccode"), t.Col("year")
	n := 0
	for i := range cc.Ints {
		if cc.Ints[i] == 316 && yr.Ints[i] <= 1992 {
			cc.Ints[i] = 315
			n++
		}
	}
	if n > 0 {
		// 315 sorts before 316 and no other code lies between them, so
		// the (ccode, year) order is kept.
		t.SetMeta("recoded_316_to_315", fmt.Sprint(n))
	}
	return t, nil
}
