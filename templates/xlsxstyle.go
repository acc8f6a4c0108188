package templates

import (
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/xuri/excelize/v2"
)

// Fonts and colours of the results workbook. 宋体 for the body and 黑体 for titles are
// what readers in government expect (domain/PUBLICATION.md); applications without
// them substitute a CJK face of the same kind.
const (
	xlFontBody  = "宋体"
	xlFontTitle = "黑体"
	xlFontSize  = 10 // 5号 is 10.5 pt; 10 keeps wide tables on A4 landscape

	xlColorHeader  = "D9E1F2" // header fill
	xlColorNA      = "F2F2F2" // 不适用
	xlColorMissing = "FFC7CE" // missing (缺失)
	xlColorImputed = "DDEBF7" // imputed (插补)
	xlColorTreated = "FCE4D6" // winsorised or log-transformed (极端值处理)
	xlColorAdjust  = "E2EFDA" // changed by the bureau's audit (核查核减)
	xlColorDraft   = "C00000" // 征求意见稿 / 示例数据 marks
	xlColorLow     = "F8CBAD" // colour scale: lowest
	xlColorMid     = "FFF2CC" // colour scale: median
	xlColorHigh    = "A9D08E" // colour scale: highest
)

// xlStyles are the style ids of one workbook.
type xlStyles struct {
	title, mark, note, legendLabel int
	header, headerLeft             int
	text, textWrap, center         int
	integer, score, scoreBold      int
	scoreChange, rankChange        int
	general                        int
	na, missing                    int
	notSubmitted                   int
	keyLabel, para                 int
	// Legend samples: the marking fills, centred.
	lgImputed, lgTreated, lgAdjusted int
}

// xlNumFmt returns the number format with exactly d decimals ("0.00" for 2).
func xlNumFmt(d int) string {
	if d <= 0 {
		return "0"
	}
	return "0." + strings.Repeat("0", d)
}

func newXLStyles(f *excelize.File, decimals int) (*xlStyles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "BFBFBF", Style: 1},
		{Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1},
		{Type: "bottom", Color: "BFBFBF", Style: 1},
	}
	body := func() *excelize.Font { return &excelize.Font{Family: xlFontBody, Size: xlFontSize} }
	fill := func(c string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}}
	}
	vcenter := func(h string, wrap bool) *excelize.Alignment {
		return &excelize.Alignment{Horizontal: h, Vertical: "center", WrapText: wrap}
	}
	sf := xlNumFmt(decimals)
	changeFmt := evaluator.ScoreChangeNumFmt(decimals)
	rankFmt := evaluator.RankChangeNumFmt
	var s xlStyles
	defs := []struct {
		id    *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Family: xlFontTitle, Size: 14, Bold: true}, Alignment: vcenter("left", true)}},
		{&s.mark, excelize.Style{Font: &excelize.Font{Family: xlFontTitle, Size: 10, Bold: true, Color: xlColorDraft}, Alignment: vcenter("left", true)}},
		{&s.note, excelize.Style{Font: &excelize.Font{Family: xlFontBody, Size: 9, Color: "595959"}, Alignment: vcenter("left", true)}},
		{&s.legendLabel, excelize.Style{Font: &excelize.Font{Family: xlFontBody, Size: 9, Color: "595959"}, Alignment: vcenter("right", false)}},
		{&s.header, excelize.Style{Font: &excelize.Font{Family: xlFontTitle, Size: xlFontSize, Bold: true}, Fill: fill(xlColorHeader), Border: border, Alignment: vcenter("center", true)}},
		{&s.headerLeft, excelize.Style{Font: &excelize.Font{Family: xlFontTitle, Size: xlFontSize, Bold: true}, Fill: fill(xlColorHeader), Border: border, Alignment: vcenter("left", true)}},
		{&s.text, excelize.Style{Font: body(), Border: border, Alignment: vcenter("left", false)}},
		{&s.textWrap, excelize.Style{Font: body(), Border: border, Alignment: vcenter("left", true)}},
		{&s.center, excelize.Style{Font: body(), Border: border, Alignment: vcenter("center", false)}},
		{&s.integer, excelize.Style{Font: body(), Border: border, Alignment: vcenter("center", false), NumFmt: 1}},
		{&s.score, excelize.Style{Font: body(), Border: border, Alignment: vcenter("right", false), CustomNumFmt: &sf}},
		{&s.scoreBold, excelize.Style{Font: &excelize.Font{Family: xlFontBody, Size: xlFontSize, Bold: true}, Border: border, Alignment: vcenter("right", false), CustomNumFmt: &sf}},
		{&s.scoreChange, excelize.Style{Font: body(), Border: border, Alignment: vcenter("right", false), CustomNumFmt: &changeFmt}},
		{&s.rankChange, excelize.Style{Font: body(), Border: border, Alignment: vcenter("center", false), CustomNumFmt: &rankFmt}},
		{&s.general, excelize.Style{Font: body(), Border: border, Alignment: vcenter("right", false)}},
		{&s.na, excelize.Style{Font: &excelize.Font{Family: xlFontBody, Size: xlFontSize, Color: "7F7F7F"}, Fill: fill(xlColorNA), Border: border, Alignment: vcenter("center", false)}},
		{&s.missing, excelize.Style{Font: &excelize.Font{Family: xlFontBody, Size: xlFontSize, Color: "9C0006"}, Fill: fill(xlColorMissing), Border: border, Alignment: vcenter("center", false)}},
		{&s.notSubmitted, excelize.Style{Font: &excelize.Font{Family: xlFontBody, Size: xlFontSize, Color: "9C0006"}, Border: border, Alignment: vcenter("center", false)}},
		{&s.keyLabel, excelize.Style{Font: &excelize.Font{Family: xlFontTitle, Size: xlFontSize, Bold: true}, Fill: fill(xlColorHeader), Border: border, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}}},
		{&s.lgImputed, excelize.Style{Font: &excelize.Font{Family: xlFontBody, Size: xlFontSize, Italic: true}, Fill: fill(xlColorImputed), Border: border, Alignment: vcenter("center", false)}},
		{&s.lgTreated, excelize.Style{Font: body(), Fill: fill(xlColorTreated), Border: border, Alignment: vcenter("center", false)}},
		{&s.lgAdjusted, excelize.Style{Font: body(), Fill: fill(xlColorAdjust), Border: border, Alignment: vcenter("center", false)}},
		{&s.para, excelize.Style{Font: body(), Border: border, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}}},
	}
	for _, d := range defs {
		st := d.style
		id, err := f.NewStyle(&st)
		if err != nil {
			return nil, err
		}
		*d.id = id
	}
	return &s, nil
}

// xlValueKind is how a value cell is marked.
type xlValueKind int

const (
	xlPlain    xlValueKind = iota
	xlImputed              // 插补值
	xlTreated              // 极端值处理
	xlAdjusted             // 核查核减
)

// valueStyle returns the style of a value cell of the given kind showing d decimals
// with thousands separators (made once per kind and d).
func (b *xlBook) valueStyle(kind xlValueKind, d int) int {
	key := [2]int{int(kind), d}
	if id, ok := b.valueStyles[key]; ok {
		return id
	}
	numFmt := "#,##0"
	if d > 0 {
		numFmt += "." + strings.Repeat("0", d)
	}
	st := &excelize.Style{
		Font: &excelize.Font{Family: xlFontBody, Size: xlFontSize},
		Border: []excelize.Border{
			{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
			{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1},
		},
		Alignment:    &excelize.Alignment{Horizontal: "right", Vertical: "center"},
		CustomNumFmt: &numFmt,
	}
	fill := func(c string) excelize.Fill { return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}} }
	switch kind {
	case xlImputed:
		st.Font.Italic = true
		st.Fill = fill(xlColorImputed)
	case xlTreated:
		st.Fill = fill(xlColorTreated)
	case xlAdjusted:
		st.Fill = fill(xlColorAdjust)
	}
	id, err := b.f.NewStyle(st)
	if err != nil && b.err == nil {
		b.err = err
	}
	b.valueStyles[key] = id
	return id
}

// xlDecimalsFor is the number of decimals (at most 4) that shows every value of a
// column without loss at that precision.
func xlDecimalsFor(xs []float64) int {
	d := 0
	for _, x := range xs {
		s := xlTrim(x, 4)
		if i := strings.IndexByte(s, '.'); i >= 0 {
			d = max(d, len(s)-i-1)
		}
		if d == 4 {
			break // the most there can be
		}
	}
	return d
}
