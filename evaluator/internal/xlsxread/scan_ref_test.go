package xlsxread

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The reader scans each worksheet once (scanWorksheet). The two-pass scan it
// replaced (scanCells for the attributes, then scanSheet for the values) is kept
// here as the reference: both must give the same rows, attributes and refusals on
// every sheet of the fixtures and on many damaged copies of them.

func TestScanWorksheetMatchesTwoPass(t *testing.T) {
	var sheets [][]byte
	var ssts [][]string
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "*", "*.xlsx"))
	more, _ := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "examples", "*", "*.xlsx"))
	for _, p := range append(files, more...) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Open(data)
		if err != nil || f.fast == nil {
			continue
		}
		for _, sh := range f.fast.names {
			sheets = append(sheets, f.fast.sheets[sh])
			ssts = append(ssts, f.fast.sst)
		}
	}
	if len(sheets) < 10 {
		t.Fatalf("only %d sheets", len(sheets))
	}
	// Hand-made shapes: duplicates, cells after </sheetData>, escapes, odd refs.
	extra := []string{
		`<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="A1"><v></v></c></row></sheetData>`,
		`<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="A1"/></row></sheetData>`,
		`<sheetData><row r="1"><c r="A1" t="s"><v>&#49;</v></c><c r="b2"><v>x&amp;y</v></c><c r="$C$3"><v>3</v></c></row></sheetData>`,
		`<sheetData><row r="1"><c r="A1" s="&#50;"><v>1</v></c></row></sheetData><extLst><c r="A1" s="7"/></extLst>`,
		`<sheetData><row r="1"><c r="A1"><v>1</v></sheetData></c>`,
		`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t><t xml:space="preserve"> b</t></is></c></row></sheetData>`,
		`<sheetData><row r="1"><c r="A1" t="d"><v>2024-01-01</v></c></row></sheetData>`,
		`<sheetData><row r="1"><c r="XFE1"><v>1</v></c></row></sheetData>`,
		`<sheetData><row r="1"><c r="A0"><v>1</v></c></row></sheetData>`,
		`<sheetData><row r="1"><c r="AAAA1"><v>1</v></c></row></sheetData>`,
		`<sheetData><row r="1"><c r="A1" t="s"><v> 1 </v></c><c r="B1" t="s"><v>+0</v></c></row></sheetData>`,
		`<sheetData><row r="1"><c r="A1"><v a="1">1</v></c></row></sheetData>`,
		`<dimension ref="A1:B9"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>`,
		`<sheetData><row r="1"><c r="A1" t="str"><f t="shared" si="0" ref="A1:A2">B1</f><v>1</v></c><c r="A2" t="str"><f t="shared" si="0"/><v>1</v></c></row></sheetData>`,
	}
	for _, e := range extra {
		sheets = append(sheets, []byte(e))
		ssts = append(ssts, []string{"zero", "one"})
	}
	for i, ws := range sheets {
		compareScans(t, fmt.Sprint("sheet ", i), ws, ssts[i])
	}
	// Damaged copies: bytes removed, duplicated or changed near the markup.
	r := rand.New(rand.NewPCG(1, 2))
	marks := []string{"<", ">", "/", "\"", "r", "s", "t", "&", " ", "\r", "<c", "</c>", "<v>", "</v>", "</sheetData>", "<f>", "A1"}
	n := 3000
	if testing.Short() {
		n = 300
	}
	for k := 0; k < n; k++ {
		i := r.IntN(len(sheets))
		ws := bytes.Clone(sheets[i])
		for m := 0; m < 1+r.IntN(3); m++ {
			p := r.IntN(len(ws) + 1)
			switch r.IntN(3) {
			case 0:
				ws = append(ws[:p:p], append([]byte(marks[r.IntN(len(marks))]), ws[p:]...)...)
			case 1:
				q := min(len(ws), p+1+r.IntN(8))
				ws = append(ws[:p:p], ws[q:]...)
			case 2:
				q := min(len(ws), p+r.IntN(40))
				ws = append(ws[:q:q], append(bytes.Clone(ws[p:q]), ws[q:]...)...)
			}
		}
		compareScans(t, fmt.Sprintf("damaged %d of sheet %d", k, i), ws, ssts[i])
	}
}

func FuzzScanWorksheet(f *testing.F) {
	f.Add([]byte(`<sheetData><row r="1"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1"><f>A1</f><v>2</v></c></row></sheetData>`))
	f.Fuzz(func(t *testing.T, ws []byte) {
		compareScans(t, "fuzz", ws, []string{"a", "b"})
	})
}

func compareScans(t *testing.T, what string, ws []byte, sst []string) {
	t.Helper()
	b := &fastBook{sheets: map[string][]byte{"s": ws}, sst: sst}
	rows, attrs, ok := b.rows("s")
	wrows, wcells, wok := refRowsSafe(ws, sst)
	var cells map[string]cellAttr
	if attrs != nil {
		cells = attrs.all()
		// The lookup the workbook reader makes (by a1Ref) gives what the map gave.
		for r := 1; r <= 40; r++ {
			for c := 0; c <= 12; c++ {
				name := a1Ref(c, r)
				if got := attrs.get(name, c, r); got != wcells[name] {
					t.Fatalf("%s: get(%s) %+v, reference %+v", what, name, got, wcells[name])
				}
			}
		}
		for ref, a := range cells {
			if c, r, ok := cellCoordinates(ref); ok && a1Ref(c-1, r) == ref {
				if got := attrs.get(ref, c-1, r); got != a {
					t.Fatalf("%s: get(%s) %+v, want %+v", what, ref, got, a)
				}
			}
		}
	}
	if ok != wok {
		t.Fatalf("%s: ok %v, reference %v\n%s", what, ok, wok, ws)
	}
	if fmt.Sprintf("%q", rows) != fmt.Sprintf("%q", wrows) {
		t.Fatalf("%s: rows %q, reference %q", what, rows, wrows)
	}
	if len(cells) != len(wcells) {
		t.Fatalf("%s: %d cells, reference %d", what, len(cells), len(wcells))
	}
	for ref, a := range wcells {
		if got, ok := cells[ref]; !ok || got != a {
			t.Fatalf("%s: %s %+v, reference %+v", what, ref, got, a)
		}
	}
}

func refRowsSafe(ws []byte, sst []string) (rows [][]string, cells map[string]cellAttr, ok bool) {
	defer func() {
		if recover() != nil {
			rows, cells, ok = nil, nil, false
		}
	}()
	return refRows(ws, sst)
}

func refRows(ws []byte, sst []string) (rows [][]string, cells map[string]cellAttr, ok bool) {
	defer func() {
		if recover() != nil {
			rows, cells, ok = nil, nil, false
		}
	}()
	if sheetDimensionRows(ws) > maxSheetRows || lastRowElement(ws) > maxSheetRows {
		// Far more rows than any submission or table has: the excelize path refuses
		// them (sheetRows) before building a million rows in memory.
		return nil, nil, false
	}
	cells, vals, ok := refScanSheet(ws, sst)
	if !ok {
		return nil, nil, false
	}
	if want := sheetDimensionRows(ws); want > 0 && lastRowElement(ws) < want {
		// The worksheet says it has more rows than it holds: let excelize and its
		// dimension check decide.
		return nil, nil, false
	}
	for ref, v := range vals {
		if v == "" {
			continue
		}
		c, r, err := excelize.CellNameToCoordinates(ref)
		if err != nil || r > excelize.TotalRows || c > excelize.MaxColumns {
			return nil, nil, false
		}
		for len(rows) < r {
			rows = append(rows, nil)
		}
		row := rows[r-1]
		for len(row) < c {
			row = append(row, "")
		}
		row[c-1] = v
		rows[r-1] = row
	}
	return rows, cells, true
}

// refScanSheet reads every cell of a worksheet: attributes and raw value (a shared
// string resolved, an inline string's text, otherwise the <v> text).
func refScanSheet(ws []byte, sst []string) (map[string]cellAttr, map[string]string, bool) {
	cells, ok := refScanCells(ws)
	if !ok {
		return nil, nil, false
	}
	vals := make(map[string]string, len(cells))
	i := bytes.Index(ws, []byte("<sheetData"))
	if i < 0 {
		return cells, vals, true
	}
	x := ws[i:]
	if e := bytes.Index(x, []byte("</sheetData>")); e >= 0 {
		x = x[:e]
	}
	for {
		j := bytes.Index(x, []byte("<c"))
		if j < 0 {
			return cells, vals, true
		}
		x = x[j+2:]
		if len(x) == 0 || (x[0] != ' ' && x[0] != '>' && x[0] != '/' && x[0] != '\t' && x[0] != '\n' && x[0] != '\r') {
			continue
		}
		end := bytes.IndexByte(x, '>')
		if end < 0 {
			return nil, nil, false
		}
		tag := x[:end]
		x = x[end+1:]
		if end > 0 && tag[end-1] == '/' {
			continue
		}
		ref, _ := attr(tag, "r")
		typ, _ := attr(tag, "t")
		closeAt := bytes.Index(x, []byte("</c>"))
		if closeAt < 0 {
			return nil, nil, false
		}
		body := x[:closeAt]
		x = x[closeAt+4:]
		var v string
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
						return nil, nil, false
					}
					continue
				}
				rest = rest[gt+1:]
				e := bytes.Index(rest, []byte("</t>"))
				if e < 0 {
					return nil, nil, false
				}
				sb.Write(rest[:e])
				rest = rest[e+4:]
			}
			s, ok := xmlText(sb.String())
			if !ok || strings.Contains(s, "_x") {
				return nil, nil, false
			}
			vals[ref] = s
			continue
		}
		if k := bytes.Index(body, []byte("<v>")); k >= 0 {
			e := bytes.Index(body[k:], []byte("</v>"))
			if e < 0 {
				return nil, nil, false
			}
			raw, ok := xmlText(string(body[k+3 : k+e]))
			if !ok {
				return nil, nil, false
			}
			v = raw
		} else if bytes.Contains(body, []byte("<v ")) {
			return nil, nil, false
		}
		if typ == "s" && v != "" {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < 0 || n >= len(sst) {
				return nil, nil, false
			}
			v = sst[n]
		}
		if typ == "d" {
			return nil, nil, false // ISO dates: excelize formats them
		}
		vals[ref] = v
	}
}

// refScanCells reads the style, type and formula of every cell of a worksheet by a
// byte scan. ok is false when the XML is not what Excel-like writers produce (a
// cell without its r attribute): the caller then asks excelize.
func refScanCells(ws []byte) (cells map[string]cellAttr, ok bool) {
	cells = map[string]cellAttr{}
	shared := map[string]string{} // si → master formula
	i := bytes.Index(ws, []byte("<sheetData"))
	if i < 0 {
		return cells, true
	}
	ws = ws[i:]
	for {
		j := bytes.Index(ws, []byte("<c"))
		if j < 0 {
			return cells, true
		}
		ws = ws[j+2:]
		if len(ws) == 0 || (ws[0] != ' ' && ws[0] != '>' && ws[0] != '/' && ws[0] != '\t' && ws[0] != '\n' && ws[0] != '\r') {
			continue // <cols>, <col …>, <cfRule…>: not a cell
		}
		end := bytes.IndexByte(ws, '>')
		if end < 0 {
			return nil, false
		}
		tag := ws[:end]
		selfClosing := end > 0 && tag[end-1] == '/'
		ref, _ := attr(tag, "r")
		if ref == "" {
			return nil, false
		}
		typ, _ := attr(tag, "t")
		c := cellAttr{typ: typ}
		if sv, ok := attr(tag, "s"); ok {
			if n, err := strconv.Atoi(sv); err == nil {
				c.style = n
			}
		}
		ws = ws[end+1:]
		if !selfClosing {
			close := bytes.Index(ws, []byte("</c>"))
			if close < 0 {
				return nil, false
			}
			body := ws[:close]
			if k := bytes.Index(body, []byte("<f")); k >= 0 && (len(body) > k+2 && (body[k+2] == '>' || body[k+2] == ' ' || body[k+2] == '/')) {
				c.hasF = true
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
						c.formula, _ = xmlText(string(rest[:e]))
					}
				}
				if isShared && ft == "shared" {
					if c.formula != "" {
						shared[si] = c.formula
					} else {
						c.formula = shared[si]
					}
				}
			}
			ws = ws[close+4:]
		}
		cells[ref] = c
	}
}

// canonicalRef and cellName agree with excelize on references as Excel writes
// them, and refuse every other spelling (which then goes through excelize).
func TestCanonicalRef(t *testing.T) {
	for _, row := range []int{1, 9, 10, 99, 218, 4096, 4097, 100000, excelize.TotalRows} {
		for _, col := range []int{1, 2, 26, 27, 32, 33, 52, 702, 703, excelize.MaxColumns} {
			name, err := excelize.CoordinatesToCellName(col, row)
			if err != nil {
				t.Fatal(err)
			}
			if c, r := canonicalRef([]byte(name)); c != col || r != row {
				t.Errorf("canonicalRef(%s) = %d, %d", name, c, r)
			}
			if got := CellName(col, row); got != name {
				t.Errorf("CellName(%d, %d) = %q, want %q", col, row, got, name)
			}
			if got := a1Ref(col-1, row); got != name {
				t.Errorf("a1Ref(%d, %d) = %q, want %q", col-1, row, got, name)
			}
		}
	}
	for _, s := range []string{"", "A", "1", "a1", "$A$1", "A01", "A0", "AAAA1", "XFE1", "A1048577", "A1 ", "A12345678", "Ä1"} {
		if c, r := canonicalRef([]byte(s)); c != 0 || r != 0 {
			t.Errorf("canonicalRef(%q) = %d, %d, want 0, 0", s, c, r)
		}
	}
	if CellName(0, 1) != "" || a1Ref(-1, 1) != "" || CellName(1, 0) != "" {
		t.Error("invalid coordinates must give \"\"")
	}
}

// a1Ref is the evaluator's name of a 0-based column and 1-based row.
func a1Ref(col, row int) string { return CellName(col+1, row) }
