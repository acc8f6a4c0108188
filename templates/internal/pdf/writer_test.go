package pdf

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	lpdf "github.com/ledongthuc/pdf"
)

// writerDoc is a small document: three pages, every face, a page-count footer,
// nested bookmarks, shapes, a rotated watermark, filled cells.
func writerDoc(t testing.TB, body string) []byte { return writerDocFast(t, body, false) }

// writerDocFast is writerDoc, compressed for speed when fast is set.
func writerDocFast(t testing.TB, body string, fast bool) []byte {
	t.Helper()
	p := testFonts(t).NewWriter()
	p.SetFast(fast)
	p.SetMargins(20, 30, 20)
	p.SetDate(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	p.SetInfo("Title", "测试文档")
	p.SetLang("zh-CN")
	p.AliasNbPages("{nb}")
	p.SetFooterFunc(func() {
		p.SetFont(fontSerif, "", 10)
		p.SetXY(20, 280)
		p.CellFormat(170, 5, "第 "+itoa(p.PageNo())+" 页 共 {nb} 页", "", 0, "C", false, 0, "")
	})
	p.SetHeaderFunc(func() {
		p.TransformBegin()
		p.TransformRotate(35, 105, 148)
		p.SetFont(fontSans, "B", 60)
		p.SetTextColor(236, 236, 236)
		p.Text(60, 150, "示例数据")
		p.TransformEnd()
	})
	for pg := 1; pg <= 3; pg++ {
		p.AddPage()
		p.SetTextColor(0, 0, 0)
		p.Bookmark("第"+itoa(pg)+"章", 0, -1)
		p.SetFont(fontSans, "B", 16)
		p.CellFormat(0, 10, "第"+itoa(pg)+"章 标题", "", 1, "L", false, 0, "")
		p.Bookmark("第"+itoa(pg)+"章 第一节", 1, -1)
		p.SetFont(fontSerif, "", 12)
		p.SetFillColor(240, 240, 240)
		for rs := []rune(body); len(rs) > 0; {
			n := min(len(rs), 20)
			p.CellFormat(100, 8, string(rs[:n]), "", 1, "L", true, 0, "")
			rs = rs[n:]
		}
		just := "两端对齐：江阴市 GDP 增长2025年"
		p.CellFormat(p.GetStringWidth(just)+8, 8, just, "", 1, "J", false, 0, "")
		p.SetFont(fontSerif, "B", 12)
		p.CellFormat(170, 8, "右对齐 12.34", "", 1, "R", false, 0, "")
		p.SetDrawColor(200, 0, 0)
		p.SetLineWidth(0.5)
		p.SetDashPattern([]float64{1, 1}, 0)
		p.Line(20, 200, 190, 200)
		p.SetDashPattern(nil, 0)
		p.SetAlpha(0.5, "Normal")
		p.Rect(20, 210, 50, 20, "F")
		p.SetAlpha(1, "Normal")
		p.Polygon([]Point{{30, 240}, {60, 260}, {20, 270}}, "D")
		p.Circle(100, 250, 10, "F")
	}
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestPDFWriterParses(t *testing.T) {
	b := writerDoc(t, "正文：江阴市 2025 年")
	r, err := lpdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("does not parse: %v", err)
	}
	if r.NumPage() != 3 {
		t.Fatalf("%d pages, want 3", r.NumPage())
	}
	text, err := r.Page(2).GetPlainText(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"第2章标题", "正文：江阴市2025年", "两端对齐：江阴市GDP增长2025年", "右对齐12.34", "第2页共3页"} {
		if !strings.Contains(squash(text), want) {
			t.Errorf("page 2 text %q lacks %q", squash(text), want)
		}
	}
	// the outline: three chapters, each with one section
	ol := r.Outline()
	if len(ol.Child) != 3 {
		t.Fatalf("outline has %d top entries, want 3", len(ol.Child))
	}
	for i, c := range ol.Child {
		if c.Title != "第"+itoa(i+1)+"章" || len(c.Child) != 1 || c.Child[0].Title != "第"+itoa(i+1)+"章 第一节" {
			t.Errorf("outline entry %d: %q with %d children", i, c.Title, len(c.Child))
		}
	}
	if !bytes.Equal(b, writerDoc(t, "正文：江阴市 2025 年")) {
		t.Error("two identical documents differ")
	}
	for _, want := range []string{"/Lang (zh-CN)", "/CreationDate (D:20260301000000Z)", "/Title " + pdfString("测试文档"),
		"/Subtype /CIDFontType2", "/CIDToGIDMap /Identity", "/Encoding /Identity-H", "/ExtGState"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("PDF lacks %s", want)
		}
	}
}

// TestPDFWriterPoppler: poppler reads the fonts (embedded subsets with a Unicode
// map) and the text, including CIDs whose bytes must be escaped in a string.
func TestPDFWriterPoppler(t *testing.T) {
	if _, err := exec.LookPath("pdffonts"); err != nil {
		t.Skip("pdffonts not installed: apt-get install poppler-utils")
	}
	// 100 distinct characters: CIDs 0x28 '(', 0x29 ')', 0x5C '\', 0x0A and 0x0D occur.
	var sb strings.Builder
	for r := rune(0x4E00); sb.Len() < 300; r++ {
		sb.WriteRune(r)
	}
	body := sb.String()
	b := writerDoc(t, body)
	cmd := exec.Command("pdffonts", "-")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v\n%s", err, out)
	}
	for _, face := range []string{"NotoSerifSC-Regular", "NotoSerifSC-Bold", "NotoSansSC-Bold"} {
		line := ""
		for _, l := range strings.Split(string(out), "\n") {
			if strings.Contains(l, "+"+face+" ") {
				line = l
			}
		}
		if f := strings.Fields(line); len(f) < 7 || f[1] != "CID" || f[4] != "yes" || f[5] != "yes" || f[6] != "yes" {
			t.Errorf("pdffonts line for %s: %q, want an embedded CID TrueType subset with a Unicode map", face, line)
		}
	}
	if got := squash(pdftotext(t, b, "-raw")); !strings.Contains(got, squash(body)) {
		t.Errorf("pdftotext lost characters of a 100-glyph line:\n got %q\nwant %q", got, body)
	}
}

// TestPDFWriterCentredFooter: a cell holding the page-count alias is centred on
// the count it shows, not on the alias.
func TestPDFWriterCentredFooter(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed: apt-get install poppler-utils")
	}
	b := writerDoc(t, "正文")
	cmd := exec.Command("pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	// words of the footer line: 第 1 页 共 3 页, between x = 20 and 190 mm
	var xmin, xmax float64 = 1e9, -1
	for _, l := range strings.Split(string(out), "\n") {
		if !strings.Contains(l, "<word") || !strings.Contains(l, `yMin="79`) {
			continue
		}
		var x0, y0, x1, y1 float64
		if _, err := sscanWord(l, &x0, &y0, &x1, &y1); err == nil {
			xmin, xmax = min(xmin, x0), max(xmax, x1)
		}
	}
	centre := (xmin + xmax) / 2 / ptPerMM
	if xmax < 0 || centre < 104 || centre > 106 {
		t.Errorf("footer spans %.1f–%.1f pt, centre %.2f mm, want 105 mm\n%s", xmin, xmax, centre, out)
	}
}

func sscanWord(l string, x0, y0, x1, y1 *float64) (int, error) {
	i := strings.Index(l, "xMin=")
	return fmt.Sscanf(l[i:], `xMin="%f" yMin="%f" xMax="%f" yMax="%f"`, x0, y0, x1, y1)
}

// BenchmarkPDFFloor is the floor of any PDF the reports make: a one-page document
// with one line in each of the three faces, written out (three font subsets cut
// and compressed). fpdf took 78 ms for the same, parsing every face each time.
func BenchmarkPDFFloor(b *testing.B) {
	fs := testFonts(b)
	b.ReportAllocs()
	for b.Loop() {
		p := fs.NewWriter()
		p.AddPage()
		for _, f := range fontFaces {
			p.SetFont(f.family, f.style, 12)
			p.Cell(0, 8, "无锡市2025年度数字化转型评估反馈：得分和名次 12.34")
			p.Ln(8)
		}
		if err := p.Output(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func TestAppendNum(t *testing.T) {
	for _, c := range []struct {
		v    float64
		prec int
		want string
	}{
		{0, 2, "0.00"}, {-0.001, 2, "0.00"}, {1.005, 2, "1.00"}, {1.125, 2, "1.13"}, {-3.14159, 2, "-3.14"},
		{841.889763, 2, "841.89"}, {0.5, 0, "1"}, {-0.5, 0, "-1"}, {12, 5, "12.00000"}, {-0.000004, 5, "0.00000"},
		{0.819152, 5, "0.81915"}, {1e300, 2, strconv.FormatFloat(1e300, 'f', 2, 64)},
	} {
		if got := string(appendNum(nil, c.v, c.prec)); got != c.want {
			t.Errorf("appendNum(%v, %d) = %q, want %q", c.v, c.prec, got, c.want)
		}
	}
}

// FuzzPDFWriterText: any text, drawn in every face and measured, gives a PDF that
// parses, with the text's drawable characters read back.
func FuzzPDFWriterText(f *testing.F) {
	for _, s := range []string{"江阴市 2025 年", "()\\\r\n\t", "\U00020000😀□", "{nb}", "", "ＡＢＣ１２３，。"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 2000 {
			return
		}
		p := testFonts(t).NewWriter()
		p.AliasNbPages("{nb}")
		p.AddPage()
		for _, ff := range fontFaces {
			p.SetFont(ff.family, ff.style, 10)
			_ = p.GetStringWidth(s)
			p.CellFormat(150, 6, s, "", 1, "C", true, 0, "")
			p.CellFormat(p.GetStringWidth(s)+5, 6, s, "", 1, "J", false, 0, "")
			p.Text(20, 200, s)
		}
		p.Bookmark(s, 0, -1)
		var b bytes.Buffer
		if err := p.Output(&b); err != nil {
			t.Fatal(err)
		}
		if _, err := lpdf.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len())); err != nil {
			t.Fatalf("%q: the PDF does not parse: %v", s, err)
		}
	})
}

// TestPDFWriterQPDF: qpdf finds no syntax or stream error in a document of every
// feature (cross-reference offsets, object numbers, stream lengths, Flate data),
// written for size and for speed.
func TestPDFWriterQPDF(t *testing.T) {
	if _, err := exec.LookPath("qpdf"); err != nil {
		t.Skip("qpdf not installed: apt-get install qpdf")
	}
	for name, b := range map[string][]byte{"size": writerDoc(t, "正文"), "speed": writerDocFast(t, "正文", true)} {
		f := filepath.Join(t.TempDir(), name+".pdf")
		if err := os.WriteFile(f, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("qpdf", "--check", f).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "No syntax or stream encoding errors found") {
			t.Errorf("qpdf --check %s: %v\n%s", name, err, out)
		}
	}
}

// TestSharedSubsetsOneFontPerFace: a document that starts from shared subsets
// (UseSubsets, as the feedback PDFs do) embeds each face once — the shared
// glyphs and its own in one font — and its text extracts whole, whether it adds
// glyphs or not.
func TestSharedSubsetsOneFontPerFace(t *testing.T) {
	fs := testFonts(t)
	draw := func(p *Writer, serif, sans string) []byte {
		t.Helper()
		p.AddPage()
		p.SetFont(fontSerif, "", 12)
		p.Text(20, 40, serif)
		p.SetFont(fontSans, "B", 12)
		p.Text(20, 60, sans)
		var b bytes.Buffer
		if err := p.Output(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	first := fs.NewWriter()
	draw(first, "江阴市综合得分68.50分", "一、得分和名次")
	shared, err := first.ShareSubsets()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, serif, sans string }{
		{"shared glyphs only", "江阴市综合得分50.68分", "一、名次和得分"},
		{"glyphs added", "宜兴市（新）综合得分72.25分", "二、得分和名次以及较上年"},
	} {
		p := fs.NewWriter()
		p.UseSubsets(shared)
		b := draw(p, tc.serif, tc.sans)
		if n := bytes.Count(b, []byte("/FontFile2")); n != 2 {
			t.Errorf("%s: %d font programs, want 2 (one per face drawn)", tc.name, n)
		}
		got := squash(pdftotext(t, b))
		if !strings.Contains(got, tc.serif) || !strings.Contains(got, tc.sans) {
			t.Errorf("%s: pdftotext %q lacks %q or %q", tc.name, got, tc.serif, tc.sans)
		}
	}
}
