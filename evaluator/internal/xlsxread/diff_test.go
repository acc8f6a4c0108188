package xlsxread

import (
	"archive/zip"
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The fast scan's oracle is excelize: workbooks generated from the fuzzer's bytes
// (random cell types, shared and inline strings, styles with percent and date
// formats, formulas, merged cells, rows and cells in odd order, the XML shapes
// that Excel, LibreOffice and openpyxl write) are read both ways and compared
// cell by cell. Where the scan declines a sheet, Book.Rows gives excelize's
// reading, so the comparison holds for everything Book returns.

// choices hands out small numbers taken from the fuzzer's bytes (0 once they
// run out), so that a mutation of the input changes the workbook's structure.
type choices struct {
	b []byte
	i int
}

func (c *choices) n(k int) int {
	if c.i >= len(c.b) || k <= 1 {
		c.i++
		return 0
	}
	v := int(c.b[c.i]) % k
	c.i++
	return v
}

var genTexts = []string{"江阴市", "a&b", "<x>", "  lead", "trail  ", "x\r\ny", "中&#x6587;", "85%", "1,234", "是", "", "_x000D_", "\"q\"", "0.5"}
var genFormats = []string{"0.00%", "0%", "yyyy-mm-dd", "0.0", `0.00"%"`, "[h]:mm", "#,##0", `[Red]0.0%`, "General", `yyyy"年"m"月"`}

// genWorkbook builds an .xlsx from the choices; flavour 0 is Excel's XML, 1
// LibreOffice's (spans, explicit t="n", row attributes), 2 openpyxl's (inline
// strings, no dimension).
func genWorkbook(seed []byte) []byte {
	c := &choices{b: seed}
	flavour := c.n(3)
	// styles: custom formats and cellXfs
	var numFmts strings.Builder
	nCustom := 1 + c.n(4)
	for i := range nCustom {
		fmt.Fprintf(&numFmts, `<numFmt numFmtId="%d" formatCode="%s"/>`, 164+i, xmlEscape(genFormats[c.n(len(genFormats))]))
	}
	builtin := []int{0, 1, 2, 9, 10, 14, 22, 49, 57}
	nXf := 2 + c.n(6)
	var xfs strings.Builder
	for i := range nXf {
		id := 0
		if i > 0 {
			if c.n(2) == 0 {
				id = builtin[c.n(len(builtin))]
			} else {
				id = 164 + c.n(nCustom)
			}
		}
		fmt.Fprintf(&xfs, `<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0"/>`, id)
	}
	styles := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		fmt.Sprintf(`<numFmts count="%d">%s</numFmts>`, nCustom, numFmts.String()) +
		`<fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>` +
		`<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
		fmt.Sprintf(`<cellXfs count="%d">%s</cellXfs></styleSheet>`, nXf, xfs.String())
	var sst []string
	sstIndex := map[string]int{}
	shared := func(s string) int {
		if i, ok := sstIndex[s]; ok {
			return i
		}
		sstIndex[s] = len(sst)
		sst = append(sst, s)
		return len(sst) - 1
	}
	// the sheet's rows: a map of row → cells, written in an order of the choices
	nRows := 1 + c.n(12)
	type cell struct {
		col  int
		body string
	}
	rows := map[int][]cell{}
	var rowNums []int
	maxCol, maxRow := 1, 1
	for range nRows {
		r := 1 + c.n(20)
		if _, ok := rows[r]; ok {
			continue
		}
		rowNums = append(rowNums, r)
		used := map[int]bool{}
		for range 1 + c.n(6) {
			col := 1 + c.n(8)
			if used[col] {
				continue
			}
			used[col] = true
			maxCol, maxRow = max(maxCol, col), max(maxRow, r)
			ref, _ := excelize.CoordinatesToCellName(col, r)
			s := ""
			if k := c.n(nXf); k > 0 {
				s = fmt.Sprintf(` s="%d"`, k)
			}
			text := genTexts[c.n(len(genTexts))]
			var body string
			switch c.n(8) {
			case 0: // number
				t := ""
				if flavour == 1 {
					t = ` t="n"`
				}
				body = fmt.Sprintf(`<c r="%s"%s%s><v>%d.%d</v></c>`, ref, s, t, c.n(200)-50, c.n(100))
			case 1: // shared string
				body = fmt.Sprintf(`<c r="%s"%s t="s"><v>%d</v></c>`, ref, s, shared(text))
			case 2: // inline string
				body = fmt.Sprintf(`<c r="%s"%s t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref, s, xmlEscape(text))
			case 3: // a formula with a string result (type str)
				body = fmt.Sprintf(`<c r="%s"%s t="str"><f>T(A1)</f><v>%s</v></c>`, ref, s, xmlEscape(text))
			case 4: // boolean
				body = fmt.Sprintf(`<c r="%s"%s t="b"><v>%d</v></c>`, ref, s, c.n(2))
			case 5: // error from a formula
				body = fmt.Sprintf(`<c r="%s"%s t="e"><f>1/0</f><v>#DIV/0!</v></c>`, ref, s)
			case 6: // styled, empty
				body = fmt.Sprintf(`<c r="%s"%s/>`, ref, s)
			case 7: // a number formula
				body = fmt.Sprintf(`<c r="%s"%s><f>SUM(A1:A2)</f><v>%d</v></c>`, ref, s, c.n(1000))
			}
			rows[r] = append(rows[r], cell{col, body})
		}
	}
	// Rows in ascending order, with gaps; cells in column order within a row, with
	// gaps. OOXML requires both orders, and excelize is no oracle without them:
	// it places a cell written out of column order by its position in the row, not
	// by its reference (C1 after H1 is read into H1), and with rows in descending
	// order it moves values into the wrong rows; the scan places every value by
	// its reference, as Excel does.
	for i := range rowNums {
		for j := i + 1; j < len(rowNums); j++ {
			if rowNums[j] < rowNums[i] {
				rowNums[i], rowNums[j] = rowNums[j], rowNums[i]
			}
		}
	}
	var sd strings.Builder
	for _, r := range rowNums {
		cs := rows[r]
		for i := range cs {
			for j := i + 1; j < len(cs); j++ {
				if cs[j].col < cs[i].col {
					cs[i], cs[j] = cs[j], cs[i]
				}
			}
		}
		switch flavour {
		case 1:
			fmt.Fprintf(&sd, `<row r="%d" spans="1:%d" s="0" customFormat="false" ht="12.8" hidden="false" customHeight="false" outlineLevel="0" collapsed="false">`, r, maxCol)
		default:
			fmt.Fprintf(&sd, `<row r="%d">`, r)
		}
		for _, x := range cs {
			sd.WriteString(x.body)
		}
		sd.WriteString(`</row>`)
	}
	last, _ := excelize.CoordinatesToCellName(maxCol, maxRow)
	ws := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`
	if flavour != 2 {
		ws += `<dimension ref="A1:` + last + `"/>`
	}
	ws += `<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="2" width="12" customWidth="1"/></cols>`
	ws += `<sheetData>` + sd.String() + `</sheetData>`
	if c.n(2) == 1 {
		ws += `<mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>`
	}
	ws += `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`

	var sstXML strings.Builder
	fmt.Fprintf(&sstXML, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(sst), len(sst))
	for _, s := range sst {
		fmt.Fprintf(&sstXML, `<si><t xml:space="preserve">%s</t></si>`, xmlEscape(s))
	}
	sstXML.WriteString(`</sst>`)

	parts := [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="数据填报" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/styles.xml", styles},
		{"xl/sharedStrings.xml", sstXML.String()},
		{"xl/worksheets/sheet1.xml", ws},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, _ := zw.Create(p[0])
		w.Write([]byte(p[1]))
	}
	zw.Close()
	return buf.Bytes()
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		switch r {
		case '&':
			if strings.HasPrefix(s, "中&#x") { // keep a character reference as one
				b.WriteRune(r)
				continue
			}
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// agreeWithExcelize reads data with Book (fast scan, or its fallback) and with
// excelize alone, and compares every sheet's rows and every cell's attributes.
// It returns the number of sheets the fast scan read.
func agreeWithExcelize(t *testing.T, what string, data []byte) (fast int) {
	t.Helper()
	rd := NewReader()
	f, err := rd.Open(data)
	if err != nil {
		t.Fatalf("%s: Open: %v", what, err)
	}
	defer f.Close()
	x, err := excelize.OpenReader(bytes.NewReader(data), readOptions())
	if err != nil {
		t.Fatalf("%s: excelize: %v", what, err)
	}
	defer x.Close()
	if strings.Join(f.SheetList(), ",") != strings.Join(x.GetSheetList(), ",") {
		t.Fatalf("%s: sheets %v, excelize %v", what, f.SheetList(), x.GetSheetList())
	}
	for _, sh := range f.SheetList() {
		rows, err := f.Rows(sh)
		want, werr := sheetRows(x, sh)
		if (err == nil) != (werr == nil) {
			t.Fatalf("%s: %s: error %v, excelize's reading %v", what, sh, err, werr)
		}
		// Cell by cell: a missing cell reads as "" (excelize pads a row to the width
		// of a longer one when rows come in descending order; the scan does not).
		at := func(rows []Row, r, c int) string {
			if r < len(rows) {
				return rows[r].At(c)
			}
			return ""
		}
		for r := range max(len(rows), len(want)) {
			for c := range max(at2(rows, r).Width(), at2(want, r).Width()) {
				if got, w := at(rows, r, c), at(want, r, c); got != w {
					t.Fatalf("%s: %s!%s: book %q, excelize %q\nbook     %q\nexcelize %q", what, sh, CellName(c+1, r+1), got, w, denseRows(rows), denseRows(want))
				}
			}
		}
		// excelize's cell getters (GetCellValue, GetCellFormula, GetCellType) answer
		// for a cell inside a merged range with the range's top-left cell, by design
		// (qax-os/excelize#983: "All cells value will be same in a merged range";
		// #1483); GetCellStyle and GetRows do not. The fast scan reads each cell as
		// written, as Excel stores it. So on a fast-scanned sheet a merged cell other
		// than the top-left one is compared with excelize's reading of a copy without
		// the mergeCells element. (This was the fuzzer's "formula one column off":
		// seeds merged-formula-a1, merged-formula-b1.) The excelize fallback uses the
		// getters, so on a declined sheet Book answers as they do.
		oracle := func(col, r int) *excelize.File { return x }
		if _, fastSheet := f.attrs[sh]; fastSheet {
			if merged := mergedFollowers(t, x, sh); len(merged) > 0 {
				xu := openUnmerged(t, data)
				defer xu.Close()
				oracle = func(col, r int) *excelize.File {
					if merged[[2]int{col, r}] {
						return xu
					}
					return x
				}
			}
		}
		cells := f.Cells(sh)
		for r := 1; r <= len(want)+2; r++ {
			for col := 0; col < 10; col++ {
				name := CellName(col+1, r)
				got, ok := cells.Cell(name, col, r)
				if !ok {
					t.Fatalf("%s: %s!%s: %v", what, sh, name, cells.Err())
				}
				style, _ := x.GetCellStyle(sh, name)
				formula, _ := oracle(col+1, r).GetCellFormula(sh, name)
				typ, _ := oracle(col+1, r).GetCellType(sh, name)
				var kind uint8
				if st, _ := x.GetStyle(style); st != nil && st.CustomNumFmt != nil {
					kind = numberStyleKind(st.NumFmt, *st.CustomNumFmt, true)
				} else if st != nil {
					kind = numberStyleKind(st.NumFmt, "", false)
				}
				wantCell := Cell{Percent: kind&stylePercent != 0, Date: kind&styleDate != 0, Formula: formula,
					HasFormula: formula != "", ErrorType: typ == excelize.CellTypeError}
				if got != wantCell {
					t.Fatalf("%s: %s!%s: book %+v, excelize %+v", what, sh, name, got, wantCell)
				}
			}
		}
	}
	return int(rd.Stats().Fast)
}

func TestGeneratedWorkbooksAgreeWithExcelize(t *testing.T) {
	n := 400
	if testing.Short() {
		n = 40
	}
	fast := 0
	for i := range n {
		seed := []byte(fmt.Sprintf("%08d-%s", i*7919, strings.Repeat(string(rune('a'+i%26)), i%40)))
		for j := range seed {
			seed[j] ^= byte(i * (j + 3))
		}
		fast += agreeWithExcelize(t, fmt.Sprintf("workbook %d", i), genWorkbook(seed))
	}
	if fast < n/4 {
		t.Errorf("the fast scan read only %d of %d generated sheets: the comparison mostly tests excelize against itself", fast, n)
	}
}

func FuzzFastScanAgreesWithExcelize(f *testing.F) {
	for _, s := range []string{"", "\x00\x01\x02", "excel-style", "\x01libreoffice", "\x02openpyxl inline strings", "\x01\x05\x07\x02\x03\x09\x11\x13"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, seed []byte) {
		if len(seed) > 4096 {
			return
		}
		agreeWithExcelize(t, "fuzz", genWorkbook(seed))
	})
}

// A sheet the scan declines (a cell without its r attribute) is read by
// excelize: counted, traced, and read as excelize reads it.
func TestFallbackDeclinedSheet(t *testing.T) {
	data := genWorkbook([]byte("excel-style"))
	data = rezip(t, data, "xl/worksheets/sheet1.xml", func(ws string) string {
		return strings.Replace(ws, `<row r="`, `<row r="99"><c><v>7</v></c></row><row r="`, 1)
	})
	rd := NewReader()
	var events []string
	rd.Trace = func(e string) { events = append(events, e) }
	f, err := rd.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Rows("数据填报"); err != nil {
		t.Fatal(err)
	}
	if st := rd.Stats(); st.Fast != 0 || st.Excelize != 1 || st.Panics != 0 {
		t.Errorf("stats %+v, want one sheet by excelize", st)
	}
	if len(events) != 1 || !strings.Contains(events[0], "sheet 数据填报 read by excelize") {
		t.Errorf("trace %q", events)
	}
	agreeWithExcelize(t, "declined", data)
}

// A panic of the scan is recovered into the excelize reading, counted apart.
func TestFallbackAfterPanic(t *testing.T) {
	data := genWorkbook([]byte("excel-style"))
	rd := NewReader()
	rd.testHook = func(string) { panic("injected") }
	var events []string
	rd.Trace = func(e string) { events = append(events, e) }
	f, err := rd.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.Rows("数据填报")
	if err != nil {
		t.Fatal(err)
	}
	x, _ := excelize.OpenReader(bytes.NewReader(data), readOptions())
	want, _ := sheetRows(x, "数据填报")
	if fmt.Sprintf("%q", denseRows(rows)) != fmt.Sprintf("%q", denseRows(want)) {
		t.Errorf("rows after the fallback %q, excelize %q", denseRows(rows), denseRows(want))
	}
	if st := rd.Stats(); st.Panics != 1 || st.Excelize != 1 || st.Fast != 0 {
		t.Errorf("stats %+v, want one panic and one sheet by excelize", st)
	}
	if len(events) != 2 || !strings.Contains(events[0], "panicked (injected)") {
		t.Errorf("trace %q", events)
	}
}

// rezip returns data with one part changed by edit.
func rezip(t *testing.T, data []byte, part string, edit func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range zr.File {
		rc, _ := e.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		s := b.String()
		if e.Name == part {
			s = edit(s)
		}
		w, _ := zw.Create(e.Name)
		w.Write([]byte(s))
	}
	zw.Close()
	return buf.Bytes()
}

// mergedFollowers returns the cells (column, row; 1-based) of the sheet's merged
// ranges other than each range's top-left cell.
func mergedFollowers(t *testing.T, x *excelize.File, sheet string) map[[2]int]bool {
	t.Helper()
	ranges, err := x.GetMergeCells(sheet)
	if err != nil {
		t.Fatalf("excelize GetMergeCells: %v", err)
	}
	out := map[[2]int]bool{}
	for _, m := range ranges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			t.Fatalf("merged range %s:%s: %v %v", m.GetStartAxis(), m.GetEndAxis(), err1, err2)
		}
		for c := c1; c <= c2; c++ {
			for r := r1; r <= r2; r++ {
				if c != c1 || r != r1 {
					out[[2]int{c, r}] = true
				}
			}
		}
	}
	return out
}

// openUnmerged opens with excelize a copy of the workbook whose worksheets have
// no mergeCells element: its getters then read every cell as written.
func openUnmerged(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?s)<mergeCells\b.*?</mergeCells>`)
	for _, e := range zr.File {
		if strings.HasPrefix(e.Name, "xl/worksheets/") {
			data = rezip(t, data, e.Name, func(s string) string { return re.ReplaceAllString(s, "") })
		}
	}
	x, err := excelize.OpenReader(bytes.NewReader(data), readOptions())
	if err != nil {
		t.Fatalf("excelize, unmerged copy: %v", err)
	}
	return x
}

// at2 is row r of rows, or nil.
func at2(rows []Row, r int) Row {
	if r < len(rows) {
		return rows[r]
	}
	return nil
}

// denseRows is rows padded as excelize's GetRows gives them.
func denseRows(rows []Row) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		if len(r) == 0 {
			continue
		}
		out[i] = make([]string, r.Width())
		for _, v := range r {
			out[i][v.Col] = v.Text
		}
	}
	return out
}

// Width is 1 + the last non-empty column (0 for an empty row): the length of the
// row as excelize's GetRows gives it.
func (r Row) Width() int {
	if len(r) == 0 {
		return 0
	}
	return r[len(r)-1].Col + 1
}
