package evaluator

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/wuxi-data/dteval/evaluator/internal/xlsxread"
)

// Resource bounds (issue 13, item 9): each input shape is fed at n and 10·n, and
// the bytes allocated must grow about 10×, not 100×. Bytes, not wall-clock time:
// the machines running the tests are shared.

// allocated returns the bytes allocated while f runs (the whole process: the
// tests of this package that measure are not parallel).
func allocated(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// assertLinear fails unless the bytes allocated by run(10·n) are at most limit
// times those of run(n); it returns both.
func assertLinear(t *testing.T, shape string, n int, limit float64, run func(n int)) (small, large uint64) {
	t.Helper()
	run(n) // warm-up: caches and pools filled once are not the shape's cost
	small = allocated(func() { run(n) })
	large = allocated(func() { run(10 * n) })
	ratio := float64(large) / float64(max(small, 1))
	t.Logf("%s: n=%d %d B, 10n=%d %d B (%.1f×)", shape, n, small, 10*n, large, ratio)
	if ratio > limit {
		t.Errorf("%s: bytes allocated grew %.1f× for 10× the input (%d → %d): not linear", shape, ratio, small, large)
	}
	return small, large
}

// sheetXLSX is an .xlsx of one sheet whose rows are given as their <c> elements.
func sheetXLSX(t testing.TB, sheetData func(w *bytes.Buffer)) []byte {
	t.Helper()
	var ws bytes.Buffer
	ws.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	sheetData(&ws)
	ws.WriteString(`</sheetData></worksheet>`)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`</Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
			`</Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`</Relationships>`},
		{"xl/worksheets/sheet1.xml", ws.String()},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p.body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// xfdSheet is the issue's workbook: rows 1…n each holding one number in column
// XFD (the last of 16,384). declined adds a cell without its reference, which
// the fast scan leaves to excelize.
func xfdSheet(t testing.TB, n int, declined bool) []byte {
	return sheetXLSX(t, func(w *bytes.Buffer) {
		for r := 1; r <= n; r++ {
			fmt.Fprintf(w, `<row r="%d"><c r="XFD%d"><v>1</v></c>`, r, r)
			if declined && r == 1 {
				w.WriteString(`<c><v>7</v></c>`)
			}
			w.WriteString(`</row>`)
		}
	})
}

// A sheet whose rows each hold one far cell takes memory for the cells present,
// not rows × columns: the old reader padded every row to its last cell (256 KB a
// row in column XFD; the issue's 99,000 rows ran a server out of memory). Rows
// 1…n with their cell in column n: n cells, n² padded.
func TestSparseSheetBoundedByCells(t *testing.T) {
	assertLinear(t, "sparse sheet", 300, 15, func(n int) {
		data := sheetXLSX(t, func(w *bytes.Buffer) {
			for r := 1; r <= n; r++ {
				ref := xlsxread.CellName(n, r)
				fmt.Fprintf(w, `<row r="%d"><c r="%s"><v>1</v></c></row>`, r, ref)
			}
		})
		if _, fs := ReadTableBytes("t.xlsx", data, nil); len(fs) != 1 || fs[0].Code != CodeTemplateMismatch {
			t.Fatalf("want the table's missing unit column, got %v", fs)
		}
	})
	n := 1000
	data := xfdSheet(t, n, false)
	b := allocated(func() { ReadTableBytes("t.xlsx", data, nil) })
	if perRow := b / uint64(n); perRow > 4<<10 {
		t.Errorf("%d bytes allocated per row of one cell in column XFD: rows are padded to their last column", perRow)
	}
}

// The shape at the size the issue tried: a workbook of about 538 KB whose sheet
// has 99,000 rows with one cell each in column XFD, read as a submission (serve,
// validate) and as a table. The allocation bound is what matters: the old reader
// needed 99,000 × 16,384 × 16 bytes (26 GB).
func TestXFDWorkbookAtIssueSize(t *testing.T) {
	n := 99000
	if testing.Short() {
		n = 20000
	}
	data := xfdSheet(t, n, false)
	t.Logf("workbook of %d rows: %d bytes", n, len(data))
	for _, read := range []struct {
		name string
		f    func() Findings
	}{
		{"submission", func() Findings { _, fs := ReadWorkbookBytes("x.xlsx", data); return fs }},
		{"table", func() Findings { _, fs := ReadTableBytes("x.xlsx", data, nil); return fs }},
	} {
		var fs Findings
		b := allocated(func() { fs = read.f() })
		t.Logf("%s: %d bytes allocated, findings %v", read.name, b, fs)
		if len(fs) != 1 || fs[0].Code != CodeTemplateMismatch {
			t.Errorf("%s: want one template-mismatch, got %v", read.name, fs)
		}
		if limit := uint64(n) * 3 << 10; b > limit {
			t.Errorf("%s: %d bytes allocated for %d cells (limit %d)", read.name, b, n, limit)
		}
	}
}

// The same sheet through excelize (a cell the fast scan declines): excelize pads
// each row, so the padding it may build is bounded and the sheet refused with a
// reason beyond it, not read for minutes.
func TestSparseSheetFallbackBounded(t *testing.T) {
	data := xfdSheet(t, 20000, true)
	var fs Findings
	b := allocated(func() { _, fs = ReadTableBytes("x.xlsx", data, nil) })
	t.Logf("%d bytes allocated, findings %v", b, fs)
	if len(fs) != 1 || fs[0].Code != CodeFileUnreadable || !strings.Contains(fs[0].Message, "XFD") {
		t.Fatalf("want file-unreadable naming the far column, got %v", fs)
	}
	if b > 150<<20 {
		t.Errorf("%d bytes allocated before the refusal", b)
	}
}

// A sheet with more cells than MaxSheetCells is file-unreadable, saying what to
// do, before its cells are held in memory.
func TestSheetCellCap(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a sheet of a million cells")
	}
	data := sheetXLSX(t, func(w *bytes.Buffer) {
		var b []byte
		for r := 1; r <= 90000; r++ {
			b = append(b[:0], `<row r="`...)
			b = strconv.AppendInt(b, int64(r), 10)
			b = append(b, `">`...)
			for c := 'A'; c <= 'L'; c++ { // formatted empty cells: they count
				b = append(b, `<c r="`...)
				b = append(b, byte(c))
				b = strconv.AppendInt(b, int64(r), 10)
				b = append(b, `" s="0"/>`...)
			}
			w.Write(append(b, `</row>`...))
		}
	})
	var fs Findings
	b := allocated(func() { _, fs = ReadTableBytes("x.xlsx", data, nil) })
	t.Logf("%d bytes (%d KB file), %v", b, len(data)>>10, fs)
	if b > 150<<20 {
		t.Errorf("%d bytes allocated before the refusal", b)
	}
	if len(fs) != 1 || fs[0].Code != CodeFileUnreadable || !strings.Contains(fs[0].Message, "单元格超过") || !strings.Contains(fs[0].Message, "请删除") {
		t.Fatalf("want file-unreadable for too many cells, got %v", fs)
	}
}

// csvTable is a consolidated table of n rows: unit(i) names each row's unit.
func csvTable(n int, unit func(i int) string) []byte {
	var b bytes.Buffer
	b.WriteString("unit,population,online_items,gov_items,cloud_rate\n")
	for i := range n {
		fmt.Fprintf(&b, "%s,%d,10,20,85%%\n", unit(i), 100+i%7)
	}
	return b.Bytes()
}

// validateTable reads a table and validates it as a batch.
func validateTable(t *testing.T, fw *Framework, name string, data []byte) Findings {
	t.Helper()
	raws, fs := ReadTableBytes(name, data, fw)
	_, vf, _ := ValidateAll(context.Background(), fw, raws, ValidateOptions{Scope: ScopeSet})
	return append(fs, vf...)
}

// A sheet of many rows (a table with one row per unit) is read in memory
// proportional to its rows.
func TestManyRowSheetLinear(t *testing.T) {
	assertLinear(t, "many-row sheet", 2000, 15, func(n int) {
		data := sheetXLSX(t, func(w *bytes.Buffer) {
			w.WriteString(`<row r="1"><c r="A1" t="inlineStr"><is><t>unit</t></is></c><c r="B1" t="inlineStr"><is><t>population</t></is></c></row>`)
			for r := 2; r <= n+1; r++ {
				fmt.Fprintf(w, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>u%d</t></is></c><c r="B%d"><v>%d</v></c></row>`, r, r, r, r, r)
			}
		})
		subs, fs := ReadTableBytes("t.xlsx", data, nil)
		if len(subs) != n || len(fs) != 0 {
			t.Fatalf("%d rows read, findings %v", len(subs), fs)
		}
	})
}

// The issue's CSV with one unit repeated (10,000 times took 50 s and 4.3 GB):
// read and validated, the work is linear and one unit-duplicate names the unit.
func TestDuplicatedUnitTableLinear(t *testing.T) {
	fw := valFramework(t)
	assertLinear(t, "duplicated-unit table", 1000, 15, func(n int) {
		fs := validateTable(t, fw, "t.csv", csvTable(n, func(int) string { return "a" }))
		dups := 0
		for _, f := range fs {
			if f.Code == CodeUnitDuplicate {
				dups++
			}
		}
		if dups != 1 {
			t.Fatalf("%d unit-duplicate findings for one unit repeated %d times", dups, n)
		}
	})
}

// Many findings (one per row: a unit the framework does not know) cost memory
// proportional to their number.
func TestManyFindingsLinear(t *testing.T) {
	fw := valFramework(t)
	assertLinear(t, "many findings", 1000, 15, func(n int) {
		fs := validateTable(t, fw, "t.csv", csvTable(n, func(i int) string { return "x" + strconv.Itoa(i) }))
		unknown := 0
		for _, f := range fs {
			if f.Code == CodeUnitUnknown {
				unknown++
			}
		}
		if unknown != n {
			t.Fatalf("%d unit-unknown findings for %d unknown units", unknown, n)
		}
	})
}
