package evaluator_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/examplegen"
)

// The hostile corpus (SPEC §10): files a clerk's machine, a mail gateway or an
// attacker might hand to dteval. Each gives its own expected finding through the
// whole of reading and validation, within a deadline (a hang detector, not a speed
// test) and a bound on the heap. Each hostile file has a well-formed twin made the
// same way without the hostile part; the twins give no error at all.
//
// Small files are also written to testdata/hostile with -write-hostile (for trying
// the CLI on them and as fuzz seeds); large ones are only ever made in t.TempDir().

var writeHostile = flag.Bool("write-hostile", false, "write the small hostile files to testdata/hostile")

const (
	hostileDeadline = 120 * time.Second // generous: a hang, not slowness, fails
	hostileHeap     = 384 << 20         // peak heap growth while reading one file
	dataSheetPart   = "xl/worksheets/sheet2.xml"
)

type hostileWant struct {
	code, cell, msg string // msg: a substring of the message ("" for any)
}

type hostileCase struct {
	name  string
	large bool                      // generated in t.TempDir() only
	make  func(hostile bool) []byte // hostile=false gives the twin
	want  []hostileWant             // every one must be among the findings
	only  bool                      // no other error may come with them
}

// hostileBase is jiangyin's workbook with every field filled (statistics too), so
// that it validates with no finding on its own.
func hostileBase(t testing.TB, fw *evaluator.Framework) []byte {
	t.Helper()
	vals, err := examplegen.ReadValues(filepath.Join(rdRoot, "examples", "values-2025.csv"))
	if err != nil {
		t.Fatal(err)
	}
	u, _ := fw.Unit("jiangyin")
	data, err := examplegen.FilledWorkbook(fw, u, "2026-01-15", examplegen.SampleFilling(fw, u, vals, nil))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// setCellXML replaces the <c r="ref"> element of the data sheet by inner (the
// cell's children), keeping its style.
func setCellXML(t testing.TB, data []byte, ref, inner, attrs string) []byte {
	return rdReplacePart(t, data, dataSheetPart, func(s string) string {
		i := strings.Index(s, `<c r="`+ref+`"`)
		if i < 0 {
			t.Fatalf("cell %s not in the sheet", ref)
		}
		end := strings.Index(s[i:], ">")
		open := s[i : i+end+1]
		var j int
		if strings.HasSuffix(open, "/>") {
			j = i + end + 1
		} else {
			j = i + strings.Index(s[i:], "</c>") + len("</c>")
		}
		style := ""
		if k := strings.Index(open, ` s="`); k >= 0 {
			style = open[k : k+4+strings.Index(open[k+4:], `"`)+1]
		}
		return s[:i] + `<c r="` + ref + `"` + style + attrs + `>` + inner + `</c>` + s[j:]
	})
}

// zipWith rebuilds data with extra entries written by add.
func zipWith(t testing.TB, data []byte, add func(zw *zip.Writer)) []byte {
	t.Helper()
	names, parts := rdParts(t, data)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(parts[n])
	}
	add(zw)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func hostileCases(t testing.TB, fw *evaluator.Framework, good []byte) []hostileCase {
	rows := map[string]int{}
	{
		f, err := excelize.OpenReader(bytes.NewReader(good))
		if err != nil {
			t.Fatal(err)
		}
		rows, err = examplegen.FieldRows(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	cell := func(field string) string { return "E" + strconv.Itoa(rows[field]) }
	twin := func(b []byte) func(bool) []byte {
		return func(h bool) []byte {
			if h {
				return b
			}
			return good
		}
	}
	unreadable := func(msg string) []hostileWant { return []hostileWant{{evaluator.CodeFileUnreadable, "", msg}} }
	seeded := func(n int) []byte {
		r := rand.New(rand.NewPCG(2025, 10))
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return b
	}
	return []hostileCase{
		{name: "empty", make: twin([]byte{}), want: unreadable(""), only: true},
		{name: "random-bytes", make: twin(seeded(64 << 10)), want: unreadable(""), only: true},
		{name: "pdf-renamed", make: twin([]byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")),
			want: unreadable(""), only: true},
		{name: "xls-renamed", make: twin(append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 4096)...)),
			want: unreadable(".xls"), only: true},
		{name: "truncated-zip", make: twin(good[:len(good)*2/3]), want: unreadable(""), only: true},
		{name: "password-protected", make: func(h bool) []byte {
			f, err := excelize.OpenReader(bytes.NewReader(good))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var b bytes.Buffer
			opt := excelize.Options{}
			if h {
				opt.Password = "wuxi2025"
			}
			if _, err := f.WriteTo(&b, opt); err != nil {
				t.Fatal(err)
			}
			return b.Bytes()
		}, want: unreadable("密码"), only: true},
		{name: "path-escape", make: func(h bool) []byte {
			name := "../../evil.xml"
			if !h {
				name = "customXml/item9.xml"
			}
			return rdAddPart(t, good, name, []byte("<x/>"))
		}, want: unreadable("路径"), only: true},
		{name: "billion-laughs", make: func(h bool) []byte {
			return rdReplacePart(t, good, dataSheetPart, func(s string) string {
				if !h {
					return s
				}
				var d strings.Builder
				d.WriteString(`<!DOCTYPE worksheet [<!ENTITY lol "lol">`)
				for i := 1; i <= 9; i++ {
					prev := "lol"
					if i > 1 {
						prev = "lol" + strconv.Itoa(i-1)
					}
					d.WriteString(`<!ENTITY lol` + strconv.Itoa(i) + ` "` + strings.Repeat("&"+prev+";", 10) + `">`)
				}
				d.WriteString(`]>`)
				s = strings.Replace(s, "?>", "?>"+d.String(), 1)
				return strings.Replace(s, "<sheetData>", `<sheetData><row r="1"><c r="J1" t="inlineStr"><is><t>&lol9;</t></is></c></row>`, 1)
			})
		}, want: unreadable("DOCTYPE"), only: true},
		{name: "xxe", make: func(h bool) []byte {
			return rdReplacePart(t, good, "xl/sharedStrings.xml", func(s string) string {
				if !h {
					return s
				}
				return strings.Replace(s, "?>", `?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`, 1)
			})
		}, want: unreadable("DOCTYPE"), only: true},
		{name: "doctype-in-part-not-named-xml", make: func(h bool) []byte {
			// The data sheet renamed to .bin (workbook rels and content types follow):
			// a scanner that looks at .xml names only would let its DOCTYPE through.
			names, parts := rdParts(t, good)
			sheet := string(parts[dataSheetPart])
			if h {
				sheet = strings.Replace(sheet, "?>", `?><!DOCTYPE worksheet [<!ENTITY a "178.6">]>`, 1)
				i := strings.Index(sheet, `<c r="`+cell("population")+`"`)
				j := i + strings.Index(sheet[i:], "</c>") + len("</c>")
				sheet = sheet[:i] + `<c r="` + cell("population") + `" t="inlineStr"><is><t>&a;</t></is></c>` + sheet[j:]
			}
			delete(parts, dataSheetPart)
			parts["xl/worksheets/sheet2.bin"] = []byte(sheet)
			for i, n := range names {
				if n == dataSheetPart {
					names[i] = "xl/worksheets/sheet2.bin"
				}
			}
			parts["xl/_rels/workbook.xml.rels"] = bytes.ReplaceAll(parts["xl/_rels/workbook.xml.rels"], []byte("worksheets/sheet2.xml"), []byte("worksheets/sheet2.bin"))
			parts["[Content_Types].xml"] = bytes.ReplaceAll(parts["[Content_Types].xml"], []byte("/xl/worksheets/sheet2.xml"), []byte("/xl/worksheets/sheet2.bin"))
			return rdRezip(t, names, parts)
		}, want: unreadable("DOCTYPE/ENTITY"), only: true}, // the DOCTYPE scan reads every entry, whatever its name
		{name: "deep-xml", make: func(h bool) []byte {
			depth := 1
			if h {
				depth = 200000
			}
			// Nested elements between two rows of the table: a stream reader that gives
			// up there would lose every row below without a word.
			return rdReplacePart(t, good, dataSheetPart, func(s string) string {
				deep := strings.Repeat("<a>", depth) + strings.Repeat("</a>", depth)
				i := strings.Index(s, `<row r="9"`)
				i += strings.Index(s[i:], ">") + 1
				return s[:i] + deep + s[i:]
			})
		}, want: nil, only: true}, // excelize steps over the nesting: every row is read, so no error (a lost row would be field-missing)
		{name: "nan-inf-huge-negzero", make: func(h bool) []byte {
			vals := []string{"178.6", "5212.4", "2480", "45"}
			if h {
				vals = []string{"NaN", "1e309", "1e308", "-0"}
			}
			b := setCellXML(t, good, cell("population"), "<v>"+vals[0]+"</v>", "")
			b = setCellXML(t, b, cell("gdp"), "<v>"+vals[1]+"</v>", "")
			b = setCellXML(t, b, cell("enterprises_above_scale"), "<v>"+vals[2]+"</v>", "")
			return setCellXML(t, b, cell("v2x_road_km"), "<v>"+vals[3]+"</v>", "")
		}, want: []hostileWant{
			{evaluator.CodeValueNotNumber, cell("population"), "不是一个有限的数"},
			{evaluator.CodeValueNotNumber, cell("gdp"), "超出可表示的范围"},
			{evaluator.CodeValueOutOfRange, cell("enterprises_above_scale"), "大得不合理"},
		}, only: true},
		{name: "inf-text", make: func(h bool) []byte {
			v := "178.6"
			if h {
				v = "Infinity"
			}
			return setCellXML(t, good, cell("population"), "<is><t>"+v+"</t></is>", ` t="inlineStr"`)
		}, want: []hostileWant{{evaluator.CodeValueNotNumber, cell("population"), "有限的数"}}, only: true},
		{name: "formula-without-value", make: func(h bool) []byte {
			inner := "<f>170+8.6</f><v>178.6</v>"
			if h {
				inner = "<f>170+8.6</f>"
			}
			return setCellXML(t, good, cell("population"), inner, "")
		}, want: []hostileWant{{evaluator.CodeValueFormulaError, cell("population"), "没有计算结果"}}, only: true},
		{name: "merged-over-the-table", make: func(h bool) []byte {
			return rdEdit(t, good, func(f *excelize.File, rows map[string]int) {
				if !h {
					return
				}
				// What Excel does when a clerk merges three value cells: only the top-left
				// value stays.
				top, bottom := "E"+strconv.Itoa(rows["provincial_platforms"]), "E"+strconv.Itoa(rows["patents_it"])
				f.SetCellValue(evaluator.SheetData, "E"+strconv.Itoa(rows["hightech_digital"]), nil)
				f.SetCellValue(evaluator.SheetData, bottom, nil)
				if err := f.MergeCell(evaluator.SheetData, top, bottom); err != nil {
					t.Fatal(err)
				}
			})
		}, want: []hostileWant{
			{evaluator.CodeValueRequired, cell("hightech_digital"), "尚未填写"},
			{evaluator.CodeValueRequired, cell("patents_it"), "尚未填写"},
		}, only: true},
		{name: "date-in-number-cell", make: func(h bool) []byte {
			return rdEdit(t, good, func(f *excelize.File, rows map[string]int) {
				c := "E" + strconv.Itoa(rows["population"])
				fmtID, v := 2, 178.6
				if h {
					fmtID, v = 14, 45292 // 2024-01-01 shown as a date
				}
				st, _ := f.NewStyle(&excelize.Style{NumFmt: fmtID})
				f.SetCellStyle(evaluator.SheetData, c, c, st)
				f.SetCellFloat(evaluator.SheetData, c, v, -1, 64)
			})
		}, want: []hostileWant{{evaluator.CodeValueNotNumber, cell("population"), "日期或时间格式，填入的内容被保存为日期序号 45292，显示为日期 2024年1月1日"}}, only: true},
		{name: "zip-bomb", large: true, make: func(h bool) []byte {
			n := 1 << 20
			if h {
				n = 512 << 20
			}
			return zipWith(t, good, func(zw *zip.Writer) {
				w, _ := zw.Create("xl/media/image1.bin")
				zero := make([]byte, 1<<20)
				for i := 0; i < n; i += len(zero) {
					w.Write(zero)
				}
			})
		}, want: unreadable("64 MiB"), only: true},
		{name: "lying-zip-header", large: true, make: func(h bool) []byte {
			// An entry whose header claims 100 bytes while it inflates to 256 MiB.
			n := 100
			if h {
				n = 256 << 20
			}
			var comp bytes.Buffer
			fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
			crc := crc32.NewIEEE()
			chunk := make([]byte, 1<<20)
			for left := n; left > 0; left -= len(chunk) {
				c := chunk
				if left < len(c) {
					c = c[:left]
				}
				fw.Write(c)
				crc.Write(c)
			}
			fw.Close()
			return zipWith(t, good, func(zw *zip.Writer) {
				w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/media/image2.bin", Method: zip.Deflate,
					CRC32: crc.Sum32(), CompressedSize64: uint64(comp.Len()), UncompressedSize64: 100})
				if err != nil {
					t.Fatal(err)
				}
				w.Write(comp.Bytes())
			})
		}, want: unreadable(""), only: true},
		{name: "50-MB-workbook", large: true, make: func(h bool) []byte {
			n := 1 << 20
			if h {
				n = 50 << 20
			}
			return zipWith(t, good, func(zw *zip.Writer) {
				w, _ := zw.CreateHeader(&zip.FileHeader{Name: "xl/media/image3.bin", Method: zip.Store})
				r := rand.New(rand.NewPCG(50, 50))
				buf := make([]byte, 1<<20)
				for i := 0; i < n; i += len(buf) {
					for j := 0; j < len(buf); j += 8 {
						v := r.Uint64()
						for k := 0; k < 8; k++ {
							buf[j+k] = byte(v >> (8 * k))
						}
					}
					w.Write(buf)
				}
			})
		}, want: unreadable("MiB 的上限"), only: true}, // the 50 MiB table limit applies before the file is known to be a workbook
		{name: "million-rows", large: true, make: func(h bool) []byte {
			n := 1000
			if h {
				n = 1000000
			}
			return rdReplacePart(t, good, dataSheetPart, func(s string) string {
				var b strings.Builder
				first := 200
				for r := first; r < first+n; r++ {
					fmt.Fprintf(&b, `<row r="%d"><c r="J%d"><v>%d</v></c></row>`, r, r, r%7)
				}
				s = strings.Replace(s, "</sheetData>", b.String()+"</sheetData>", 1)
				i := strings.Index(s, `<dimension ref="`)
				j := i + strings.Index(s[i:], `"/>`)
				if k := strings.Index(s[i:], `"></dimension>`); k >= 0 && (j < i || i+k < j) {
					j = i + k
				}
				return s[:i] + fmt.Sprintf(`<dimension ref="A1:J%d`, first+n-1) + s[j:]
			})
		}, want: unreadable("行"), only: true},
		{name: "million-rows-undeclared", large: true, make: func(h bool) []byte {
			// The same rows with the dimension left at the template's: the row cap, not
			// the declared size, must stop the reader.
			n := 1000
			if h {
				n = 1000000
			}
			return rdReplacePart(t, good, dataSheetPart, func(s string) string {
				var b strings.Builder
				for r := 200; r < 200+n; r++ {
					fmt.Fprintf(&b, `<row r="%d"><c r="J%d"><v>%d</v></c></row>`, r, r, r%7)
				}
				return strings.Replace(s, "</sheetData>", b.String()+"</sheetData>", 1)
			})
		}, want: unreadable("行"), only: true},
		{name: "one-row-at-the-bottom", make: func(h bool) []byte {
			// A tiny file whose single extra row sits at row 1,048,576: a reader that
			// walks every row number in between would do a million steps for nothing.
			r := 200
			if h {
				r = 1048576
			}
			return rdReplacePart(t, good, dataSheetPart, func(s string) string {
				return strings.Replace(s, "</sheetData>", fmt.Sprintf(`<row r="%d"><c r="J%d"><v>1</v></c></row></sheetData>`, r, r), 1)
			})
		}, want: unreadable("行"), only: true},
	}
}

// checkFile reads and validates one file as dteval validate does, with a deadline
// and a record of the peak heap growth.
func checkFile(t *testing.T, fw *evaluator.Framework, path string) (evaluator.Findings, uint64) {
	t.Helper()
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > base.HeapAlloc && m.HeapAlloc-base.HeapAlloc > peak.Load() {
					peak.Store(m.HeapAlloc - base.HeapAlloc)
				}
			}
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), hostileDeadline)
	defer cancel()
	done := make(chan evaluator.Findings, 1)
	go func() {
		raws, fs := evaluator.ReadFilesFor(ctx, fw, []string{path}, 1)
		_, vf, _ := evaluator.ValidateAll(context.Background(), fw, raws, evaluator.ValidateOptions{})
		done <- append(fs, vf...)
	}()
	var fs evaluator.Findings
	select {
	case fs = <-done:
	case <-ctx.Done():
		t.Fatalf("%s: no answer within %s (a hang)", filepath.Base(path), hostileDeadline)
	}
	close(stop)
	<-sampled
	return fs, peak.Load()
}

func TestHostileCorpus(t *testing.T) {
	fw := rdFramework(t)
	good := hostileBase(t, fw)
	dir := t.TempDir()
	if *writeHostile {
		os.MkdirAll(filepath.Join(rdRoot, "hostile"), 0o755)
	}
	for _, c := range hostileCases(t, fw, good) {
		t.Run(c.name, func(t *testing.T) {
			if c.large && testing.Short() {
				t.Skip("large file: skipped with -short")
			}
			for _, hostile := range []bool{true, false} {
				name := c.name + ".xlsx"
				if !hostile {
					name = c.name + "-twin.xlsx"
				}
				path := filepath.Join(dir, name)
				data := c.make(hostile)
				if err := os.WriteFile(path, data, 0o644); err != nil {
					t.Fatal(err)
				}
				if *writeHostile && !c.large && hostile {
					os.WriteFile(filepath.Join(rdRoot, "hostile", name), data, 0o644)
				}
				data = nil
				fs, peak := checkFile(t, fw, path)
				os.Remove(path)
				t.Logf("%s: %d findings, peak heap +%d MiB: %v", name, len(fs), peak>>20, fs)
				if peak > hostileHeap {
					t.Errorf("%s: heap grew by %d MiB (bound %d MiB)", name, peak>>20, hostileHeap>>20)
				}
				if !hostile {
					if fs.Errors() > 0 {
						t.Errorf("twin %s: want no error, got %v", name, fs)
					}
					continue
				}
				for _, w := range c.want {
					found := false
					for _, f := range fs {
						if f.Code == w.code && f.Cell == w.cell && strings.Contains(f.Message, w.msg) {
							found = true
							if f.File != name {
								t.Errorf("finding names file %q, want %q", f.File, name)
							}
						}
					}
					if !found {
						t.Errorf("%s: want %s at %q with %q, got %v", name, w.code, w.cell, w.msg, fs)
					}
				}
				if c.only && fs.Errors() != countErrors(c.want) {
					t.Errorf("%s: %d errors, want exactly %d: %v", name, fs.Errors(), countErrors(c.want), fs)
				}
			}
		})
	}
}

func countErrors(ws []hostileWant) int {
	n := 0
	for _, w := range ws {
		if w.code != evaluator.CodeValueCoerced {
			n++
		}
	}
	return n
}

// TestBrokenFixturesValidate: each fixture of testdata/broken gives the finding its
// README names, through reading and validation.
func TestBrokenFixturesValidate(t *testing.T) {
	fw := rdFramework(t)
	cases := []struct {
		file, code, sev, cell, field string
	}{
		{"typo-number.xlsx", evaluator.CodeValueNotNumber, evaluator.SevError, "E18", "stations_5g"},
		{"missing-required.xlsx", evaluator.CodeValueRequired, evaluator.SevError, "E47", "gov_items"},
		{"wrong-unit.xlsx", evaluator.CodeValueOutOfRange, evaluator.SevError, "E8", "population"},
		{"percent-as-fraction.xlsx", evaluator.CodeValuePercentScale, evaluator.SevError, "E20", "gigabit_users_share"},
		{"formula-error.xlsx", evaluator.CodeValueFormulaError, evaluator.SevError, "E26", "cloud_equipment_rate"},
		{"stale-template.xlsx", evaluator.CodeTemplateOutdated, evaluator.SevError, "", ""},
		{"duplicate-field.xlsx", evaluator.CodeFieldDuplicate, evaluator.SevError, "B102", "patents_it"},
		{"not-a-workbook.xlsx", evaluator.CodeFileUnreadable, evaluator.SevError, "", ""},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join(rdRoot, "broken", c.file)
			fs, _ := checkFile(t, fw, path)
			for _, f := range fs {
				if f.Code == c.code && f.Severity == c.sev && f.Cell == c.cell && f.Field == c.field && f.File == c.file {
					if c.code != evaluator.CodeFileUnreadable && !strings.Contains(f.Message, "请") {
						t.Errorf("message without a fix: %s", f.Message)
					}
					return
				}
			}
			t.Errorf("want %s %s at %s (%s), got %v", c.sev, c.code, c.cell, c.field, fs)
		})
	}
}

// TestExamplesValidateClean: the bundled examples, as a batch, give no error.
func TestExamplesValidateClean(t *testing.T) {
	fw := rdFramework(t)
	raws, fs := evaluator.ReadFilesFor(t.Context(), fw, []string{filepath.Join(rdRoot, "examples", "2025")}, 2)
	_, vf, _ := evaluator.ValidateAll(context.Background(), fw, raws, evaluator.ValidateOptions{})
	fs = append(fs, vf...)
	if fs.Errors() > 0 {
		t.Fatalf("examples: %v", fs)
	}
	var b bytes.Buffer
	evaluator.WriteFindingsText(&b, fs, nil)
	t.Log(b.String())
	_ = io.Discard
}
