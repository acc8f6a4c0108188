package templates

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/xuri/excelize/v2"
)

// Sheet names of the results workbook, in tab order (SPEC §9).
const (
	SheetOverall     = "总体排名"
	SheetGroups      = "分组排名"
	SheetNodes       = "分领域得分"
	SheetIndicators  = "指标得分"
	SheetRawData     = "原始数据"
	SheetStability   = "排名稳定性"
	SheetFramework   = "指标体系"
	SheetQuality     = "数据质量"
	SheetExplanation = "说明"
	SheetHistory     = "历年得分" // with -history: each unit's score and rank over the years
)

// XLSXSheets lists the sheets of 评估结果.xlsx in tab order.
var XLSXSheets = []string{
	SheetOverall, SheetGroups, SheetNodes, SheetIndicators, SheetRawData,
	SheetStability, SheetFramework, SheetQuality, SheetExplanation,
}

// RenderXLSX writes the public results workbook 评估结果.xlsx (SPEC §9): one sheet per
// entry of [XLSXSheets]. Scores are stored at full precision as numbers with a
// number format of the framework's decimals; text read from submissions is never
// written, and unit names are written as text (a name starting with "=" stays text).
// The same inputs and opt.Date give the same bytes.
func RenderXLSX(w io.Writer, fw *evaluator.Framework, res *evaluator.Results, opt ReportOptions) error {
	if fw == nil || res == nil {
		return fmt.Errorf("render xlsx: no framework or results")
	}
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return newXLStreamZipWriter(newSortedZipWriter(w)) })
	// The first sheet is the active one. Set now: SetActiveSheet reads every sheet
	// back, and the tables are streamed (a streamed sheet read back would be parsed
	// again from its XML, and a change to it lost).
	f.SetActiveSheet(0)
	b, err := newXLBook(f, fw, res, opt)
	if err != nil {
		return fmt.Errorf("render xlsx: %w", err)
	}
	steps := []struct {
		sheet string
		fn    func() error
	}{
		{SheetOverall, b.overallSheet},
		{SheetGroups, b.groupSheet},
		{SheetNodes, b.nodeSheet},
		{SheetIndicators, b.indicatorSheet},
		{SheetRawData, b.rawDataSheet},
		{SheetStability, b.stabilitySheet},
		{SheetFramework, b.frameworkSheet},
		{SheetQuality, b.qualitySheet},
		{SheetExplanation, b.explanationSheet},
	}
	for _, s := range steps {
		if err := s.fn(); err != nil {
			return fmt.Errorf("render xlsx: %s: %w", s.sheet, err)
		}
		if b.err != nil {
			return fmt.Errorf("render xlsx: %s: %w", s.sheet, b.err)
		}
	}
	if len(opt.History) > 0 {
		if err := b.historySheet(); err != nil {
			return fmt.Errorf("render xlsx: %s: %w", SheetHistory, err)
		}
	}
	if err := b.docProps(); err != nil {
		return fmt.Errorf("render xlsx: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("render xlsx: %w", err)
	}
	return nil
}

// xlBook is the results workbook being written.
type xlBook struct {
	f        *excelize.File
	st       *xlStyles
	fw       *evaluator.Framework
	res      *evaluator.Results
	opt      ReportOptions
	decimals int
	grades   bool   // publish: grades — no ranks anywhere
	heading  string // the workbook's title, e.g. 2025年度无锡市数字化转型评估结果
	date     string // the report date, YYYY-MM-DD
	sheets   int
	err      error

	unitIndex   map[string]int // unit id → framework order
	valueStyles map[[2]int]int // (xlValueKind, decimals) → style id
}

func newXLBook(f *excelize.File, fw *evaluator.Framework, res *evaluator.Results, opt ReportOptions) (*xlBook, error) {
	if err := f.SetDefaultFont(xlFontBody); err != nil {
		return nil, err
	}
	st, err := newXLStyles(f, fw.Method.Decimals)
	if err != nil {
		return nil, err
	}
	b := &xlBook{
		f: f, st: st, fw: fw, res: res, opt: opt,
		decimals:  fw.Method.Decimals,
		grades:    fw.Method.Publish == "grades",
		unitIndex: map[string]int{},
		date:      opt.Date,

		valueStyles: map[[2]int]int{},
	}
	if b.date == "" {
		b.date = res.Date
	}
	for i, u := range fw.Units {
		b.unitIndex[u.ID] = i
	}
	b.heading = xlHeading(fw, res)
	return b, nil
}

// xlHeading is the title printed on every sheet: the framework's title with the year,
// "指标体系" (the framework) becoming "结果".
func xlHeading(fw *evaluator.Framework, res *evaluator.Results) string {
	title := fw.Title
	if title == "" {
		title = res.Framework.Title
	}
	if t, ok := strings.CutSuffix(title, "指标体系"); ok {
		title = t + "结果"
	} else if !strings.HasSuffix(title, "结果") {
		title += "结果"
	}
	year := fw.Year
	if res.Year != 0 {
		year = res.Year
	}
	if year != 0 && !strings.Contains(title, fmt.Sprint(year)) {
		title = fmt.Sprintf("%d年度%s", year, title)
	}
	return title
}

// marks are the status marks printed beside every sheet's title.
func (b *xlBook) marks() []string {
	var m []string
	if b.opt.Draft {
		m = append(m, "征求意见稿")
	}
	if b.opt.Sample {
		m = append(m, "示例数据")
	}
	return m
}

// markLines explain the status marks under every sheet's title.
func (b *xlBook) markLines() []string {
	var m []string
	if b.opt.Draft {
		m = append(m, b.un("征求意见稿：本表供各{U}核对并提出意见，不是正式发布的结果。"))
	}
	if b.opt.Sample {
		m = append(m, "示例数据：本表由虚构的示例数据生成，仅用于演示，不反映任何地区的真实情况。")
	}
	return m
}

func (b *xlBook) addSheet(name string) error {
	b.sheets++
	if b.sheets == 1 {
		return b.f.SetSheetName("Sheet1", name)
	}
	_, err := b.f.NewSheet(name)
	return err
}

// docProps fixes the document properties, the dates included, so that the same
// inputs give the same bytes.
func (b *xlBook) docProps() error {
	stamp := "2000-01-01T00:00:00Z"
	if t, err := time.Parse("2006-01-02", b.date); err == nil {
		stamp = t.Format("2006-01-02") + "T00:00:00Z"
	}
	issuer := b.fw.Issuer
	if err := b.f.SetDocProps(&excelize.DocProperties{
		Title:          b.heading,
		Subject:        b.fw.Title,
		Creator:        issuer,
		LastModifiedBy: issuer,
		Description:    fmt.Sprintf("%s %s; sha256 %s", b.res.Framework.ID, b.res.Framework.Version, b.res.Framework.SHA256),
		Keywords:       strings.Join(b.marks(), " "),
		Language:       "zh-CN",
		Created:        stamp,
		Modified:       stamp,
	}); err != nil {
		return err
	}
	return b.f.SetAppProps(&excelize.AppProperties{Application: "dteval", Company: issuer})
}

// dateText formats the report date the Chinese way: 2026年3月1日.
// un puts what the framework calls its units (地区, 镇（街道）) for {U} in a text.
func (b *xlBook) un(s string) string { return strings.ReplaceAll(s, "{U}", b.fw.UnitNoun()) }

func (b *xlBook) dateText() string {
	return xlChineseDate(b.date)
}

func xlChineseDate(d string) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return d
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// unitOrder returns the scored units in the order the public sees them: by rank (ties
// in framework order), or with publish: grades by grade in the framework's grade
// order and within a grade in framework unit order.
func (b *xlBook) unitOrder() []*evaluator.UnitResult {
	return xlOrderUnits(b.fw, b.res, b.grades, b.unitIndex)
}

func xlOrderUnits(fw *evaluator.Framework, res *evaluator.Results, grades bool, index map[string]int) []*evaluator.UnitResult {
	out := make([]*evaluator.UnitResult, len(res.Units))
	for i := range res.Units {
		out[i] = &res.Units[i]
	}
	pos := func(id string) int {
		if i, ok := index[id]; ok {
			return i
		}
		return len(index)
	}
	gradePos := map[string]int{}
	for i, g := range fw.Method.Grades {
		gradePos[g.Label] = i
	}
	gp := func(g string) int {
		if i, ok := gradePos[g]; ok {
			return i
		}
		return len(gradePos)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, c := out[i], out[j]
		if grades {
			if gp(a.Grade) != gp(c.Grade) {
				return gp(a.Grade) < gp(c.Grade)
			}
		} else if a.Rank != c.Rank {
			ra, rc := a.Rank, c.Rank
			if ra <= 0 {
				ra = 1 << 30
			}
			if rc <= 0 {
				rc = 1 << 30
			}
			if ra != rc {
				return ra < rc
			}
		}
		return pos(a.ID) < pos(c.ID)
	})
	return out
}

// notSubmitted returns the units that submitted nothing, in framework order.
func (b *xlBook) notSubmitted() []evaluator.Unit {
	return xlNotSubmitted(b.fw, b.res)
}

func xlNotSubmitted(fw *evaluator.Framework, res *evaluator.Results) []evaluator.Unit {
	set := map[string]bool{}
	for _, id := range res.NotSubmitted {
		set[id] = true
	}
	var out []evaluator.Unit
	seen := map[string]bool{}
	for _, u := range fw.Units {
		if set[u.ID] {
			out = append(out, u)
			seen[u.ID] = true
		}
	}
	for _, id := range res.NotSubmitted { // ids the framework does not list (should not happen)
		if !seen[id] {
			out = append(out, evaluator.Unit{ID: id, Name: id})
			seen[id] = true
		}
	}
	return out
}

// chapterResult is a unit's score on a top-level node (a group, or an indicator
// placed directly under the index).
func xlNodeScore(u *evaluator.UnitResult, n *evaluator.Node) (score float64, rank, groupRank int, na, ok bool) {
	if n.Kind == evaluator.KindIndicator {
		ir, found := u.Indicators[n.ID]
		if !found {
			return 0, 0, 0, false, false
		}
		return ir.Score, ir.Rank, 0, ir.NA, true
	}
	nr, found := u.Nodes[n.ID]
	if !found {
		return 0, 0, 0, false, false
	}
	return nr.Score, nr.Rank, nr.GroupRank, nr.NA, true
}

// num returns a number cell, or an empty cell.
func xlNum(v float64, style int) xlCell { return xlCell{V: v, Style: style} }

// rankCell is a rank as a number, or empty when there is none.
func (b *xlBook) rankCell(r int) xlCell {
	if r <= 0 {
		return xlCell{V: "—", Style: b.st.center}
	}
	return xlCell{V: r, Style: b.st.integer}
}

// xlTrim formats x with up to d decimals, without trailing zeros (parameters, not
// scores).
func xlTrim(x float64, d int) string {
	s := evaluator.FormatFixed(x, d)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// xlChineseNumber writes 1–99 in Chinese numerals (第十六条); other numbers in digits.
func xlChineseNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 0 || n >= 100:
		return fmt.Sprint(n)
	case n < 10:
		return digits[n]
	case n < 20:
		if n == 10 {
			return "十"
		}
		return "十" + digits[n%10]
	default:
		s := digits[n/10] + "十"
		if n%10 != 0 {
			s += digits[n%10]
		}
		return s
	}
}
