package xlsxread

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The fast path agrees with excelize on every sheet of our files and of
// LibreOffice's: the same raw values, styles' percent formats, types and formulas.
func TestFastBookAgreesWithExcelize(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "resaved", "*.xlsx"))
	more, _ := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "broken", "*.xlsx"))
	files = append(files, more...)
	files = append(files, filepath.Join("..", "..", "..", "testdata", "examples", "2024", "wxjkq.xlsx"))
	if len(files) < 10 {
		t.Fatalf("fixtures missing: %v", files)
	}
	for _, p := range files {
		t.Run(filepath.Base(p), func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			f, err := Open(data)
			if err != nil {
				if filepath.Base(p) == "not-a-workbook.xlsx" {
					return
				}
				t.Fatal(err)
			}
			defer f.Close()
			if f.fast == nil {
				t.Fatal("fast path refused the file")
			}
			x, err := f.excel()
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(f.fast.names, ",") != strings.Join(x.GetSheetList(), ",") {
				t.Errorf("sheets %v vs %v", f.fast.names, x.GetSheetList())
			}
			formulas := 0
			for _, sh := range f.fast.names {
				sparse, attrs, ok, err := f.fast.rows(sh)
				if !ok || err != nil {
					t.Fatalf("%s: fast path refused the sheet", sh)
				}
				want, err := x.GetRows(sh, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				rows := denseRows(sparse)
				if fmt.Sprintf("%q", rows) != fmt.Sprintf("%q", want) {
					t.Errorf("%s rows differ:\nfast     %q\nexcelize %q", sh, rows, want)
				}
				for ref, a := range attrs.all() {
					style, _ := x.GetCellStyle(sh, ref)
					formula, _ := x.GetCellFormula(sh, ref)
					typ, _ := x.GetCellType(sh, ref)
					st, _ := x.GetStyle(style)
					var kind uint8
					if st != nil && st.CustomNumFmt != nil {
						kind = numberStyleKind(st.NumFmt, *st.CustomNumFmt, true)
					} else if st != nil {
						kind = numberStyleKind(st.NumFmt, "", false)
					}
					pct := kind&stylePercent != 0
					if style != a.style || formula != a.formula || (typ == excelize.CellTypeError) != (a.typ == "e") || pct != f.fast.isPercent(a.style) || (kind&styleDate != 0) != f.fast.isDate(a.style) {
						t.Errorf("%s!%s: fast style %d (%v) formula %q type %q; excelize %d (%v) %q %v", sh, ref, a.style, f.fast.isPercent(a.style), a.formula, a.typ, style, pct, formula, typ)
					}
					if a.hasF {
						formulas++
					}
				}
			}
			if strings.HasPrefix(filepath.Base(p), "formula-error") != (formulas == 1) {
				t.Errorf("%d formulas", formulas)
			}
		})
	}
}

func TestScanCellsShapes(t *testing.T) {
	ws := []byte(`<worksheet><cols><col min="1" max="2"/></cols><sheetData>` +
		`<row r="1"><c r="A1" s="3" t="s"><v>0</v></c><c r="B1" s='4'/>` +
		`<c r="C1" t="e"><f>1/0</f><v>#DIV/0!</v></c>` +
		`<c r="D1"><f t="shared" ref="D1:D2" si="0">A1&amp;"x"</f><v>1</v></c></row>` +
		`<row r="2"><c r="D2"><f t="shared" si="0"/><v>2</v></c></row>` +
		`</sheetData><conditionalFormatting sqref="A1"><cfRule type="expression"/></conditionalFormatting></worksheet>`)
	cells, ok := scanCells(ws)
	if !ok {
		t.Fatal("not ok")
	}
	want := map[string]cellAttr{
		"A1": {style: 3, typ: "s"},
		"B1": {style: 4},
		"C1": {typ: "e", formula: "1/0", hasF: true},
		"D1": {formula: `A1&"x"`, hasF: true},
		"D2": {formula: `A1&"x"`, hasF: true},
	}
	if len(cells) != len(want) {
		t.Errorf("%d cells: %v", len(cells), cells)
	}
	for ref, w := range want {
		if cells[ref] != w {
			t.Errorf("%s: %+v, want %+v", ref, cells[ref], w)
		}
	}
	if _, ok := scanCells([]byte(`<sheetData><row><c s="1"><v>1</v></c></row></sheetData>`)); ok {
		t.Error("a cell without r must send the reader to excelize")
	}
}

func TestNumberStyleKind(t *testing.T) {
	for _, c := range []struct {
		id     int
		code   string
		custom bool
		want   uint8
	}{
		{0, "", false, 0}, {2, "", false, 0}, {9, "", false, stylePercent}, {10, "", false, stylePercent},
		{14, "", false, styleDate}, {22, "", false, styleDate}, {31, "", false, styleDate}, {46, "", false, styleDate},
		{49, "", false, 0}, {57, "", false, styleDate},
		{176, `0.00"万人"`, true, 0}, {176, `#,##0`, true, 0}, {176, `0.0%`, true, stylePercent},
		{176, `yyyy"年"m"月"d"日"`, true, styleDate}, {176, `[$-804]yyyy/m/d`, true, styleDate},
		{176, `[Red]0.00`, true, 0}, {176, `[h]:mm`, true, styleDate}, {176, `hh:mm:ss`, true, styleDate},
		{176, `0.00E+00`, true, 0}, {176, `General`, true, 0}, {176, `@`, true, 0},
		{176, `"days "0`, true, 0}, {176, `0\d`, true, 0}, {176, `0;[Red]-0;"-"`, true, 0},
	} {
		if got := numberStyleKind(c.id, c.code, c.custom); got != c.want {
			t.Errorf("numberStyleKind(%d, %q) = %b, want %b", c.id, c.code, got, c.want)
		}
	}
}

// scanCells reads the style, type and formula of every cell of a worksheet by a
// byte scan. ok is false when the XML is not what Excel-like writers produce (a
// cell without its r attribute): the caller then asks excelize.
func scanCells(ws []byte) (cells map[string]cellAttr, ok bool) {
	scanned, ok := scanWorksheet(ws, nil, false)
	if !ok {
		return nil, false
	}
	cells = make(map[string]cellAttr, len(scanned))
	for _, c := range scanned {
		cells[c.ref] = c.attr
	}
	return cells, true
}

// all returns the attributes by reference (for tests).
func (a *cellAttrs) all() map[string]cellAttr {
	if a.byRef != nil {
		return a.byRef
	}
	m := map[string]cellAttr{}
	for _, c := range a.cells {
		m[c.ref] = c.attr
	}
	return m
}
