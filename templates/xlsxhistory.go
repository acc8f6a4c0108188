package templates

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/wuxi-data/dteval/evaluator"
)

// historySheet writes 历年得分 (-history): one row per unit, for every year its
// 综合得分 and its rank (with publish: grades, its grade), oldest year first, and a
// native line chart of the scores.
func (b *xlBook) historySheet() error {
	if err := b.addSheet(SheetHistory); err != nil {
		return err
	}
	f, sh, st := b.f, SheetHistory, b.st
	years := []int{}
	for _, r := range b.opt.History {
		years = append(years, r.Year)
	}
	years = append(years, b.res.Year)
	set := func(col, row int, v any, style int) error {
		c, _ := excelize.CoordinatesToCellName(col, row)
		if s, ok := v.(string); ok {
			if err := f.SetCellStr(sh, c, s); err != nil {
				return err
			}
		} else if err := f.SetCellValue(sh, c, v); err != nil {
			return err
		}
		return f.SetCellStyle(sh, c, c, style)
	}
	if err := set(1, 1, b.heading+"：历年"+evaluator.WordTotal, st.title); err != nil {
		return err
	}
	row := 2
	for _, m := range b.marks() {
		if err := set(1, row, m, st.mark); err != nil {
			return err
		}
		row++
	}
	row++
	second := evaluator.WordRank
	if b.grades {
		second = evaluator.WordGrade
	}
	hr := row
	if err := set(1, hr, b.fw.UnitNoun(), st.header); err != nil {
		return err
	}
	f.SetColWidth(sh, "A", "A", 16)
	for j, y := range years {
		if err := set(2+j, hr, fmt.Sprintf("%d年%s", y, evaluator.WordTotal), st.header); err != nil {
			return err
		}
		if err := set(2+len(years)+j, hr, fmt.Sprintf("%d年%s", y, second), st.header); err != nil {
			return err
		}
	}
	last, _ := excelize.ColumnNumberToName(1 + 2*len(years))
	f.SetColWidth(sh, "B", last, 13)
	var series []excelize.ChartSeries
	lastScore, _ := excelize.ColumnNumberToName(1 + len(years))
	r := hr + 1
	for _, u := range b.fw.Units {
		ys := evaluator.UnitHistory(u.ID, b.opt.History, b.res)
		if len(ys) == 0 {
			continue
		}
		if err := set(1, r, u.Name, st.text); err != nil {
			return err
		}
		for j, y := range years {
			for _, p := range ys {
				if p.Year != y {
					continue
				}
				if err := set(2+j, r, p.Score, st.score); err != nil {
					return err
				}
				var v any = p.Rank
				style := st.integer
				if b.grades {
					v, style = p.Grade, st.center
				}
				if err := set(2+len(years)+j, r, v, style); err != nil {
					return err
				}
			}
		}
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$A$%d", sh, r),
			Categories: fmt.Sprintf("'%s'!$B$%d:$%s$%d", sh, hr, lastScore, hr),
			Values:     fmt.Sprintf("'%s'!$B$%d:$%s$%d", sh, r, lastScore, r),
			Marker:     excelize.ChartMarker{Symbol: "circle", Size: 4},
		})
		r++
	}
	if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: hr, TopLeftCell: fmt.Sprintf("B%d", hr+1), ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if len(series) == 0 {
		return nil
	}
	anchor, _ := excelize.CoordinatesToCellName(1, r+2)
	return f.AddChart(sh, anchor, &excelize.Chart{
		Type:      excelize.Line,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "历年" + evaluator.WordTotal}}},
		Legend:    excelize.ChartLegend{Position: "right"},
		Dimension: excelize.ChartDimension{Width: 760, Height: 380},
	})
}
