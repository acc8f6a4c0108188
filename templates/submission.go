package templates

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/wuxi-data/dteval/evaluator"
)

// SubmissionOptions control a submission workbook.
type SubmissionOptions struct {
	// Date is the issue date, YYYY-MM-DD: printed in 填报说明 and used as the document
	// dates, so the same framework, unit and Date give a byte-identical workbook.
	// Empty means January 1st of the year after the data year.
	Date string
	// Sample marks the workbook as fictional example data (示例数据).
	Sample bool
	// Password, when set, protects the sheets with that password (legacy hash, so
	// the output stays deterministic). Empty: protected without a password, which
	// stops accidental edits and lets the bureau unprotect when it must.
	Password string
}

// Layout of the 数据填报 sheet. The reader does not rely on it (it finds rows by
// 字段编码 and columns by header text); tests and the example generator do.
const (
	SubmissionHeaderRow = 6 // the column-header row
	SubmissionFirstRow  = 7 // the first row below it
	subLastCol          = "I"
)

// Column letters of the 数据填报 sheet.
const (
	SubmissionColField    = "B"
	SubmissionColValue    = "E"
	SubmissionColEvidence = "F"
	SubmissionColNote     = "G"
)

// Cells of the header block.
const (
	SubmissionCellUnit     = "C3"
	SubmissionCellYear     = "E3"
	SubmissionCellFiller   = "G3"
	SubmissionCellPhone    = "I3"
	SubmissionCellReviewer = "C4"
)

// subColWidths are the widths of columns A–I, chosen so the table fits the width
// of an A4 landscape page at about 80 % (the page setup fits it to the width).
var subColWidths = []float64{5.5, 17, 24, 9, 14, 26, 18, 12, 40}

// subMaxPrompt and subMaxPromptTitle are Excel's limits for an input message.
const (
	subMaxPrompt      = 255
	subMaxPromptTitle = 32
	subHelpWidth      = 84
	subMaxCell        = 16000 // runes of framework source per _meta cell (Excel: 32,767 characters)
)

// WriteSubmission writes the submission workbook of one unit (SPEC §7): sheets
// 填报说明, 数据填报 and a very-hidden _meta holding the framework file itself.
func WriteSubmission(w io.Writer, fw *evaluator.Framework, unit evaluator.Unit, opt SubmissionOptions) error {
	date := opt.Date
	if date == "" {
		date = fmt.Sprintf("%04d-01-01", fw.Year+1)
	}
	day, err := time.Parse("2006-01-02", date)
	if err != nil {
		return fmt.Errorf("submission workbook: date %q: want YYYY-MM-DD", date)
	}
	f := excelize.NewFile()
	defer f.Close()
	b := &subBook{f: f, fw: fw, unit: unit, opt: opt, day: day}
	if err := b.styles(); err != nil {
		return err
	}
	steps := []func() error{b.helpSheet, b.dataSheet, b.metaSheet, b.docProps}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("submission workbook %s: %w", unit.ID, err)
		}
	}
	f.SetActiveSheet(1)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("submission workbook %s: %w", unit.ID, err)
	}
	return nil
}

// SubmissionTitle is the form's title: 「2025年度无锡市数字化转型评估数据填报表」.
func SubmissionTitle(fw *evaluator.Framework) string {
	t := strings.TrimSuffix(fw.Title, "指标体系")
	return fmt.Sprintf("%d年度%s数据填报表", fw.Year, t)
}

type subBook struct {
	f    *excelize.File
	fw   *evaluator.Framework
	unit evaluator.Unit
	opt  SubmissionOptions
	day  time.Time

	sTitle, sSub, sSample, sLabel, sFixed, sInput, sHead, sSection          int
	sSeq, sCode, sText, sCenter, sHelp, sValue, sPercent, sEvidence, sEvReq int
	sNote, sLegend, sHelpTitle, sHelpText                                   int
}

const subFont = "宋体"

func (b *subBook) styles() error {
	border := []excelize.Border{
		{Type: "left", Color: "808080", Style: 1}, {Type: "right", Color: "808080", Style: 1},
		{Type: "top", Color: "808080", Style: 1}, {Type: "bottom", Color: "808080", Style: 1},
	}
	fill := func(c string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}}
	}
	locked := &excelize.Protection{Locked: true}
	unlocked := &excelize.Protection{Locked: false}
	font := func(size float64, bold bool, color string) *excelize.Font {
		return &excelize.Font{Family: subFont, Size: size, Bold: bold, Color: color}
	}
	mid := func(h string, wrap bool) *excelize.Alignment {
		return &excelize.Alignment{Horizontal: h, Vertical: "center", WrapText: wrap}
	}
	const inputFill, evidenceFill = "FFF7CC", "FCE0C8"
	defs := []struct {
		id *int
		st excelize.Style
	}{
		{&b.sTitle, excelize.Style{Font: font(16, true, ""), Alignment: mid("center", false), Protection: locked}},
		{&b.sSub, excelize.Style{Font: font(9, false, "595959"), Alignment: mid("center", true), Protection: locked}},
		{&b.sSample, excelize.Style{Font: font(11, true, "C00000"), Alignment: mid("center", true), Protection: locked}},
		{&b.sLabel, excelize.Style{Font: font(10, true, ""), Fill: fill("EDEDED"), Border: border, Alignment: mid("center", false), Protection: locked}},
		{&b.sFixed, excelize.Style{Font: font(10, false, ""), Border: border, Alignment: mid("center", false), Protection: locked}},
		{&b.sInput, excelize.Style{Font: font(10, false, ""), Fill: fill(inputFill), Border: border, Alignment: mid("left", false), Protection: unlocked, NumFmt: 49}},
		{&b.sHead, excelize.Style{Font: font(10, true, ""), Fill: fill("D9E1F2"), Border: border, Alignment: mid("center", true), Protection: locked}},
		{&b.sSection, excelize.Style{Font: font(10, true, "1F3864"), Fill: fill("F2F2F2"), Border: border, Alignment: mid("left", false), Protection: locked}},
		{&b.sSeq, excelize.Style{Font: font(10, false, ""), Border: border, Alignment: mid("center", false), Protection: locked}},
		{&b.sCode, excelize.Style{Font: &excelize.Font{Family: "Arial", Size: 9, Color: "404040"}, Border: border, Alignment: mid("left", false), Protection: locked}},
		{&b.sText, excelize.Style{Font: font(10, false, ""), Border: border, Alignment: mid("left", true), Protection: locked}},
		{&b.sCenter, excelize.Style{Font: font(10, false, ""), Border: border, Alignment: mid("center", true), Protection: locked}},
		{&b.sHelp, excelize.Style{Font: font(9, false, "404040"), Border: border, Alignment: mid("left", true), Protection: locked}},
		{&b.sValue, excelize.Style{Font: font(10, false, ""), Fill: fill(inputFill), Border: border, Alignment: mid("right", false), Protection: unlocked}},
		{&b.sPercent, excelize.Style{Font: font(10, false, ""), Fill: fill(inputFill), Border: border, Alignment: mid("right", false), Protection: unlocked, NumFmt: 10}},
		{&b.sEvidence, excelize.Style{Font: font(9, false, ""), Border: border, Alignment: mid("left", true), Protection: unlocked, NumFmt: 49}},
		{&b.sEvReq, excelize.Style{Font: font(9, false, ""), Fill: fill(evidenceFill), Border: border, Alignment: mid("left", true), Protection: unlocked, NumFmt: 49}},
		{&b.sNote, excelize.Style{Font: font(9, false, ""), Border: border, Alignment: mid("left", true), Protection: unlocked, NumFmt: 49}},
		{&b.sLegend, excelize.Style{Font: font(9, false, "404040"), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}, Protection: locked}},
		{&b.sHelpTitle, excelize.Style{Font: font(11, true, ""), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}, Protection: locked}},
		{&b.sHelpText, excelize.Style{Font: font(10.5, false, ""), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}, Protection: locked}},
	}
	for _, d := range defs {
		st := d.st
		id, err := b.f.NewStyle(&st)
		if err != nil {
			return fmt.Errorf("style: %w", err)
		}
		*d.id = id
	}
	return nil
}

// subRow is one line of the 数据填报 table: a chapter section or a field.
type subRow struct {
	section string
	field   *evaluator.Field
}

// dataSheet writes 数据填报.
func (b *subBook) dataSheet() error {
	f, sh := b.f, evaluator.SheetData
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	for i, w := range subColWidths {
		col := subCol(i)
		if err := f.SetColWidth(sh, col, col, w); err != nil {
			return err
		}
	}
	set := func(cell string, v any, style int) error {
		if err := f.SetCellValue(sh, cell, v); err != nil {
			return err
		}
		return f.SetCellStyle(sh, cell, cell, style)
	}
	merge := func(from, to string, v any, style int) error {
		if err := f.MergeCell(sh, from, to); err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, from, to, style); err != nil {
			return err
		}
		return f.SetCellValue(sh, from, v)
	}
	year := strconv.Itoa(b.fw.Year)
	sub := fmt.Sprintf("%s（版本 %s）　下发单位：%s　下发日期：%s", b.fw.Title, b.fw.Version, b.fw.Issuer, subChineseDate(b.day))
	if b.opt.Sample {
		sub = "示例数据（虚构，仅供演示）　" + sub
	}
	steps := []error{
		merge("A1", "I1", SubmissionTitle(b.fw), b.sTitle),
		merge("A2", "I2", sub, b.sSub),
		merge("A3", "B3", evaluator.LabelUnit, b.sLabel),
		set(SubmissionCellUnit, b.unit.Name, b.sFixed),
		set("D3", evaluator.LabelYear, b.sLabel),
		set(SubmissionCellYear, b.fw.Year, b.sFixed),
		set("F3", evaluator.LabelFiller, b.sLabel),
		set(SubmissionCellFiller, "", b.sInput),
		set("H3", evaluator.LabelPhone, b.sLabel),
		set(SubmissionCellPhone, "", b.sInput),
		merge("A4", "B4", evaluator.LabelReviewer, b.sLabel),
		set(SubmissionCellReviewer, "", b.sInput),
		merge("D4", "I4", "填报人、联系电话、审核人仅用于数据核实，不对外公开。", b.sLegend),
		merge("A5", "I5", "浅黄色单元格为填报项；橙色「佐证材料」单元格须填写佐证文件名或网址；百分比指标直接输入如 85%；本表已设保护，其余单元格不可编辑。", b.sLegend),
	}
	for _, err := range steps {
		if err != nil {
			return err
		}
	}
	hr := SubmissionHeaderRow
	for i, h := range evaluator.DataColumns {
		if err := set(subCell(i, hr), h, b.sHead); err != nil {
			return err
		}
	}
	heights := map[int]float64{1: 32, 2: 18, 3: 22, 4: 22, 5: 28, hr: 24}

	r, seq := SubmissionFirstRow, 0
	for _, row := range b.rows() {
		if row.field == nil {
			if err := merge(subCell(0, r), subCell(8, r), row.section, b.sSection); err != nil {
				return err
			}
			heights[r] = 20
			r++
			continue
		}
		seq++
		fd := row.field
		help := b.helpText(fd)
		valueStyle := b.sValue
		if fd.Type == evaluator.TypePercent {
			valueStyle = b.sPercent
		} else if fd.Type != evaluator.TypeNumber && fd.Type != evaluator.TypeInteger {
			valueStyle = b.sInput
		}
		evStyle := b.sEvidence
		if fd.Evidence {
			evStyle = b.sEvReq
		}
		cells := []struct {
			v     any
			style int
		}{
			{seq, b.sSeq}, {fd.ID, b.sCode}, {fd.Name, b.sText}, {subUnitText(fd), b.sCenter},
			{nil, valueStyle}, {nil, evStyle}, {nil, b.sNote}, {fd.Source, b.sCenter}, {help, b.sHelp},
		}
		for i, c := range cells {
			cell := subCell(i, r)
			if c.v != nil {
				if err := f.SetCellValue(sh, cell, c.v); err != nil {
					return err
				}
			}
			if err := f.SetCellStyle(sh, cell, cell, c.style); err != nil {
				return err
			}
		}
		if err := b.validation(subCell(4, r), fd); err != nil {
			return fmt.Errorf("field %s: %w", fd.ID, err)
		}
		heights[r] = subRowHeight(help, subColWidths[8], 9, fd.Name, subColWidths[2])
		r++
	}
	last := r - 1
	for row := 1; row <= last; row++ {
		if h, ok := heights[row]; ok {
			if err := f.SetRowHeight(sh, row, h); err != nil {
				return err
			}
		}
	}
	if err := f.SetSheetDimension(sh, fmt.Sprintf("A1:%s%d", subLastCol, last)); err != nil {
		return err
	}
	if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: hr, TopLeftCell: subCell(0, hr+1), ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "E7", ActiveCell: "E7", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	if err := b.pageSetup(sh, "landscape", fmt.Sprintf("&L&9%s&R&9第 &P 页 共 &N 页", b.unit.Name+" "+year+"年度")); err != nil {
		return err
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sh, hr, hr), Scope: sh}); err != nil {
		return err
	}
	return b.protect(sh)
}

// rows lists the fields grouped by the top-level group (chapter) of the first
// indicator that reads them, in tree order; fields no indicator reads come last.
func (b *subBook) rows() []subRow {
	top := map[string]*evaluator.Node{} // field id → top-level node
	var order []*evaluator.Node
	for _, c := range b.fw.Index.Children {
		c := c
		used := false
		var walk func(n *evaluator.Node)
		walk = func(n *evaluator.Node) {
			if n.Kind == evaluator.KindIndicator {
				var ids []string
				if n.Expr != nil {
					ids = append(append(ids, n.Expr.Fields...), n.Expr.Prev...)
				} else if n.Value == "" {
					ids = []string{n.ID}
				}
				for _, id := range ids {
					if _, ok := top[id]; !ok && b.fw.Field(id) != nil {
						top[id] = c
						used = true
					}
				}
			}
			for _, k := range n.Children {
				walk(k)
			}
		}
		walk(c)
		if used {
			order = append(order, c)
		}
	}
	// Fields read by checks only, or by nothing, go to a basic-data section first
	// (denominators such as population usually are read by many chapters: they
	// belong to the first chapter that reads them).
	var out []subRow
	var rest []*evaluator.Field
	for _, fd := range b.fw.Fields {
		if _, ok := top[fd.ID]; !ok {
			rest = append(rest, fd)
		}
	}
	n := 0
	for _, c := range order {
		n++
		out = append(out, subRow{section: fmt.Sprintf("%s、%s", subChineseNumber(n), c.Name)})
		for _, fd := range b.fw.Fields {
			if top[fd.ID] == c {
				out = append(out, subRow{field: fd})
			}
		}
	}
	if len(rest) > 0 {
		n++
		out = append(out, subRow{section: fmt.Sprintf("%s、其他数据", subChineseNumber(n))})
		for _, fd := range rest {
			out = append(out, subRow{field: fd})
		}
	}
	return out
}

// helpText is the 填报说明 cell of a field: help, then what to enter.
func (b *subBook) helpText(fd *evaluator.Field) string {
	var parts []string
	if fd.FromTable {
		src := fd.Source
		if src == "" {
			src = "其他部门"
		}
		parts = append(parts, "【由"+src+"汇总报送，本单位可不填；如填写，须与"+src+"数据一致】")
	}
	if fd.Help != "" {
		parts = append(parts, strings.TrimSpace(fd.Help))
	}
	parts = append(parts, subRule(fd))
	return strings.Join(parts, "\n")
}

// subRule says in words what the cell accepts.
func subRule(fd *evaluator.Field) string {
	var s []string
	if fd.Required {
		s = append(s, "必填")
	} else {
		s = append(s, "选填")
	}
	switch fd.Type {
	case evaluator.TypeNumber:
		s = append(s, "数值"+subRange(fd, ""))
	case evaluator.TypeInteger:
		s = append(s, "整数"+subRange(fd, ""))
	case evaluator.TypePercent:
		s = append(s, "百分比，输入如 85%"+subRange(fd, "%"))
	case evaluator.TypeBoolean:
		s = append(s, "下拉选择 是/否")
	case evaluator.TypeGrade:
		s = append(s, "下拉选择 "+strings.Join(fd.Grades, "/"))
	case evaluator.TypeText:
		s = append(s, "文字")
	}
	if fd.AllowNA {
		s = append(s, "不适用的填「不适用」")
	}
	if fd.Evidence {
		s = append(s, "须附佐证材料")
	}
	return strings.Join(s, "；") + "。"
}

// subRange is "，0～500" for a field's bounds.
func subRange(fd *evaluator.Field, suffix string) string {
	switch {
	case fd.Min != nil && fd.Max != nil:
		return fmt.Sprintf("，%s～%s%s", subNum(*fd.Min), subNum(*fd.Max), suffix)
	case fd.Min != nil:
		return fmt.Sprintf("，不小于 %s%s", subNum(*fd.Min), suffix)
	case fd.Max != nil:
		return fmt.Sprintf("，不大于 %s%s", subNum(*fd.Max), suffix)
	}
	return ""
}

func subNum(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func subUnitText(fd *evaluator.Field) string {
	if fd.Type == evaluator.TypePercent && fd.Unit == "" {
		return "%"
	}
	return fd.Unit
}

// validation adds the data validation and input message of a field's value cell.
func (b *subBook) validation(cell string, fd *evaluator.Field) error {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = cell
	unit := ""
	if u := subUnitText(fd); u != "" {
		unit = "（单位：" + u + "）"
	}
	stop := excelize.DataValidationErrorStyleStop
	if fd.AllowNA {
		// A number or a range cannot also admit 不适用: a warning lets the clerk keep it.
		stop = excelize.DataValidationErrorStyleWarning
	}
	na := ""
	if fd.AllowNA {
		na = "；确实不适用的可填「不适用」"
	}
	switch fd.Type {
	case evaluator.TypeNumber, evaluator.TypePercent, evaluator.TypeInteger:
		lo, hi := -1e15, 1e15
		if fd.Min != nil {
			lo = *fd.Min
		}
		if fd.Max != nil {
			hi = *fd.Max
		}
		kind := excelize.DataValidationTypeDecimal
		what := "数值"
		var f1, f2 any = lo, hi
		switch fd.Type {
		case evaluator.TypePercent:
			// The cell stores a typed 85 % as 0.85.
			f1, f2 = subScale(lo), subScale(hi)
			what = "百分比"
		case evaluator.TypeInteger:
			kind = excelize.DataValidationTypeWhole
			f1, f2 = int(math.Ceil(lo)), int(math.Floor(hi))
			what = "整数"
		}
		if err := dv.SetRange(f1, f2, kind, excelize.DataValidationOperatorBetween); err != nil {
			return err
		}
		msg := "请输入" + what + subRange(fd, subPercentSign(fd)) + unit + na + "。"
		if fd.Min == nil && fd.Max == nil {
			msg = "请输入" + what + unit + na + "。"
		}
		dv.SetError(stop, "填报值有误", msg)
	case evaluator.TypeBoolean, evaluator.TypeGrade:
		items := []string{"是", "否"}
		if fd.Type == evaluator.TypeGrade {
			items = append([]string(nil), fd.Grades...)
		}
		if fd.AllowNA {
			items = append(items, "不适用")
		}
		if err := dv.SetDropList(items); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "填报值有误", "请从下拉列表中选择："+strings.Join(items, "、")+"。")
	default:
		dv.Type = "none"
	}
	prompt := fd.Help
	if prompt != "" && !strings.HasSuffix(prompt, "。") {
		prompt += "。"
	}
	prompt += subRule(fd)
	if u := subUnitText(fd); u != "" && fd.Type != evaluator.TypePercent {
		prompt += "单位：" + u + "。"
	}
	dv.SetInput(subClip(fd.Name, subMaxPromptTitle), subClipUTF16(prompt, subMaxPrompt))
	return b.f.AddDataValidation(evaluator.SheetData, dv)
}

func subPercentSign(fd *evaluator.Field) string {
	if fd.Type == evaluator.TypePercent {
		return "%"
	}
	return ""
}

// subScale turns a bound on 0–100 into the stored fraction, without binary noise
// (12.3 → 0.123, not 0.12300000000000001).
func subScale(x float64) float64 {
	v, err := strconv.ParseFloat(strconv.FormatFloat(x/100, 'g', 12, 64), 64)
	if err != nil {
		return x / 100
	}
	return v
}

// helpSheet writes 填报说明.
func (b *subBook) helpSheet() error {
	f, sh := b.f, evaluator.SheetHelp
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	// Narrow enough for an A4 portrait page without scaling (LibreOffice does not
	// scale a sheet of one wrapped column to the page width).
	if err := f.SetColWidth(sh, "A", "A", subHelpWidth); err != nil {
		return err
	}
	fw := b.fw
	lines := []struct {
		text  string
		style int
		h     float64
	}{{SubmissionTitle(fw), b.sTitle, 34}}
	if b.opt.Sample {
		lines = append(lines, struct {
			text  string
			style int
			h     float64
		}{"示例数据：本文件的全部数值、人员和联系方式均为虚构，仅用于演示，不代表任何地区的真实情况。", b.sSample, 36})
	}
	add := func(text string, style int) {
		h := 20.0
		if style == b.sHelpText {
			h = subRowHeight(text, subHelpWidth, 10.5, "", 0)
		}
		lines = append(lines, struct {
			text  string
			style int
			h     float64
		}{text, style, h})
	}
	add(fmt.Sprintf("填报单位：%s　　数据年度：%d年　　下发日期：%s", b.unit.Name, fw.Year, subChineseDate(b.day)), b.sHelpTitle)
	add("一、填报须知", b.sHelpTitle)
	steps := []string{
		fmt.Sprintf("1. 本表用于%s组织的%d年度数字化转型评估，请%s据实填报%d年度数据。", subOr(fw.Issuer, "评估组织单位"), fw.Year, b.unit.Name, fw.Year),
		"2. 请在「数据填报」工作表的浅黄色单元格中填写「填报值」；橙色的「佐证材料」单元格表示该项须提供佐证材料，请填写佐证文件名或网址，并随本表一并报送佐证文件；需要说明的情况写在「备注」列。",
		"3. 数值直接输入数字，不要带单位、文字或千分位逗号；计量单位以「计量单位」列为准（如常住人口以「万人」计）。百分比指标的单元格已设为百分比格式，直接输入如 85%。",
		"4. 「是/否」和等级类指标请从单元格的下拉列表中选择；注明「不适用的填「不适用」」的指标，确实不适用时填写「不适用」，并在备注中说明原因。",
		"5. 请不要修改「字段编码」列，不要删除、插入或调整行列，也不要复制到新文件中填写；本表已设保护，只有填报单元格可以编辑。",
		"6. 表头的填报人、联系电话、审核人仅用于数据核实，不对外公开。",
		"7. 填写完成后可运行「dteval validate 本文件名.xlsx」自行检查，按提示的单元格位置修改后再报送。",
	}
	for _, s := range steps {
		add(s, b.sHelpText)
	}
	add("二、指标体系", b.sHelpTitle)
	add(fmt.Sprintf("%s（编号 %s，版本 %s），共 %d 个填报项。本表内嵌该指标体系文件（SHA-256：%s），检查时以其为准。", fw.Title, fw.ID, fw.Version, len(fw.Fields), fw.SHA256), b.sHelpText)
	for i, l := range lines {
		cell := fmt.Sprintf("A%d", i+1)
		if err := f.SetCellValue(sh, cell, l.text); err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, cell, cell, l.style); err != nil {
			return err
		}
		if err := f.SetRowHeight(sh, i+1, l.h); err != nil {
			return err
		}
	}
	if err := f.SetSheetDimension(sh, fmt.Sprintf("A1:A%d", len(lines))); err != nil {
		return err
	}
	if err := b.pageSetup(sh, "portrait", "&R&9第 &P 页 共 &N 页"); err != nil {
		return err
	}
	return b.protect(sh)
}

// metaSheet writes the very-hidden _meta sheet: keys in A, values in B, the
// framework file split over framework_source rows.
func (b *subBook) metaSheet() error {
	f, sh := b.f, evaluator.SheetMeta
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	kv := [][2]string{
		{evaluator.MetaKeySchema, evaluator.MetaSchema},
		{evaluator.MetaKeyFrameworkID, b.fw.ID},
		{evaluator.MetaKeyFrameworkVersion, b.fw.Version},
		{evaluator.MetaKeyFrameworkSHA256, b.fw.SHA256},
		{evaluator.MetaKeyUnit, b.unit.ID},
		{evaluator.MetaKeyUnitName, b.unit.Name},
		{evaluator.MetaKeyYear, strconv.Itoa(b.fw.Year)},
		{evaluator.MetaKeyIssued, b.day.Format("2006-01-02")},
	}
	for _, chunk := range subChunks(string(b.fw.Source), subMaxCell) {
		kv = append(kv, [2]string{evaluator.MetaKeyFrameworkSource, chunk})
	}
	for i, p := range kv {
		if err := f.SetCellStr(sh, fmt.Sprintf("A%d", i+1), p[0]); err != nil {
			return err
		}
		if err := f.SetCellStr(sh, fmt.Sprintf("B%d", i+1), p[1]); err != nil {
			return err
		}
	}
	if err := f.SetSheetDimension(sh, fmt.Sprintf("A1:B%d", len(kv))); err != nil {
		return err
	}
	if err := f.SetSheetVisible(sh, false, true); err != nil {
		return err
	}
	return b.protect(sh)
}

// subChunks splits s into pieces of at most n runes (never inside a rune).
func subChunks(s string, n int) []string {
	var out []string
	for len(s) > 0 {
		i, count := 0, 0
		for i < len(s) && count < n {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			count++
		}
		out = append(out, s[:i])
		s = s[i:]
	}
	return out
}

func (b *subBook) pageSetup(sh, orientation, footer string) error {
	size, fitW, fitH := 9, 1, 0 // A4, fit to one page wide, as many pages tall as needed
	fit := true
	if err := b.f.SetPageLayout(sh, &excelize.PageLayoutOptions{Size: &size, Orientation: &orientation, FitToWidth: &fitW, FitToHeight: &fitH}); err != nil {
		return err
	}
	if err := b.f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	lr, tb, hf := 0.5, 0.6, 0.3
	center := true
	if err := b.f.SetPageMargins(sh, &excelize.PageLayoutMarginsOptions{Left: &lr, Right: &lr, Top: &tb, Bottom: &tb, Header: &hf, Footer: &hf, Horizontally: &center}); err != nil {
		return err
	}
	return b.f.SetHeaderFooter(sh, &excelize.HeaderFooterOptions{OddFooter: footer})
}

func (b *subBook) protect(sh string) error {
	return b.f.ProtectSheet(sh, &excelize.SheetProtectionOptions{
		Password:            b.opt.Password, // legacy XOR hash: no random salt
		SelectLockedCells:   true,
		SelectUnlockedCells: true,
		FormatColumns:       true,
		FormatRows:          true,
	})
}

func (b *subBook) docProps() error {
	stamp := b.day.Format("2006-01-02") + "T00:00:00Z"
	title := SubmissionTitle(b.fw) + "（" + b.unit.Name + "）"
	return b.f.SetDocProps(&excelize.DocProperties{
		Title:          title,
		Subject:        b.fw.Title,
		Creator:        subOr(b.fw.Issuer, "dteval"),
		LastModifiedBy: "dteval",
		Created:        stamp,
		Modified:       stamp,
		Language:       "zh-CN",
		Identifier:     b.fw.ID + "/" + b.fw.Version + "/" + b.unit.ID,
	})
}

// subRowHeight estimates the height (points) of a row whose wrapped text is s in a
// column of width w (characters) at font size pt; t2/w2 a second wrapped cell.
func subRowHeight(s string, w, pt float64, t2 string, w2 float64) float64 {
	lines := subLines(s, w, pt)
	if w2 > 0 {
		if l2 := subLines(t2, w2, 10); l2 > lines {
			lines = l2
		}
	}
	h := float64(lines)*pt*1.4 + 6
	if h < 20 {
		h = 20
	}
	return math.Round(h)
}

// subLines counts the wrapped lines of s at pt points in a column w characters
// wide (a width unit is about 7 pixels; a CJK character is as wide as its size).
func subLines(s string, w, pt float64) int {
	n := 0
	for _, para := range strings.Split(s, "\n") {
		width := 0.0
		for _, r := range para {
			if r < 0x2E80 {
				width += 0.55 * pt / 7 * 1.33
			} else {
				width += pt / 7 * 1.33
			}
		}
		l := int(math.Ceil(width / (w - 1.5)))
		if l < 1 {
			l = 1
		}
		n += l
	}
	return n
}

func subCol(i int) string {
	name, _ := excelize.ColumnNumberToName(i + 1)
	return name
}

func subCell(col, row int) string { return fmt.Sprintf("%s%d", subCol(col), row) }

func subOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func subClip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// subClipUTF16 clips s to n UTF-16 code units (Excel's measure).
func subClipUTF16(s string, n int) string {
	count := 0
	for i, r := range s {
		w := 1
		if r > 0xFFFF {
			w = 2
		}
		if count+w > n-1 {
			return s[:i] + "…"
		}
		count += w
	}
	return s
}

func subChineseDate(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

func subChineseNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	switch {
	case n <= 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n-10]
	case n < 100:
		s := digits[n/10] + "十"
		if n%10 != 0 {
			s += digits[n%10]
		}
		return s
	}
	return strconv.Itoa(n)
}
