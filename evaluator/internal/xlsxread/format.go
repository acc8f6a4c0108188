package xlsxread

import (
	"encoding/xml"
	"strings"
)

// Number format kinds of a cell style (flags).
const (
	stylePercent uint8 = 1 << iota // shows numbers as percentages
	styleDate                      // shows numbers as dates or times
)

// scanNumberStyles reads styles.xml: for each cellXfs entry, whether its number
// format shows percentages (built-in 9 and 10, or a custom code with %) or dates
// and times (built-in date formats, or a custom code with date or time tokens).
func scanNumberStyles(x []byte) ([]uint8, bool) {
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := xml.Unmarshal(x, &st); err != nil {
		return nil, false
	}
	custom := map[int]string{}
	for _, n := range st.NumFmts {
		custom[n.ID] = n.Code
	}
	out := make([]uint8, len(st.Xfs))
	for i, xf := range st.Xfs {
		code, ok := custom[xf.NumFmtID]
		out[i] = numberStyleKind(xf.NumFmtID, code, ok)
	}
	return out, true
}

// numberStyleKind classifies a number format: a built-in id, or a custom code.
func numberStyleKind(id int, code string, custom bool) uint8 {
	if custom && id != 9 && id != 10 {
		var k uint8
		if isPercentFormatCode(code) {
			k |= stylePercent
		}
		if isDateFormatCode(code) {
			k |= styleDate
		}
		return k
	}
	switch {
	case id == 9 || id == 10:
		return stylePercent
	case builtinDateFormat(id):
		return styleDate
	}
	return 0
}

// builtinDateFormat reports whether a built-in number format id shows a date or a
// time: 14–22 and 45–47 everywhere, 27–36 and 50–58 in Chinese, Japanese and
// Korean Excel (年月日 formats).
func builtinDateFormat(id int) bool {
	return id >= 14 && id <= 22 || id >= 27 && id <= 36 || id >= 45 && id <= 47 || id >= 50 && id <= 58
}

// isDateFormatCode reports whether the first section of a custom number format
// has a date or time token (y, m, d, h, s) outside quotes, escapes and
// brackets ([Red], [$-804], but [h] and [mm] of elapsed time count).
func isDateFormatCode(code string) bool {
	return formatTokens(code, func(c byte, bracket string) bool {
		if c == '[' {
			inner := strings.ToLower(bracket)
			return inner != "" && strings.Trim(inner, "hms") == "" // [h]:mm elapsed time
		}
		switch c | 0x20 {
		case 'y', 'm', 'd', 'h', 's':
			return true
		}
		return false
	})
}

// isPercentFormatCode reports whether a custom number format code shows numbers
// as percentages: a % token in its first section (positive numbers), outside
// quotes, escapes and brackets.
func isPercentFormatCode(code string) bool {
	// Only the first section (positive numbers) matters for the stored scale.
	return formatTokens(code, func(c byte, _ string) bool { return c == '%' })
}

// formatTokens calls visit for each character of the first section of a number
// format code that is a format token — not in quotes, not escaped (\x, _x, *x) —
// and once per bracket ([Red], [$-804], [h]) with c '[' and its content; visit
// returns true to stop, and formatTokens then returns true. An unclosed bracket is
// an ordinary character.
func formatTokens(code string, visit func(c byte, bracket string) bool) bool {
	inQuote := false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '\\' || c == '_' || c == '*':
			i++ // the next character is literal or padding
		case c == ';':
			return false
		case c == '[' && strings.IndexByte(code[i:], ']') > 0:
			j := strings.IndexByte(code[i:], ']')
			if visit('[', code[i+1:i+j]) {
				return true
			}
			i += j
		default:
			if visit(c, "") {
				return true
			}
		}
	}
	return false
}
