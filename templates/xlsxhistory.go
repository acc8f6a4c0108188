package templates

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/wuxi-data/dteval/evaluator"
)

// historySheet writes 历年得分 (-history): one row per unit, for every year its
// 综合得分 and its rank (with publish: grades, its grade), oldest year first, and a
// native line chart of the scores under the table.
func (b *xlBook) historySheet() error {
	st := b.st
	years := []int{}
	for _, r := range b.opt.History {
		years = append(years, r.Year)
	}
	years = append(years, b.res.Year)
	second := evaluator.WordRank
	if b.grades {
		second = evaluator.WordGrade
	}
	cols := []xlCol{{Name: b.fw.UnitNoun(), Width: 16, Style: st.text}}
	for _, y := range years {
		cols = append(cols, xlCol{Name: fmt.Sprintf("%d年%s", y, evaluator.WordTotal), Width: 13, Style: st.score})
	}
	for _, y := range years {
		style := st.integer
		if b.grades {
			style = st.center
		}
		cols = append(cols, xlCol{Name: fmt.Sprintf("%d年%s", y, second), Width: 13, Style: style})
	}
	var rows [][]xlCell
	for _, u := range b.fw.Units {
		ys := evaluator.UnitHistory(u.ID, b.opt.History, b.res)
		if len(ys) == 0 {
			continue
		}
		row := make([]xlCell, len(cols))
		row[0] = xlCell{V: u.Name}
		for j, y := range years {
			for _, p := range ys {
				if p.Year != y {
					continue
				}
				row[1+j] = xlCell{V: p.Score}
				row[1+len(years)+j] = xlCell{V: p.Rank}
				if b.grades {
					row[1+len(years)+j] = xlCell{V: p.Grade}
				}
			}
		}
		rows = append(rows, row)
	}
	_, err := b.writeTable(&xlTable{Name: SheetHistory, Title: "历年" + evaluator.WordTotal, Cols: cols, Rows: rows, FreezeCols: 1,
		Finish: func(lay *xlLayout) error { return b.historyChart(lay, len(years)) }})
	return err
}

// xlHistoryChartMax is the most units the 历年得分 chart draws: with more, the
// legend crowds out the plot and the lines cannot be told apart.
const xlHistoryChartMax = 20

// historyChart adds a line chart of each unit's 综合得分 over the years under the
// 历年得分 table, on one page (none for more than xlHistoryChartMax units).
func (b *xlBook) historyChart(lay *xlLayout, years int) error {
	if lay.LastRow < lay.FirstRow || lay.LastRow-lay.FirstRow+1 > xlHistoryChartMax {
		return nil
	}
	sh := xlQuoteSheet(SheetHistory)
	lastScore := xlColName(1 + years)
	var series []excelize.ChartSeries
	for r := lay.FirstRow; r <= lay.LastRow; r++ {
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("%s!$A$%d", sh, r),
			Categories: fmt.Sprintf("%s!$B$%d:$%s$%d", sh, lay.HeaderRow, lastScore, lay.HeaderRow),
			Values:     fmt.Sprintf("%s!$B$%d:$%s$%d", sh, r, lastScore, r),
			Marker:     excelize.ChartMarker{Symbol: "circle", Size: 4},
		})
	}
	width := min(760, lay.chartWidth())
	height := min(380, lay.chartRoom())
	if left := lay.roomLeft(); left >= 260 {
		height = min(height, left) // on the table's page rather than alone under a repeated header
	}
	row, err := b.placeBelow(SheetHistory, lay, height)
	if err != nil {
		return err
	}
	title := "历年" + evaluator.WordTotal
	return b.f.AddChart(SheetHistory, xlCellName(1, row), &excelize.Chart{
		Type:      excelize.Line,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title, Font: &excelize.Font{Family: xlFontTitle, Size: 12, Bold: true}}}},
		Legend:    excelize.ChartLegend{Position: "right"},
		Dimension: excelize.ChartDimension{Width: uint(width), Height: uint(height)},
		Format:    excelize.GraphicOptions{AltText: title, OffsetX: 4, OffsetY: 4},
	})
}
