package main

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/repnet/repnet/analysis/layers"
	"github.com/repnet/repnet/loaders"
)

// layerOptions are the flags that choose a layer and its years, shared by
// the network commands. Each option of layers.Spec is a flag named after
// its toml key with dashes (--min-weight for min_weight).
type layerOptions struct {
	Years string
	text  map[string]*string
	bools map[string]*bool
	flags *pflag.FlagSet
}

// layerFlagHelp documents each layer option flag.
var layerFlagHelp = map[string]string{
	"layer":            "the `LAYER`: igo, atop, trade, contiguity, unvotes, file:PATH (a CSV edge list), or tnr:FILE (incidents; tnr:ifes-2024-cases)",
	"members":          "igo: `MEMBERSHIP` that counts: full (default), full+associate, any",
	"igos":             "igo: keep only these organizations, a `LIST` of COW abbreviations (sco,gcc,csto)",
	"kinds":            "igo: keep organizations COW flags with one of a `LIST` of issue areas: political, economic, social",
	"select":           "igo: keep, each year, the organizations whose members are mostly `autocratic|democratic`",
	"threshold":        "igo with --select: `SHARE` of autocracies (democracies) at or above which an organization is selected (default 0.5)",
	"weight":           "igo: `WEIGHT`: count (default: organizations shared), jaccard, or newman (1/(members-1) per organization)",
	"obligation":       "atop: `OBLIGATION`: defense, offense, neutrality, nonaggression, consultation, or any (default)",
	"flow":             "trade: `flow|smoothflow`: reported (default) or COW's smoothed flows",
	"min-weight":       "trade: flows below `USD` million count as zero",
	"max-type":         "contiguity: largest contiguity `TYPE` that joins states: 1 land (default) to 5 (400 miles of water)",
	"abstain":          "unvotes: an abstention against yes or no counts as disagreement (same, default) or half an agreement: `same|half`",
	"issues":           "unvotes: keep roll calls on a `LIST` of issues: me, nu, di, hr, co, ec",
	"important":        "unvotes: keep only roll calls the US State Department rated important",
	"directed":         "atop, trade, file: keep the direction of ties",
	"nodes":            "file: nodes are the file's codes (file, default) or the COW state system; tnr: the COW system (cow, default) or the states in the incidents: `file|cow`",
	"from-column":      "file: `COLUMN` of the first node (default ccode1)",
	"to-column":        "file: `COLUMN` of the second node (default ccode2)",
	"year-column":      "file: `COLUMN` of the year (default year)",
	"weight-column":    "file: `COLUMN` of the weight (default weight if present, else 1)",
	"mapping":          "tnr: the incident file's layout: a built-in `MAPPING` (freedom-house, aaad, schema) or a TOML file",
	"allow-unresolved": "tnr: drop (and list) incidents whose origin or host does not resolve to a COW state",
	"rule":             "tnr: tie weight `count|any`: number of incidents (default) or 1 for at least one",
	"tactics":          "tnr: keep incidents with a `LIST` of tactics (detention, deportation_extradition, ...)",
	"cooperation":      "tnr: keep incidents whose host_cooperation is in a `LIST` of yes, no, unknown",
	"pool":             "tnr: one graph of every incident of --years (default: the coverage), labelled with the last year",
	"undated":          "tnr with --pool: also place incidents without a year in the pooled graph",
	"backbone":         "keep only significant edges: `disparity|sdsm` (sdsm: igo only)",
	"alpha":            "backbone significance level `ALPHA` (default 0.05)",
	"correction":       "backbone multiple-testing `CORRECTION`: none (default), bonferroni, holm, BH",
}

// layerHelp is the paragraph on layers the network commands share.
const layerHelp = `Layers (--layer) and their options:
  igo         co-membership in intergovernmental organizations (COW IGO v3):
              --members --igos --kinds --select --threshold --weight
  atop        alliance obligations (ATOP v5.1): --obligation --directed
  trade       bilateral trade, millions of current USD (COW Trade v4.0):
              --flow --min-weight --directed
  contiguity  direct contiguity (COW v3.2): --max-type
  unvotes     agreement in UN General Assembly roll calls (Voeten), year =
              1945 + session: --abstain --issues --important
  file:PATH   your own edge list (columns ccode1, ccode2, year[, weight]):
              --nodes --from-column --to-column --year-column
              --weight-column --directed
  tnr:FILE    transnational repression incidents, directed from origin to
              host state (tnr:ifes-2024-cases: the bundled illustrative
              cases): --mapping --allow-unresolved --rule --tactics
              --cooperation --pool --undated --nodes
  Any weighted layer: --backbone disparity|sdsm --alpha --correction.

Nodes are the states in the COW state system each year, isolates included
(a file layer's nodes are its own codes unless --nodes cow). Pairs without
an edge have weight 0 when the source observes every pair (igo, atop,
contiguity, file) and are missing when it does not (trade flows COW did
not record; states that shared no UN roll call).`

// addLayerFlags adds --layer, every layer option and --years to cmd.
func addLayerFlags(cmd *cobra.Command, o *layerOptions) {
	addLayerOptionFlags(cmd, o)
	cmd.Flags().StringVar(&o.Years, "years", "", "years `A-B` (or one year; default: every year the layer covers)")
}

// addLayerOptionFlags adds --layer and every layer option to cmd.
func addLayerOptionFlags(cmd *cobra.Command, o *layerOptions) {
	o.text, o.bools, o.flags = map[string]*string{}, map[string]*bool{}, cmd.Flags()
	f := cmd.Flags()
	var spec layers.Spec
	for _, key := range layers.Keys() {
		name := strings.ReplaceAll(key, "_", "-")
		field, _ := spec.Field(key)
		if field.Kind() == reflect.Bool {
			o.bools[key] = f.Bool(name, false, layerFlagHelp[name])
		} else {
			o.text[key] = f.String(name, "", layerFlagHelp[name])
		}
	}
}

// spec returns the layer spec and years the flags ask for, or a usage
// error.
func (o *layerOptions) spec() (layers.Spec, loaders.YearRange, error) {
	var s layers.Spec
	years, err := parseYears(o.Years)
	if err != nil {
		return s, years, err
	}
	for _, key := range layers.Keys() {
		name := strings.ReplaceAll(key, "_", "-")
		if !o.flags.Changed(name) {
			continue
		}
		field, _ := s.Field(key)
		text := ""
		if b, ok := o.bools[key]; ok {
			text = fmt.Sprint(*b)
		} else {
			text = *o.text[key]
		}
		if err := layers.SetOption(field, text); err != nil {
			return s, years, usagef("--%s: %v", name, err)
		}
	}
	if s.Layer == "" {
		return s, years, usagef("--layer is required (igo, atop, trade, contiguity, unvotes, file:PATH or tnr:FILE)")
	}
	n, err := s.Normalize()
	if err != nil {
		return s, years, usageError{err}
	}
	return n, years, nil
}

// buildPanel builds the layer the flags ask for, showing progress on a
// terminal and printing the layer's notes on stderr unless --quiet.
func buildPanel(g *globalOptions, o *layerOptions) (*layers.Panel, *layers.Data, error) {
	s, years, err := o.spec()
	if err != nil {
		return nil, nil, err
	}
	d := layers.NewData()
	if g.IsTerm && !g.Quiet {
		var bar *progressbar.ProgressBar
		d.Progress = func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(g.Stderr),
					progressbar.OptionSetDescription("building "+s.Kind()+" layer"), progressbar.OptionClearOnFinish())
			}
			bar.Set(done)
		}
	}
	p, err := d.Build(s, years)
	if err != nil {
		return nil, nil, layerErr(err)
	}
	if !g.Quiet {
		for _, n := range p.Notes {
			fmt.Fprintf(g.Stderr, "repnet: note: %s\n", n)
		}
	}
	return p, d, nil
}

// layerErr makes an error of the layer's spec a usage error.
func layerErr(err error) error {
	var se *layers.SpecError
	if errors.As(err, &se) {
		return usageError{err}
	}
	return err
}
