package evaluator

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// This file holds the tolerance rules of SPEC §7: how a clerk's cell text becomes a
// typed value. A plain number needs no cleaning and gives no finding (numbers stored
// as text included); a reading that needed cleaning is given with a note (the
// value-coerced warning says what was read); a cell that cannot be read is given
// with a code and a hint for the message.

// maxMagnitude bounds every number read from a submission: nothing a unit reports
// comes near it, and beyond it sums and ratios lose their digits or overflow.
const maxMagnitude = 1e15

// reading is the outcome of interpreting one cell.
type reading struct {
	empty bool    // nothing in the cell
	num   float64 // number, integer, percent (0–100), boolean 1/0
	text  string  // boolean 是/否, grade, text
	note  string  // non-empty: cleaning was needed; says what was read (value-coerced)
	code  string  // non-empty: the cell cannot be used (a value-* code)
	hint  string  // what is wrong, for the message (with code)
	// pctText: the value was written with a % sign ("85%"), so it is on 0–100 already.
	pctText bool
	// scaled: a percent-formatted cell was multiplied by 100 (Excel stores 85 % as 0.85).
	scaled bool
}

// naWords are the spellings of 不适用 accepted in a field with allow_na.
func isNA(s string) bool {
	switch strings.ToUpper(s) {
	case "不适用", "N/A", "NA", "N／A":
		return true
	}
	return false
}

// normalizeWidth maps full-width ASCII forms (Ｕ+FF01–FF5E) to ASCII and the
// ideographic space to a space; changed reports whether anything was mapped.
func normalizeWidth(s string) (out string, changed bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r = r - 0xFF01 + 0x21
			changed = true
		case r == 0x3000:
			r = ' '
			changed = true
		}
		b.WriteRune(r)
	}
	return b.String(), changed
}

// trimSpace trims ASCII and Unicode spaces (NBSP, ideographic space) and zero-width
// characters a copy from a web page leaves behind.
func trimSpace(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || r == '\u00a0'
	})
}

var (
	// plainNumber is what a cell holds when it is simply a number: Excel's raw
	// value, or a number typed as text. No hex, no underscores, no Inf/NaN.
	plainNumber = regexp.MustCompile(`^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$`)
	// grouped is a number with thousands separators in the right places.
	grouped = regexp.MustCompile(`^[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$`)
	// leadingNumber finds the number at the start of "300项", "约300" does not match.
	leadingNumber = regexp.MustCompile(`^([+-]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+))\s*(\S.*)$`)
	// dateLike is a date typed into a number cell.
	dateLike = regexp.MustCompile(`^[0-9]{4}\s*[-/.年]\s*[0-9]{1,2}\s*[-/.月]\s*[0-9]{1,2}\s*日?$`)
)

// formulaErrors are Excel's error values as they appear in a cell.
var formulaErrors = []string{"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!", "#GETTING_DATA"}

func isFormulaErrorText(s string) bool {
	for _, e := range formulaErrors {
		if strings.EqualFold(s, e) {
			return true
		}
	}
	return false
}

// parsePlain parses a plain decimal number; ok is false for anything else. A value
// that overflows float64 gives ok true and an infinite x (the caller says so).
func parsePlain(s string) (x float64, ok bool) {
	if !plainNumber.MatchString(s) {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, isNum := err.(*strconv.NumError); isNum && ne.Err == strconv.ErrRange {
			return x, true // ±Inf on overflow, 0 on underflow
		}
		return 0, false
	}
	if x == 0 {
		x = 0 // -0 → 0
	}
	return x, true
}

// times100 multiplies by 100 by shifting the decimal exponent, so 0.07 → 7 exactly
// (0.07*100 in floating point is 7.000000000000001).
func times100(x float64) float64 {
	if x == 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return x
	}
	s := strconv.FormatFloat(x, 'e', -1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	e, _ := strconv.Atoi(exp)
	y, err := strconv.ParseFloat(mant+"e"+strconv.Itoa(e+2), 64)
	if err != nil {
		return x * 100
	}
	return y
}

// readNumber interprets a cell for a number, integer or percent field. unit is the
// field's 计量单位 (a trailing copy of it is cleaned away with a note).
func readNumber(c RawCell, percent bool, unit string) reading {
	s := trimSpace(c.Text)
	if s == "" {
		return reading{empty: true}
	}
	if x, ok := parsePlain(s); ok {
		if c.DateFormat && !c.PercentFormat {
			return reading{code: CodeValueNotNumber, hint: dateCellHint(x)}
		}
		return finite(x, percent && c.PercentFormat)
	}
	// Cleaning that is not a guess, each noted.
	t, wide := normalizeWidth(s)
	t = trimSpace(t)
	var notes []string
	if wide {
		notes = append(notes, "全角字符已按半角读取")
	}
	if strings.ContainsAny(t, " \u00a0") && plainNumber.MatchString(strings.Map(dropSpace, t)) {
		t = strings.Map(dropSpace, t)
		notes = append(notes, "已去掉数字中的空格")
	}
	if grouped.MatchString(t) {
		t = strings.ReplaceAll(t, ",", "")
		notes = append(notes, "已去掉千位分隔符")
	}
	pct := false
	if strings.HasSuffix(t, "%") {
		body := trimSpace(strings.TrimSuffix(t, "%"))
		if _, ok := parsePlain(body); ok {
			if !percent {
				return reading{code: CodeValueNotNumber, hint: "不是百分比字段，请填写不带 % 的数字"}
			}
			t = body
			pct = true
			notes = append(notes, "已去掉百分号")
		}
	}
	if x, ok := parsePlain(t); ok {
		// Text is never scaled: Excel only scales numbers in a percent-formatted cell.
		r := finite(x, false)
		if r.code == "" {
			r.note = strings.Join(notes, "，")
		}
		r.pctText = pct
		return r
	}
	// Not a number: say why in the clerk's terms.
	low := strings.ToLower(t)
	switch {
	case isFormulaErrorText(t):
		return reading{code: CodeValueFormulaError, hint: "单元格显示错误值「" + t + "」"}
	case low == "nan" || low == "inf" || low == "+inf" || low == "-inf" || low == "infinity" || low == "-infinity":
		return reading{code: CodeValueNotNumber, hint: "这不是一个有限的数，请填写实际数值"}
	case dateLike.MatchString(t):
		return reading{code: CodeValueNotNumber, hint: "填写的像是日期，此处请填写数字；如单元格被设成了日期格式，请改为「常规」格式后重新填写"}
	case isNA(t):
		return reading{code: CodeValueNotNumber, hint: "该项不允许填「不适用」，请填写数字"}
	case t == "-" || t == "—" || t == "/" || t == "无" || t == "——" || t == "--":
		return reading{code: CodeValueNotNumber, hint: "如为零请填写 0，如无数据请留空并在备注中说明"}
	case grouped.MatchString(strings.ReplaceAll(t, "，", ",")) || strings.Contains(t, "，"):
		return reading{code: CodeValueNotNumber, hint: "请用半角逗号分隔千位或不分隔，小数点用「.」"}
	}
	if m := leadingNumber.FindStringSubmatch(t); m != nil {
		suffix := trimSpace(m[2])
		if unit != "" && suffix == unit {
			if x, ok := parsePlain(m[1]); ok {
				r := finite(x, false)
				if r.code == "" {
					r.note = strings.Join(append(notes, "已去掉计量单位「"+unit+"」"), "，")
				}
				return r
			}
		}
		return reading{code: CodeValueNotNumber, hint: "请只填写数字 " + m[1] + "，不要带文字「" + suffix + "」（计量单位已在「计量单位」列注明）"}
	}
	if nums := anyNumber.FindAllString(t, -1); len(nums) == 1 {
		rest := trimSpace(strings.Replace(t, nums[0], "", 1))
		return reading{code: CodeValueNotNumber, hint: "请只填写数字（如 " + nums[0] + "），不要带「" + clip(rest) + "」等文字；需要说明的写在「备注」中"}
	}
	return reading{code: CodeValueNotNumber, hint: "请只填写一个数字，需要说明的写在「备注」中"}
}

// anyNumber finds the numbers inside a clerk's text ("约300" → 300).
var anyNumber = regexp.MustCompile(`[0-9]+(?:\.[0-9]+)?`)

func dropSpace(r rune) rune {
	if r == ' ' || r == '\u00a0' {
		return -1
	}
	return r
}

// finite finishes a number read from plain text: percent-format scaling, finiteness
// and the magnitude bound.
func finite(x float64, scale bool) reading {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return reading{code: CodeValueNotNumber, hint: "数值超出可表示的范围，请核对后填写实际数值"}
	}
	if scale {
		x = times100(x)
	}
	if math.Abs(x) >= maxMagnitude {
		return reading{code: CodeValueOutOfRange, num: x, hint: "数值大得不合理（绝对值应小于 10 的 15 次方），请检查是否多填了位数或计量单位有误"}
	}
	return reading{num: x, scaled: scale}
}

// boolWords maps accepted spellings of a boolean (lower-cased) to 是/否. 是 and 否
// themselves are read silently; the others with a note.
var boolWords = map[string]string{
	"y": "是", "yes": "是", "true": "是", "1": "是", "√": "是", "✓": "是", "✔": "是", "有": "是", "对": "是",
	"n": "否", "no": "否", "false": "否", "0": "否", "×": "否", "✗": "否", "✘": "否", "无": "否", "错": "否",
}

func readBoolean(c RawCell) reading {
	s := trimSpace(c.Text)
	if s == "" {
		return reading{empty: true}
	}
	switch s {
	case "是":
		return reading{num: 1, text: "是"}
	case "否":
		return reading{num: 0, text: "否"}
	}
	t, _ := normalizeWidth(s)
	t = strings.ToLower(trimSpace(t))
	if v, ok := boolWords[t]; ok {
		r := reading{text: v, note: "按同义词识别"}
		if v == "是" {
			r.num = 1
		}
		return r
	}
	return reading{code: CodeValueBadChoice, hint: "只能填写「是」或「否」"}
}

func readGrade(c RawCell, grades []string) reading {
	s := trimSpace(c.Text)
	if s == "" {
		return reading{empty: true}
	}
	for _, g := range grades {
		if s == g {
			return reading{text: g}
		}
	}
	t, _ := normalizeWidth(s)
	t = trimSpace(t)
	for _, g := range grades {
		if strings.EqualFold(t, g) || strings.EqualFold(strings.TrimSuffix(t, "级"), g) {
			return reading{text: g, note: "按等级名称识别，不区分大小写和「级」字"}
		}
	}
	return reading{code: CodeValueBadChoice, hint: "只能填写 " + quoteList(grades) + " 之一"}
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = "「" + x + "」"
	}
	return strings.Join(q, "、")
}

// dateCellHint explains a number read from a cell formatted as a date or time:
// Excel keeps what was typed as a day number (1 = 1900-01-01), so the figure the
// clerk meant is lost or was never a figure.
func dateCellHint(serial float64) string {
	shown := ""
	if serial >= 61 && serial < 2958466 && serial == math.Trunc(serial) {
		d := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(serial))
		shown = fmt.Sprintf("，显示为日期 %d年%d月%d日", d.Year(), int(d.Month()), d.Day())
	}
	return fmt.Sprintf("该单元格被设置成了日期或时间格式，填入的内容被保存为日期序号 %s%s：请把单元格格式改为“常规”或“数值”，再重新填写数字",
		strconv.FormatFloat(serial, 'f', -1, 64), shown)
}
