package templates

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
)

// xlSynthetic builds a framework of units × indicators (5 chapters, no regulation map)
// and results for it, for benchmarks at the scale of SPEC §11.
func xlSynthetic(b testing.TB, units, indicators int) (*evaluator.Framework, *evaluator.Results) {
	var y strings.Builder
	y.WriteString("schema: dteval/framework/v1\nid: synthetic\ntitle: 合成指标体系\nversion: \"1\"\nyear: 2025\nunits:\n")
	for i := 0; i < units; i++ {
		fmt.Fprintf(&y, "  - {id: u%d, name: 单位%d, group: 组%d}\n", i, i, i%3)
	}
	y.WriteString("fields:\n")
	for k := 0; k < indicators; k++ {
		fmt.Fprintf(&y, "  - {id: f%d, name: 字段%d, unit: 个, type: number}\n", k, k)
	}
	y.WriteString("index:\n  id: dti\n  name: 指数\n  children:\n")
	for c := 0; c < 5; c++ {
		fmt.Fprintf(&y, "    - id: c%d\n      name: 领域%d\n      children:\n", c, c)
		for k := c; k < indicators; k += 5 {
			fmt.Fprintf(&y, "        - {id: i%d, name: 指标%d, value: f%d}\n", k, k, k)
		}
	}
	fw, err := evaluator.LoadBytes("synthetic.yaml", []byte(y.String()))
	if err != nil {
		b.Fatal(err)
	}
	res := &evaluator.Results{Schema: evaluator.ResultsSchema, Year: 2025, Date: "2026-03-01"}
	for i, u := range fw.Units {
		ur := evaluator.UnitResult{ID: u.ID, Name: u.Name, Group: u.Group, Score: float64(i%100) + 0.123, Rank: i + 1, GroupRank: i/3 + 1, Grade: "合格",
			Nodes: map[string]evaluator.NodeResult{}, Indicators: map[string]evaluator.IndicatorResult{}, Fields: map[string]any{}}
		for _, n := range fw.Groups() {
			ur.Nodes[n.ID] = evaluator.NodeResult{Score: float64((i*7)%100) + 0.5, Rank: i + 1}
		}
		for k, n := range fw.Leaves() {
			v := float64((i*13+k)%1000) / 7
			ur.Indicators[n.ID] = evaluator.IndicatorResult{Raw: &v, Value: &v, Score: float64((i+k)%100) + 0.25, Imputed: (i+k)%97 == 0}
			ur.Fields[fmt.Sprintf("f%d", k)] = v
		}
		res.Units = append(res.Units, ur)
	}
	return fw, res
}

// BenchmarkRenderXLSX renders the results workbook for 1,000 units × 200 indicators.
func BenchmarkRenderXLSX(b *testing.B) {
	fw, res := xlSynthetic(b, 1000, 200)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := RenderXLSX(io.Discard, fw, res, ReportOptions{Date: "2026-03-01"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderCSV renders the open-data CSV for 1,000 units × 200 indicators.
func BenchmarkRenderCSV(b *testing.B) {
	fw, res := xlSynthetic(b, 1000, 200)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := RenderCSV(io.Discard, fw, res, ReportOptions{Date: "2026-03-01"}); err != nil {
			b.Fatal(err)
		}
	}
}
