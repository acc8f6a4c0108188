package templates

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	ev "github.com/wuxi-data/dteval/evaluator"
)

// Sheets of the self-assessment workbook.
const (
	selfSheetOverall  = "总体情况"
	selfSheetProgress = "指标进度"
	selfSheetSeries   = "逐年数据"
	selfSheetBehind   = "进度滞后"
	selfSheetNotes    = "说明"
)

func (m *selfModel) marks() []string {
	var out []string
	if m.opt.Draft {
		out = append(out, ev.WordDraft)
	}
	if m.opt.Sample {
		out = append(out, ev.WordDemo)
	}
	return out
}

// RenderSelfCSV writes the open data of a self-assessment: one row per indicator and
// year of its plan period, with the plan, the value, the achievement, the score and
// the status.
func RenderSelfCSV(w io.Writer, fw *ev.Framework, res *ev.Results, opt ReportOptions) error {
	m, err := newSelfModel(fw, res, opt)
	if err != nil {
		return fmt.Errorf("render csv: %w", err)
	}
	header := []string{"indicator_id", ev.WordIndicator, ev.WordChapter, "条款", ev.WordMeasureUnit, ev.WordDirection,
		"基期年度", ev.WordBaseline, "目标年度", ev.WordTargetValue, "目标值来源", "年度", ev.WordValue, ev.WordAchievement + "（%）", ev.WordScore, "状态"}
	marks := m.marks()
	if len(marks) > 0 {
		header = append(header, "标注")
	}
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	cw.Write(header)
	for _, rw := range m.rows {
		n := rw.node
		for _, p := range rw.ir.Series {
			rec := []csvCell{csvText(n.ID), csvText(n.Name), csvText(rw.chapter.Name), csvText(selfArticle(n.Article)), csvText(n.Unit),
				csvText(ev.DirectionName(n.Direction)),
				csvNumber(strconv.Itoa(n.Baseline.Year)), csvNumber(numText(n.Baseline.Value)),
				csvNumber(strconv.Itoa(n.Target.Year)), csvNumber(numText(n.Target.Value)), csvText(n.Target.Source),
				csvNumber(strconv.Itoa(p.Year))}
			if p.Value == nil {
				rec = append(rec, csvText(""), csvText(""), csvText(""), csvText(ev.WordNoData))
			} else {
				rec = append(rec, csvNumber(numText(*p.Value)), csvNumber(ev.FormatFixed(100**p.Achievement, 1)),
					csvNumber(ev.FormatFixed(*p.Score, m.dec)), csvText(statusName(p.Status)))
			}
			if len(marks) > 0 {
				rec = append(rec, csvText(strings.Join(marks, "；")))
			}
			out := make([]string, len(rec))
			for i, c := range rec {
				out[i] = c.String()
			}
			cw.Write(out)
		}
	}
	cw.Flush()
	return cw.Error()
}

func numText(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func selfArticle(a int) string {
	if a <= 0 {
		return ""
	}
	return fmt.Sprintf("第%d条", a)
}

// RenderSelfXLSX writes the workbook of a self-assessment: 总体情况 (completion by
// year, overall and by chapter, with a line chart), 指标进度 (per indicator the plan,
// each year's value, the achievement and the status), 逐年数据 (one row per indicator
// and year), 进度滞后, 说明.
func RenderSelfXLSX(w io.Writer, fw *ev.Framework, res *ev.Results, opt ReportOptions) error {
	m, err := newSelfModel(fw, res, opt)
	if err != nil {
		return fmt.Errorf("render xlsx: %w", err)
	}
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return newSortedZipWriter(w) })
	x := &selfXL{m: m, f: f}
	f.SetSheetName("Sheet1", selfSheetOverall)
	for _, s := range []string{selfSheetProgress, selfSheetSeries, selfSheetBehind, selfSheetNotes} {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}
	x.styles()
	for _, s := range []string{selfSheetOverall, selfSheetProgress, selfSheetSeries, selfSheetBehind, selfSheetNotes} {
		// print: landscape A4, one page wide
		if err := f.SetPageLayout(s, &excelize.PageLayoutOptions{Size: ptr(9), Orientation: ptr("landscape"), FitToWidth: ptr(1), FitToHeight: ptr(0)}); err != nil {
			return err
		}
		if err := f.SetSheetProps(s, &excelize.SheetPropsOptions{FitToPage: ptr(true)}); err != nil {
			return err
		}
	}
	x.overall()
	x.progress()
	x.series()
	x.behindSheet()
	x.notes()
	if x.err != nil {
		return fmt.Errorf("render xlsx: %w", x.err)
	}
	stamp := "2000-01-01T00:00:00Z"
	if m.dateText != "" {
		stamp = m.date.Format("2006-01-02") + "T00:00:00Z"
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: fmt.Sprintf("%s（%d年度）", fw.Title, res.Year), Subject: ev.WordSelfAssess,
		Creator: fw.Issuer, LastModifiedBy: fw.Issuer, Keywords: strings.Join(m.marks(), " "), Language: "zh-CN", Created: stamp, Modified: stamp,
		Description: fmt.Sprintf("%s %s; sha256 %s", res.Framework.ID, res.Framework.Version, res.Framework.SHA256)}); err != nil {
		return err
	}
	if err := f.SetAppProps(&excelize.AppProperties{Application: "dteval", Company: fw.Issuer}); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

type selfXL struct {
	m   *selfModel
	f   *excelize.File
	err error

	title, head, mark, num, pct, text, bold int
	status                                  map[string]int
}

func (x *selfXL) style(s *excelize.Style) int {
	id, err := x.f.NewStyle(s)
	if err != nil && x.err == nil {
		x.err = err
	}
	return id
}

func (x *selfXL) styles() {
	border := []excelize.Border{{Type: "bottom", Color: "BFBFBF", Style: 1}}
	x.title = x.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	x.mark = x.style(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"}})
	x.head = x.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E2E7EE"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}, Border: border})
	dec := "0"
	if x.m.dec > 0 {
		dec += "." + strings.Repeat("0", x.m.dec)
	}
	x.num = x.style(&excelize.Style{CustomNumFmt: &dec, Border: border})
	pf := "0.0%"
	x.pct = x.style(&excelize.Style{CustomNumFmt: &pf, Border: border})
	x.text = x.style(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}, Border: border})
	x.bold = x.style(&excelize.Style{Font: &excelize.Font{Bold: true}, CustomNumFmt: &dec, Border: border})
	x.status = map[string]int{
		ev.StatusMet:     x.style(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9EAD3"}}, Border: border, Alignment: &excelize.Alignment{Horizontal: "center"}}),
		ev.StatusOnTrack: x.style(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}, Border: border, Alignment: &excelize.Alignment{Horizontal: "center"}}),
		ev.StatusBehind:  x.style(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F8CBAD"}}, Border: border, Alignment: &excelize.Alignment{Horizontal: "center"}}),
		"":               x.style(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center"}}),
	}
}

func cellName(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

func (x *selfXL) set(sheet string, col, row int, v any, style int) {
	c := cellName(col, row)
	if s, ok := v.(string); ok {
		if err := x.f.SetCellStr(sheet, c, s); err != nil && x.err == nil {
			x.err = err
		}
	} else if err := x.f.SetCellValue(sheet, c, v); err != nil && x.err == nil {
		x.err = err
	}
	if style != 0 {
		x.f.SetCellStyle(sheet, c, c, style)
	}
}

// top writes the title and the marks; it returns the next free row.
func (x *selfXL) top(sheet, title string) int {
	x.set(sheet, 1, 1, title, x.title)
	row := 2
	if mk := x.m.marks(); len(mk) > 0 {
		x.set(sheet, 1, row, strings.Join(mk, "；")+"：本表"+markNote(x.m.opt), x.mark)
		row++
	}
	return row + 1
}

func markNote(opt ReportOptions) string {
	var parts []string
	if opt.Sample {
		parts = append(parts, "由虚构的示例数据生成，仅用于演示")
	}
	if opt.Draft {
		parts = append(parts, "为征求意见稿，不是正式发布的结果")
	}
	return strings.Join(parts, "；")
}

func (x *selfXL) header(sheet string, row int, heads []string, widths []float64) {
	for i, h := range heads {
		x.set(sheet, i+1, row, h, x.head)
		col, _ := excelize.ColumnNumberToName(i + 1)
		x.f.SetColWidth(sheet, col, col, widths[i])
	}
	x.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: row, TopLeftCell: cellName(1, row+1), ActivePane: "bottomLeft"})
}

func (x *selfXL) overall() {
	m, sh := x.m, selfSheetOverall
	row := x.top(sh, fmt.Sprintf("%s（%d年度）— %s", m.fw.Title, m.res.Year, ev.WordSelfAssess))
	x.set(sh, 1, row, fmt.Sprintf("%d年%s %s 分；%s。", m.res.Year, ev.WordOverall, m.num(m.unit.Score), m.countsText(m.rows)), 0)
	row += 2
	heads := []string{ev.WordChapter}
	widths := []float64{34}
	for _, y := range m.years {
		heads = append(heads, fmt.Sprintf("%d年", y))
		widths = append(widths, 11)
	}
	hr := row
	x.header(sh, hr, heads, widths)
	ids := []string{m.fw.Index.ID}
	names := []string{ev.WordOverall}
	for _, c := range m.chapters {
		ids = append(ids, c.node.ID)
		names = append(names, c.node.Name)
	}
	for i, id := range ids {
		r := hr + 1 + i
		st := x.num
		if i == 0 {
			st = x.bold
		}
		x.set(sh, 1, r, names[i], x.text)
		for j, y := range m.years {
			if s, ok := m.nodeScore(id, y); ok {
				x.set(sh, j+2, r, s, st)
			} else {
				x.set(sh, j+2, r, ev.WordNoData, x.text)
			}
		}
	}
	// a native line chart: completion by year, overall and by chapter
	last, _ := excelize.ColumnNumberToName(len(m.years) + 1)
	var series []excelize.ChartSeries
	for i := range ids {
		r := hr + 1 + i
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$A$%d", sh, r),
			Categories: fmt.Sprintf("'%s'!$B$%d:$%s$%d", sh, hr, last, hr),
			Values:     fmt.Sprintf("'%s'!$B$%d:$%s$%d", sh, r, last, r),
			Marker:     excelize.ChartMarker{Symbol: "circle", Size: 5},
		})
	}
	err := x.f.AddChart(sh, cellName(1, hr+len(ids)+2), &excelize.Chart{
		Type:      excelize.Line,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: ev.WordOverall + "和各领域完成度（分）"}}},
		YAxis:     excelize.ChartAxis{Minimum: new(float64), Maximum: ptr(100.0)},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 720, Height: 340},
	})
	if err != nil && x.err == nil {
		x.err = err
	}
}

func ptr[T any](v T) *T { return &v }

func (x *selfXL) progress() {
	m, sh := x.m, selfSheetProgress
	row := x.top(sh, "各指标完成进度")
	heads := []string{ev.WordChapter, "条款", ev.WordIndicator, ev.WordMeasureUnit, ev.WordDirection, "基期年度", ev.WordBaseline}
	widths := []float64{22, 9, 34, 10, 8, 9, 10}
	for _, y := range m.years {
		heads = append(heads, fmt.Sprintf("%d年", y))
		widths = append(widths, 10)
	}
	heads = append(heads, "目标年度", ev.WordTargetValue, "目标值来源", ev.WordAchievement, ev.WordScore, "状态")
	widths = append(widths, 9, 10, 18, 10, 9, 10)
	x.header(sh, row, heads, widths)
	for i, rw := range m.rows {
		r := row + 1 + i
		n := rw.node
		vals := []any{rw.chapter.Name, selfArticle(n.Article), n.Name, n.Unit, ev.DirectionName(n.Direction), n.Baseline.Year, n.Baseline.Value}
		for c, v := range vals {
			st := x.text
			if c == 6 {
				st = 0
			}
			x.set(sh, c+1, r, v, st)
		}
		col := len(vals) + 1
		for _, y := range m.years {
			p, ok := rw.byYear[y]
			switch {
			case !ok:
				x.set(sh, col, r, "—", x.text)
			case p.Value == nil:
				x.set(sh, col, r, ev.WordNoData, x.text)
			default:
				x.set(sh, col, r, *p.Value, 0)
			}
			col++
		}
		x.set(sh, col, r, n.Target.Year, 0)
		x.set(sh, col+1, r, n.Target.Value, 0)
		x.set(sh, col+2, r, n.Target.Source, x.text)
		if rw.ir.Achievement != nil {
			x.set(sh, col+3, r, *rw.ir.Achievement, x.pct)
		} else {
			x.set(sh, col+3, r, ev.WordNoData, x.text)
		}
		x.set(sh, col+4, r, rw.ir.Score, x.num)
		x.set(sh, col+5, r, statusName(rw.ir.Status), x.status[rw.ir.Status])
	}
	lastCol, _ := excelize.ColumnNumberToName(len(heads))
	x.f.AutoFilter(sh, fmt.Sprintf("A%d:%s%d", row, lastCol, row+len(m.rows)), nil)
}

func (x *selfXL) series() {
	m, sh := x.m, selfSheetSeries
	row := x.top(sh, "逐年数据（每项指标每个规划年度一行）")
	heads := []string{"indicator_id", ev.WordIndicator, "年度", ev.WordValue, ev.WordAchievement, ev.WordScore, "状态"}
	x.header(sh, row, heads, []float64{18, 34, 8, 12, 10, 9, 10})
	r := row + 1
	for _, rw := range m.rows {
		for _, p := range rw.ir.Series {
			x.set(sh, 1, r, rw.node.ID, x.text)
			x.set(sh, 2, r, rw.node.Name, x.text)
			x.set(sh, 3, r, p.Year, 0)
			if p.Value == nil {
				x.set(sh, 4, r, ev.WordNoData, x.text)
			} else {
				x.set(sh, 4, r, *p.Value, 0)
				x.set(sh, 5, r, *p.Achievement, x.pct)
				x.set(sh, 6, r, *p.Score, x.num)
			}
			x.set(sh, 7, r, statusName(p.Status), x.status[p.Status])
			r++
		}
	}
	x.f.AutoFilter(sh, fmt.Sprintf("A%d:G%d", row, r-1), nil)
}

func (x *selfXL) behindSheet() {
	m, sh := x.m, selfSheetBehind
	row := x.top(sh, fmt.Sprintf("%d年进度滞后的指标（差距从大到小）", m.res.Year))
	heads := []string{ev.WordChapter, "条款", ev.WordIndicator, ev.WordMeasureUnit, fmt.Sprintf("%d年实际值", m.res.Year), ev.WordTargetValue, "目标年度", ev.WordAchievement, "应达进度", "目标值来源"}
	x.header(sh, row, heads, []float64{22, 9, 34, 10, 12, 10, 9, 10, 10, 18})
	for i, rw := range m.behind() {
		r := row + 1 + i
		n := rw.node
		x.set(sh, 1, r, rw.chapter.Name, x.text)
		x.set(sh, 2, r, selfArticle(n.Article), x.text)
		x.set(sh, 3, r, n.Name, x.text)
		x.set(sh, 4, r, n.Unit, x.text)
		if v := rw.byYear[m.res.Year].Value; v != nil {
			x.set(sh, 5, r, *v, 0)
		}
		x.set(sh, 6, r, n.Target.Value, 0)
		x.set(sh, 7, r, n.Target.Year, 0)
		x.set(sh, 8, r, *rw.ir.Achievement, x.pct)
		x.set(sh, 9, r, min(rw.elapsed, 1), x.pct)
		x.set(sh, 10, r, n.Target.Source, x.text)
	}
}

func (x *selfXL) notes() {
	m, sh := x.m, selfSheetNotes
	row := x.top(sh, "说明")
	x.f.SetColWidth(sh, "A", "A", 110)
	lines := []string{
		fmt.Sprintf("评估对象：%s（%s，一个单位，不排名）。依据：%s指标体系 %s（%s %s）。", m.unit.Name, ev.WordSelfAssess, regulationPrefix(m.regulationRef()), m.fw.Title, m.fw.ID, m.fw.Version),
		fmt.Sprintf("%s = (实际值 − %s) ÷ (%s − %s)；逆向指标同样按从基期值到目标值的进展计算。得分 = 100 × %s（截取到 0–100%%），逐级加权平均得各领域完成度和%s。",
			ev.WordAchievement, ev.WordBaseline, ev.WordTargetValue, ev.WordBaseline, ev.WordAchievement, ev.WordOverall),
		fmt.Sprintf("状态：达到目标值为「%s」；未达到但%s不低于规划期已过去的比例为「%s」；否则为「%s」。目标年度已到而未达到目标值的为「%s」。",
			ev.StatusNames[ev.StatusMet], ev.WordAchievement, ev.StatusNames[ev.StatusOnTrack], ev.StatusNames[ev.StatusBehind], ev.StatusNames[ev.StatusBehind]),
		fmt.Sprintf("某年度没有数值的，显示「%s」，该年度计算完成度时不计入该项（其权重由同组其他指标分担）。「—」表示该年度不在该指标的规划期内。", ev.WordNoData),
		fmt.Sprintf("来源标注为「%s」的基期值和目标值尚未与规划文件核对，不得作为正式结论引用。", ev.WordUnverified),
		fmt.Sprintf("指标体系 SHA-256：%s。", m.res.Framework.SHA256),
	}
	for _, in := range m.res.Inputs {
		lines = append(lines, fmt.Sprintf("输入数据 SHA-256：%s。", in.SHA256))
	}
	for i, l := range lines {
		x.set(sh, 1, row+i, l, x.text)
	}
}

// regulationPrefix is 「《title》，」 before the framework in the notes, "" without a
// regulation map.
func regulationPrefix(ref string) string {
	if ref == "" {
		return ""
	}
	return ref + "，"
}
