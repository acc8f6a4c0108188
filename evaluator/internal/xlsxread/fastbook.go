package xlsxread

import (
	"bytes"
	"encoding/xml"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// fastBook reads what the submission and table readers need from an .xlsx (sheet
// names, raw cell values, styles' number formats, formulas) straight from the
// inflated XML parts by byte scanning: about ten times faster than excelize's
// reader, which unmarshals every part it touches. When a part is not what Excel,
// WPS, LibreOffice or excelize write (newFastBook or a sheet scan says !ok), the
// reader uses excelize instead; the differential tests (diff_test.go) keep the two equal.
type fastBook struct {
	rd     *Reader           // counts the fallbacks; nil in tests of the scan alone
	names  []string          // sheet names in workbook order
	sheets map[string][]byte // sheet name → worksheet XML
	sst    []string
	styles []uint8 // cellXfs index → styleKind flags of its number format
}

// newFastBook prepares the fast path from the kept parts; ok is false when the
// parts are not what it understands, and the reader then uses excelize. A panic
// (a bug of the scan, never expected) is recovered into the same fallback and
// counted apart (Stats.Panics).
func newFastBook(rd *Reader, parts map[string][]byte) (fb *fastBook, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			rd.panicked("workbook layout", r)
			fb, ok = nil, false
		}
	}()
	wl, ok := rd.workbookLayoutCached(parts["xl/workbook.xml"], parts["xl/_rels/workbook.xml.rels"])
	if !ok {
		return nil, false
	}
	b := &fastBook{rd: rd, sheets: map[string][]byte{}}
	for _, s := range wl.sheets {
		ws, ok := parts[s.target]
		if !ok {
			return nil, false
		}
		b.names = append(b.names, s.name)
		b.sheets[s.name] = ws
	}
	sstPart, stylesPart := wl.sstPart, wl.stylesPart
	if sstPart != "" {
		sst, ok := scanSST(parts[sstPart])
		if !ok {
			return nil, false
		}
		b.sst = sst
	}
	if stylesPart != "" {
		pct, ok := rd.scanNumberStylesCached(parts[stylesPart])
		if !ok {
			return nil, false
		}
		b.styles = pct
	}
	return b, true
}

// workbookLayout is what the fast path takes from workbook.xml and its
// relationships: the sheets in order with their parts, and the shared strings'
// and styles' parts ("" when absent).
type workbookLayout struct {
	sheets              []struct{ name, target string }
	sstPart, stylesPart string
}

// parseWorkbookLayout reads workbook.xml and its relationships.
func parseWorkbookLayout(workbook, rels []byte) (*workbookLayout, bool) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rs struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(workbook, &wb) != nil || xml.Unmarshal(rels, &rs) != nil {
		return nil, false
	}
	wl := &workbookLayout{}
	target := map[string]string{}
	for _, r := range rs.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
		switch {
		case strings.HasSuffix(r.Type, "/sharedStrings"):
			wl.sstPart = t
		case strings.HasSuffix(r.Type, "/styles"):
			wl.stylesPart = t
		}
	}
	for _, s := range wb.Sheets {
		wl.sheets = append(wl.sheets, struct{ name, target string }{s.Name, target[s.RID]})
	}
	return wl, true
}

// rows returns a sheet's raw values as excelize's GetRows with RawCellValue does
// (trailing empty rows dropped, each row its non-empty cells), and the cells'
// attributes. ok is false when the sheet is left to excelize; err is set when the
// sheet is refused (over MaxSheetRows or MaxSheetCells).
func (b *fastBook) rows(sheet string) (rows []Row, cells *cellAttrs, ok bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			if b.rd != nil {
				b.rd.panicked("sheet "+sheet, r)
			}
			rows, cells, ok, err = nil, nil, false, nil
		}
	}()
	if b.rd != nil && b.rd.testHook != nil {
		b.rd.testHook(sheet)
	}
	ws, ok := b.sheets[sheet]
	if !ok {
		return nil, nil, false, nil
	}
	dimRows, lastRow := sheetDimensionRows(ws), lastRowElement(ws)
	if dimRows > MaxSheetRows || lastRow > MaxSheetRows {
		// Far more rows than any submission or table has: refused before a
		// million rows are built in memory.
		return nil, nil, false, tooManyRows(sheet)
	}
	if countCells(ws) > MaxSheetCells {
		// Refused before a hundred bytes are held for each of them.
		return nil, nil, false, tooManyCells(sheet)
	}
	scanned, ok := scanWorksheet(ws, b.sst, true)
	if !ok {
		return nil, nil, false, nil
	}
	if len(scanned) > MaxSheetCells {
		return nil, nil, false, tooManyCells(sheet)
	}
	if dimRows > 0 && lastRow < dimRows {
		// The worksheet says it has more rows than it holds: let excelize and its
		// dimension check decide.
		return nil, nil, false, nil
	}
	cells, dup := newCellAttrs(scanned)
	// A cell's value is that of the last element with its reference (inside
	// <sheetData>, not self-closing), as if the values were gathered in a map.
	var lastVal map[string]int
	if dup {
		lastVal = map[string]int{}
		for i := range scanned {
			if scanned[i].hasVal {
				lastVal[scanned[i].ref] = i
			}
		}
	}
	// The values in sheet order (row, then column): the document's order unless
	// a writer put cells out of order.
	type placed struct{ i, c, r int }
	var place []placed
	inOrder := true
	for i := range scanned {
		sc := &scanned[i]
		if !sc.hasVal || sc.val == "" || (lastVal != nil && lastVal[sc.ref] != i) {
			continue
		}
		c, r, ok := int(sc.col), int(sc.row), sc.col > 0
		if !ok {
			c, r, ok = cellCoordinates(sc.ref)
		}
		if !ok || r > excelize.TotalRows || c > excelize.MaxColumns {
			return nil, nil, false, nil
		}
		if r > MaxSheetRows {
			return nil, nil, false, tooManyRows(sheet)
		}
		if place == nil {
			place = make([]placed, 0, len(scanned)-i)
		}
		if n := len(place); n > 0 && (r < place[n-1].r || r == place[n-1].r && c <= place[n-1].c) {
			inOrder = false
		}
		place = append(place, placed{i, c, r})
	}
	if len(place) == 0 {
		return nil, cells, true, nil
	}
	if !inOrder {
		// Stable: of two values in one cell (two references naming it), the later wins.
		slices.SortStableFunc(place, func(a, b placed) int {
			if a.r != b.r {
				return a.r - b.r
			}
			return a.c - b.c
		})
		k := 0
		for _, p := range place {
			if k > 0 && place[k-1].r == p.r && place[k-1].c == p.c {
				k--
			}
			place[k] = p
			k++
		}
		place = place[:k]
	}
	// Each row is a slice of one backing array holding every value once.
	backing := make([]Value, len(place))
	rows = make([]Row, place[len(place)-1].r)
	for k := 0; k < len(place); {
		r, start := place[k].r, k
		for ; k < len(place) && place[k].r == r; k++ {
			backing[k] = Value{Col: place[k].c - 1, Text: scanned[place[k].i].val}
		}
		rows[r-1] = Row(backing[start:k:k])
	}
	return rows, cells, true, nil
}

// cellAttrs are the attributes of a sheet's cells by reference; where a
// reference appears twice, the last element counts.
type cellAttrs struct {
	cells []sheetCell
	// When every reference is canonical (A1 … XFD1048576) and the sheet is dense
	// enough, index maps (row-1)*cols+col-1 to 1 + the cell's position in cells
	// (0: no cell); otherwise byRef holds the attributes by reference.
	index []int32
	cols  int
	byRef map[string]cellAttr
}

// newCellAttrs indexes a sheet's cells; dup reports a reference seen twice.
func newCellAttrs(scanned []sheetCell) (a *cellAttrs, dup bool) {
	a = &cellAttrs{cells: scanned}
	maxCol, maxRow := 0, 0
	canonical := true
	for i := range scanned {
		if scanned[i].col == 0 {
			canonical = false
			break
		}
		maxCol, maxRow = max(maxCol, int(scanned[i].col)), max(maxRow, int(scanned[i].row))
	}
	if canonical && maxCol*maxRow <= 4*len(scanned)+4096 {
		a.cols = maxCol
		a.index = make([]int32, maxCol*maxRow)
		for i := range scanned {
			k := (int(scanned[i].row)-1)*maxCol + int(scanned[i].col) - 1
			dup = dup || a.index[k] != 0
			a.index[k] = int32(i + 1)
		}
		return a, dup
	}
	a.byRef = make(map[string]cellAttr, len(scanned))
	for i := range scanned {
		a.byRef[scanned[i].ref] = scanned[i].attr
	}
	return a, len(a.byRef) < len(scanned)
}

// get returns the attributes of the cell at a 0-based column and 1-based row
// (named name, as a1Ref names it), or zero ones.
func (a *cellAttrs) get(name string, col, row int) cellAttr {
	if a.byRef != nil {
		return a.byRef[name]
	}
	if col < 0 || col >= a.cols || row < 1 || (row-1)*a.cols+col >= len(a.index) {
		return cellAttr{}
	}
	if i := a.index[(row-1)*a.cols+col]; i > 0 {
		return a.cells[i-1].attr
	}
	return cellAttr{}
}

func (b *fastBook) isPercent(style int) bool {
	return style >= 0 && style < len(b.styles) && b.styles[style]&stylePercent != 0
}

func (b *fastBook) isDate(style int) bool {
	return style >= 0 && style < len(b.styles) && b.styles[style]&styleDate != 0
}

// scanSST reads the shared strings: each <si>'s <t> texts, phonetic runs (<rPh>)
// left out. Strings with OOXML _xHHHH_ escapes are left to excelize (!ok).
func scanSST(x []byte) ([]string, bool) {
	var out []string
	for {
		i := bytes.Index(x, []byte("<si"))
		if i < 0 {
			return out, true
		}
		x = x[i+3:]
		if len(x) > 0 && x[0] == '/' { // <si/>
			out = append(out, "")
			continue
		}
		end := bytes.Index(x, []byte("</si>"))
		if end < 0 {
			return nil, false
		}
		si := x[:end]
		x = x[end+5:]
		// The texts of the <t> runs: one run (the usual case) is decoded without a
		// builder.
		var first []byte
		runs := 0
		var sb strings.Builder
		for {
			t := bytes.Index(si, []byte("<t"))
			if t < 0 {
				break
			}
			if ph := bytes.Index(si, []byte("<rPh")); ph >= 0 && ph < t {
				phEnd := bytes.Index(si, []byte("</rPh>"))
				if phEnd < 0 {
					return nil, false
				}
				si = si[phEnd+6:]
				continue
			}
			si = si[t+2:]
			gt := bytes.IndexByte(si, '>')
			if gt < 0 {
				return nil, false
			}
			if len(si) == 0 || (si[0] != '>' && si[0] != ' ' && si[0] != '/') {
				continue // <tag…> other than <t>
			}
			if gt > 0 && si[gt-1] == '/' { // <t/>
				si = si[gt+1:]
				continue
			}
			si = si[gt+1:]
			e := bytes.Index(si, []byte("</t>"))
			if e < 0 {
				return nil, false
			}
			switch runs {
			case 0:
				first = si[:e]
			case 1:
				sb.Write(first)
				fallthrough
			default:
				sb.Write(si[:e])
			}
			runs++
			si = si[e+4:]
		}
		var s string
		var ok bool
		switch {
		case runs == 1 && plainText(first):
			s, ok = string(first), true
		case runs == 1:
			s, ok = xmlText(string(first))
		default:
			s, ok = xmlText(sb.String())
		}
		if !ok || strings.Contains(s, "_x") {
			return nil, false
		}
		out = append(out, s)
	}
}

// xmlText decodes character data as an XML parser would: line ends normalised to
// \n, the five named entities and numeric character references.
func xmlText(s string) (string, bool) {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	if strings.IndexByte(s, '&') < 0 {
		return s, true
	}
	var sb strings.Builder
	sb.Grow(len(s)) // the decoded text is never longer
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			sb.WriteString(s)
			return sb.String(), true
		}
		sb.WriteString(s[:i])
		s = s[i:]
		semi := strings.IndexByte(s, ';')
		if semi < 0 {
			return "", false
		}
		ent := s[1:semi]
		s = s[semi+1:]
		switch ent {
		case "lt":
			sb.WriteByte('<')
		case "gt":
			sb.WriteByte('>')
		case "amp":
			sb.WriteByte('&')
		case "quot":
			sb.WriteByte('"')
		case "apos":
			sb.WriteByte('\'')
		default:
			if !strings.HasPrefix(ent, "#") {
				return "", false
			}
			var n uint64
			var err error
			if strings.HasPrefix(ent, "#x") {
				n, err = strconv.ParseUint(ent[2:], 16, 32)
			} else {
				n, err = strconv.ParseUint(ent[1:], 10, 32)
			}
			if err != nil {
				return "", false
			}
			sb.WriteRune(rune(n))
		}
	}
}

// sheetDimensionRows is the last row of a worksheet's <dimension ref>, or 0.
func sheetDimensionRows(ws []byte) int {
	i := bytes.Index(ws, []byte("<dimension"))
	j := bytes.Index(ws, []byte("<sheetData"))
	if i < 0 || (j >= 0 && i > j) {
		return 0
	}
	end := bytes.IndexByte(ws[i:], '>')
	if end < 0 {
		return 0
	}
	ref, _ := attr(ws[i+10:i+end], "ref")
	_, r := dimensionLastRow(ref)
	return r
}

// countCells counts the <c> elements of a worksheet (as scanWorksheet tells
// them from <cols>, <col> and <cfRule>) without holding anything.
func countCells(ws []byte) int {
	n := 0
	for {
		i := bytes.Index(ws, []byte("<c"))
		if i < 0 || i+2 >= len(ws) {
			return n
		}
		switch ws[i+2] {
		case ' ', '>', '/', '\t', '\n', '\r':
			n++
		}
		ws = ws[i+2:]
	}
}

// lastRowElement is the largest r of the worksheet's <row> elements.
func lastRowElement(ws []byte) int {
	last := 0
	for {
		i := indexRare(ws, "<row", 3) // 'w': rare in a worksheet outside <row
		if i < 0 {
			return last
		}
		ws = ws[i+4:]
		end := bytes.IndexByte(ws, '>')
		if end < 0 {
			return last
		}
		rv, _ := attr(ws[:end], "r")
		if n, err := strconv.Atoi(rv); err == nil && n > last {
			last = n
		} else if err != nil {
			last++
		}
	}
}
