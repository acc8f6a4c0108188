package examplegen

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"

	"github.com/wuxi-data/dteval/evaluator"
)

// The monitoring fields of the 2024 example (监测字段: collected in 2024, scored
// from 2025 on) were first made by scaling each unit's 2025 values by one factor,
// so every unit's comparable 2024 score moved with its 2025 one and the demo showed
// 名次变化 持平 for all eight. PriorYear gives them a year-on-year change of their
// own instead: each unit has a momentum (how fast it moved on the whole — some
// units gained ground, one lost some), each value its own deviation from it, all
// drawn from a seeded generator, so the same seed writes the same CSV.

// PriorSeed is the seed of the committed values-2024.csv.
const PriorSeed = 1

// MonitoringFields are the numeric fields that the earlier edition collects but
// does not score and the later edition scores: the fields whose earlier values
// PriorYear derives.
func MonitoringFields(earlier, later *evaluator.Framework) []string {
	read := func(fw *evaluator.Framework) map[string]bool {
		out := map[string]bool{}
		fw.Walk(func(n *evaluator.Node) {
			if n.Kind != evaluator.KindIndicator {
				return
			}
			if n.Expr == nil {
				out[n.ID] = true
				return
			}
			for _, id := range n.Expr.Fields {
				out[id] = true
			}
		})
		return out
	}
	early, late := read(earlier), read(later)
	var out []string
	for _, f := range earlier.Fields {
		numeric := f.Type == evaluator.TypeNumber || f.Type == evaluator.TypeInteger || f.Type == evaluator.TypePercent
		if numeric && !early[f.ID] && late[f.ID] && later.Field(f.ID) != nil {
			out = append(out, f.ID)
		}
	}
	return out
}

// PriorYear returns last year's value of field f from this year's value cur (as
// in the values CSV) and the growth g over the year (0.1: 10 %): populations (万人)
// move by a tenth of it; percents by 40·g points, less near 100 (the room left,
// (100 − x)/25 + 0.3, at most 1); other numbers by the factor 1 + g, integers
// staying whole. Last year's value has this year's decimals and stays within the
// field's bounds. Values g cannot apply to (不适用, empty) are kept.
func PriorYear(f *evaluator.Field, cur string, g float64) string {
	x, err := strconv.ParseFloat(cur, 64)
	if err != nil {
		return cur
	}
	var prev float64
	switch {
	case f.Unit == "万人":
		prev = x / (1 + g/10)
	case f.Type == evaluator.TypePercent:
		// in points: up to 12 points at full growth, less room near 100
		room := math.Min(1, (100-x)/25+0.3)
		prev = x - g*40*room
	default:
		prev = x / (1 + g)
	}
	if f.Max != nil {
		prev = math.Min(prev, *f.Max)
	}
	if f.Min != nil {
		prev = math.Max(prev, *f.Min)
	}
	prev = math.Max(prev, 0)
	if f.Type == evaluator.TypeInteger {
		return strconv.FormatFloat(math.Round(prev), 'f', -1, 64)
	}
	d := decimalsOf(cur)
	return strconv.FormatFloat(roundTo(prev, d), 'f', -1, 64)
}

// decimalsOf is the number of decimals s is written with (this year's value
// sets last year's precision).
func decimalsOf(s string) int {
	if i := bytes.IndexByte([]byte(s), '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

func roundTo(x float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(x*p) / p
}

// RewritePrior rewrites the values CSV of the earlier edition at path: the rows
// of the monitoring fields get PriorYear of the later edition's values (cur),
// unit by unit in the CSV's column order, each unit with its momentum; every
// other row is kept as it is.
func RewritePrior(path string, earlier, later *evaluator.Framework, cur map[string]map[string]string, seed uint64) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if len(recs) == 0 || recs[0][0] != "field" {
		return fmt.Errorf("%s: want a header field,<unit ids…>", path)
	}
	units := recs[0][1:]
	rnd := rand.New(rand.NewPCG(seed, 0))
	// momentum: the unit's growth on the whole, from −4 % (lost ground) to +26 %
	momentum := map[string]float64{}
	for _, u := range units {
		momentum[u] = -0.04 + 0.30*rnd.Float64()
	}
	monitor := map[string]bool{}
	for _, id := range MonitoringFields(earlier, later) {
		monitor[id] = true
	}
	for _, rec := range recs[1:] {
		if !monitor[rec[0]] {
			continue
		}
		f := later.Field(rec[0])
		for j, u := range units {
			if j+1 < len(rec) {
				// the unit's momentum and the value's own deviation from it
				rec[j+1] = PriorYear(f, cur[u][rec[0]], momentum[u]+rnd.NormFloat64()*0.06)
			}
		}
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(recs); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
