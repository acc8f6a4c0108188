package xlsxread

import (
	"bytes"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/xuri/excelize/v2"
)

// cellAttr is what the reader needs of a cell besides its value: its style, its
// type and its formula. excelize answers these questions only after unmarshalling
// the whole worksheet, which costs more than everything else the reader does, so
// the reader scans the worksheet XML bytes (kept from the safety check) instead.
type cellAttr struct {
	style   int
	typ     string // the t attribute: "e" for an error value
	formula string // the formula text; a shared formula's follower gets its master's
	hasF    bool
}

// sheetCell is one <c> element of a worksheet, in document order.
type sheetCell struct {
	ref      string
	col, row int32 // from a canonical ref (A1 … XFD1048576); 0: unknown
	attr     cellAttr
	val      string // the raw value: a shared string resolved, an inline string's text, otherwise the <v> text
	hasVal   bool   // inside <sheetData> and not self-closing: val is the cell's value, even ""
}

// scanWorksheet reads every cell of a worksheet in one pass: its attributes (style,
// type, formula; a shared formula's follower gets its master's) and, inside
// <sheetData>, its raw value. ok is false when the XML is not what Excel-like
// writers produce (a cell without its r attribute, an element not closed, an
// escape or a date the fast path leaves to excelize): the caller then asks
// excelize. With values false only the attributes are read (sst unused). It
// stops after MaxSheetCells+1 cells: more is a sheet the caller refuses.
func scanWorksheet(ws []byte, sst []string, values bool) (cells []sheetCell, ok bool) {
	i := bytes.Index(ws, []byte("<sheetData"))
	if i < 0 {
		return nil, true
	}
	ws = ws[i:]
	// Values are read up to </sheetData> only; attributes to the end of the part.
	segEnd := len(ws)
	if e := indexRare(ws, "</sheetData>", 7); e >= 0 {
		segEnd = e
	}
	cells = make([]sheetCell, 0, min(segEnd/48+1, MaxSheetCells+1)) // a hint: Excel-like cells take 20-100 bytes
	var shared map[string]string                                    // si → master formula
	pos := 0                                                        // ws[pos:] is still to scan
	for {
		j := bytes.Index(ws[pos:], []byte("<c"))
		if j < 0 || len(cells) > MaxSheetCells {
			return cells, true
		}
		start := pos + j
		pos = start + 2
		if pos >= len(ws) || (ws[pos] != ' ' && ws[pos] != '>' && ws[pos] != '/' && ws[pos] != '\t' && ws[pos] != '\n' && ws[pos] != '\r') {
			continue // <cols>, <col …>, <cfRule…>: not a cell
		}
		inData := values && start < segEnd
		limit := len(ws)
		if inData {
			limit = segEnd
		}
		end := bytes.IndexByte(ws[pos:limit], '>')
		if end < 0 {
			return nil, false
		}
		tag := ws[pos : pos+end]
		selfClosing := end > 0 && tag[end-1] == '/'
		var ref string
		col, row := 0, 0
		if raw, found := attrRaw(tag, "r"); found {
			if col, row = canonicalRef(raw); col > 0 {
				ref = CellName(col, row)
			}
		}
		if ref == "" {
			col, row = 0, 0
			ref, _ = attr(tag, "r")
		}
		if ref == "" {
			return nil, false
		}
		typ := cellType(tag)
		c := sheetCell{ref: ref, col: int32(col), row: int32(row), attr: cellAttr{typ: typ}}
		if raw, found := attrRaw(tag, "s"); found {
			if plainText(raw) {
				if n, err := strconv.Atoi(string(raw)); err == nil {
					c.attr.style = n
				}
			} else if sv, ok := attr(tag, "s"); ok {
				if n, err := strconv.Atoi(sv); err == nil {
					c.attr.style = n
				}
			}
		}
		pos += end + 1
		if !selfClosing {
			closeAt := bytes.Index(ws[pos:limit], []byte("</c>"))
			if closeAt < 0 {
				return nil, false
			}
			body := ws[pos : pos+closeAt]
			pos += closeAt + 4
			if k := bytes.Index(body, []byte("<f")); k >= 0 && (len(body) > k+2 && (body[k+2] == '>' || body[k+2] == ' ' || body[k+2] == '/')) {
				c.attr.hasF = true
				fend := bytes.IndexByte(body[k:], '>')
				if fend < 0 {
					return nil, false
				}
				ftag := body[k+2 : k+fend]
				si, isShared := attr(ftag, "si")
				ft, _ := attr(ftag, "t")
				if !bytes.HasSuffix(ftag, []byte("/")) {
					rest := body[k+fend+1:]
					if e := bytes.Index(rest, []byte("</f>")); e >= 0 {
						c.attr.formula, _ = xmlText(string(rest[:e]))
					}
				}
				if isShared && ft == "shared" {
					if shared == nil {
						shared = map[string]string{}
					}
					if c.attr.formula != "" {
						shared[si] = c.attr.formula
					} else {
						c.attr.formula = shared[si]
					}
				}
			}
			if inData {
				v, ok := cellValue(body, typ, sst)
				if !ok {
					return nil, false
				}
				c.val, c.hasVal = v, true
			}
		}
		cells = append(cells, c)
	}
}

// cellValue is the raw value of a cell from its body: a shared string resolved, an
// inline string's text, otherwise the <v> text.
func cellValue(body []byte, typ string, sst []string) (string, bool) {
	if typ == "inlineStr" {
		var sb strings.Builder
		rest := body
		for {
			t := bytes.Index(rest, []byte("<t"))
			if t < 0 {
				break
			}
			rest = rest[t+2:]
			gt := bytes.IndexByte(rest, '>')
			if gt < 0 || (rest[0] != '>' && rest[0] != ' ') {
				if gt < 0 {
					return "", false
				}
				continue
			}
			rest = rest[gt+1:]
			e := bytes.Index(rest, []byte("</t>"))
			if e < 0 {
				return "", false
			}
			sb.Write(rest[:e])
			rest = rest[e+4:]
		}
		s, ok := xmlText(sb.String())
		if !ok || strings.Contains(s, "_x") {
			return "", false
		}
		return s, true
	}
	var raw []byte
	hasV := false
	if k := bytes.Index(body, []byte("<v>")); k >= 0 {
		e := bytes.Index(body[k:], []byte("</v>"))
		if e < 0 {
			return "", false
		}
		raw, hasV = body[k+3:k+e], true
	} else if bytes.Contains(body, []byte("<v ")) {
		return "", false
	}
	if typ == "s" && len(raw) > 0 {
		var n int
		var err error
		if plainText(raw) {
			n, err = strconv.Atoi(string(bytes.TrimSpace(raw)))
		} else {
			v, ok := xmlText(string(raw))
			if !ok {
				return "", false
			}
			if v == "" {
				return "", typ != "d"
			}
			n, err = strconv.Atoi(strings.TrimSpace(v))
		}
		if err != nil || n < 0 || n >= len(sst) {
			return "", false
		}
		return sst[n], true
	}
	if typ == "d" {
		return "", false // ISO dates: excelize formats them
	}
	if !hasV {
		return "", true
	}
	if plainText(raw) {
		return string(raw), true
	}
	return xmlText(string(raw))
}

// plainText reports whether character data needs no decoding (no entity, no CR).
func plainText(b []byte) bool {
	return bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, '\r') < 0
}

// cellType is a cell tag's t attribute, without allocating for the usual ones.
func cellType(tag []byte) string {
	raw, found := attrRaw(tag, "t")
	if !found {
		return ""
	}
	switch string(raw) {
	case "s":
		return "s"
	case "n":
		return "n"
	case "e":
		return "e"
	case "b":
		return "b"
	case "str":
		return "str"
	case "inlineStr":
		return "inlineStr"
	case "d":
		return "d"
	}
	t, _ := attr(tag, "t")
	return t
}

// canonicalRef parses a reference written as Excel writes it (1-3 capital
// letters, a row number without leading zero, within the sheet's limits): its
// column and row, or 0, 0 for anything else (lower case, $, leading zeros…).
func canonicalRef(b []byte) (col, row int) {
	i := 0
	for i < len(b) && i < 4 && b[i] >= 'A' && b[i] <= 'Z' {
		col = col*26 + int(b[i]-'A'+1)
		i++
	}
	if i < 1 || i > 3 || len(b)-i < 1 || len(b)-i > 7 || b[i] == '0' {
		return 0, 0
	}
	for _, ch := range b[i:] {
		if ch < '0' || ch > '9' {
			return 0, 0
		}
		row = row*10 + int(ch-'0')
	}
	if col > excelize.MaxColumns || row > excelize.TotalRows {
		return 0, 0
	}
	return col, row
}

// Names of the cells a submission uses (columns A-AF, rows 1-4096), made once
// per row on first use and shared: reading a sheet would otherwise allocate a
// string for every cell's reference.
const (
	nameCols = 32
	nameRows = 4096
)

var cellNames [nameRows]atomic.Pointer[[nameCols]string]

// CellName is the A1 reference of a 1-based column and row ("" outside the sheet).
func CellName(col, row int) string {
	if col >= 1 && col <= nameCols && row >= 1 && row <= nameRows {
		names := cellNames[row-1].Load()
		if names == nil {
			names = new([nameCols]string)
			for c := range names {
				names[c], _ = excelize.CoordinatesToCellName(c+1, row)
			}
			if !cellNames[row-1].CompareAndSwap(nil, names) {
				names = cellNames[row-1].Load()
			}
		}
		return names[col-1]
	}
	n, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return ""
	}
	return n
}

// cellCoordinates is excelize.CellNameToCoordinates without its allocations for
// the usual references (A1 … XFD1048576); ok is false where excelize errs.
func cellCoordinates(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && i < 4 && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	if i >= 1 && i <= 3 && len(ref)-i >= 1 && len(ref)-i <= 7 {
		digits := true
		for _, ch := range []byte(ref[i:]) {
			if ch < '0' || ch > '9' {
				digits = false
				break
			}
			row = row*10 + int(ch-'0')
		}
		if digits && row > 0 {
			return col, row, true
		}
	}
	c, r, err := excelize.CellNameToCoordinates(ref)
	return c, r, err == nil
}

// attrRaw returns the undecoded value of attribute name inside a tag, as attr
// finds it; found is false where attr's ok is (the value aside).
func attrRaw(tag []byte, name string) (raw []byte, found bool) {
	for i := 0; i < len(tag); {
		k := bytes.Index(tag[i:], []byte(name))
		if k < 0 {
			return nil, false
		}
		k += i
		i = k + len(name)
		if k > 0 && tag[k-1] != ' ' && tag[k-1] != '\t' && tag[k-1] != '\n' && tag[k-1] != '\r' {
			continue
		}
		j := i
		for j < len(tag) && (tag[j] == ' ' || tag[j] == '\t' || tag[j] == '\n' || tag[j] == '\r') {
			j++
		}
		if j >= len(tag) || tag[j] != '=' {
			continue
		}
		j++
		for j < len(tag) && (tag[j] == ' ' || tag[j] == '\t' || tag[j] == '\n' || tag[j] == '\r') {
			j++
		}
		if j >= len(tag) || (tag[j] != '"' && tag[j] != '\'') {
			return nil, false
		}
		e := bytes.IndexByte(tag[j+1:], tag[j])
		if e < 0 {
			return nil, false
		}
		return tag[j+1 : j+1+e], true
	}
	return nil, false
}

// indexRare is bytes.Index(b, pat) for a pattern whose byte pat[k] is rare in b
// (the 'D' of "</sheetData>", the '!' of "<!"): it steps from one such byte to
// the next instead of stopping at every '<'. The first match is the same.
func indexRare(b []byte, pat string, k int) int {
	for q := 0; ; {
		i := bytes.IndexByte(b[q:], pat[k])
		if i < 0 {
			return -1
		}
		q += i
		if p := q - k; p >= 0 && len(b)-p >= len(pat) && string(b[p:p+len(pat)]) == pat {
			return p
		}
		q++
	}
}

// attr returns the value of attribute name (either quote, XML-decoded) inside a
// tag, without allocating for the others.
func attr(tag []byte, name string) (string, bool) {
	for i := 0; i < len(tag); {
		k := bytes.Index(tag[i:], []byte(name))
		if k < 0 {
			return "", false
		}
		k += i
		i = k + len(name)
		if k > 0 && tag[k-1] != ' ' && tag[k-1] != '\t' && tag[k-1] != '\n' && tag[k-1] != '\r' {
			continue // the tail of another name (ref in sqref)
		}
		j := i
		for j < len(tag) && (tag[j] == ' ' || tag[j] == '\t' || tag[j] == '\n' || tag[j] == '\r') {
			j++
		}
		if j >= len(tag) || tag[j] != '=' {
			continue
		}
		j++
		for j < len(tag) && (tag[j] == ' ' || tag[j] == '\t' || tag[j] == '\n' || tag[j] == '\r') {
			j++
		}
		if j >= len(tag) || (tag[j] != '"' && tag[j] != '\'') {
			return "", false
		}
		e := bytes.IndexByte(tag[j+1:], tag[j])
		if e < 0 {
			return "", false
		}
		v, ok := xmlText(string(tag[j+1 : j+1+e]))
		return v, ok
	}
	return "", false
}
