package pdf

import (
	"bytes"
	"math"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// pathDoc is one page with a body line drawn as text and, when mark is set, the
// mark drawn rotated in the sans face, as outlines (TextPath) or as text.
func pathDoc(t *testing.T, mark string, outlines bool, body string) []byte {
	t.Helper()
	p := testFonts(t).NewWriter()
	p.AddPage()
	if mark != "" {
		p.SetFont(fontSans, "B", 60)
		p.SetTextColor(0, 0, 0)
		p.TransformBegin()
		p.TransformRotate(35, 105, 148)
		if outlines {
			p.TextPath(50, 156, mark)
		} else {
			p.Text(50, 156, mark)
		}
		p.TransformEnd()
	}
	if body != "" {
		p.SetFont(fontSerif, "", 12)
		p.SetTextColor(0, 0, 0)
		p.Text(20, 40, body)
	}
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// gray renders page 1 at 30 dpi as 8-bit gray pixels (pdftoppm), and the width.
func gray(t *testing.T, b []byte) ([]byte, int) {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm not installed: apt-get install poppler-utils")
	}
	cmd := exec.Command("pdftoppm", "-r", "30", "-gray", "-f", "1", "-l", "1", "-")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftoppm: %v", err)
	}
	// PGM: "P5\n<w> <h>\n255\n" then the pixels
	f := strings.Fields(string(out[:min(len(out), 40)]))
	if len(f) < 4 || f[0] != "P5" {
		t.Fatalf("pdftoppm wrote no PGM: %q", out[:min(len(out), 40)])
	}
	w, _ := strconv.Atoi(f[1])
	h, _ := strconv.Atoi(f[2])
	return out[len(out)-w*h:], w
}

// TestTextPathNotText: a watermark drawn with TextPath is not extracted as text,
// embeds no font, and looks like the same text drawn as text: rendered, the two
// have the same ink (±10 %) centred at the same place (±1.5 px at 30 dpi).
func TestTextPathNotText(t *testing.T) {
	const mark, body = "示例数据", "正文第一行：江阴市2025年综合得分68.50分"
	b := pathDoc(t, mark, true, body)
	got := squash(pdftotext(t, b))
	if !strings.Contains(got, squash(body)) {
		t.Errorf("pdftotext lost the body:\n got %q\nwant %q", got, body)
	}
	for _, r := range mark {
		if strings.ContainsRune(got, r) {
			t.Errorf("pdftotext finds the watermark's %q: %q", r, got)
		}
	}
	if bytes.Contains(b, []byte("NotoSansSC-Bold")) {
		t.Error("a face drawn only as outlines is embedded")
	}

	// the same ink in the same place (rasterisers place text and paths a few
	// tenths of a pixel apart: compare amounts and centres, not pixels)
	asPath, w := gray(t, pathDoc(t, mark, true, ""))
	asText, _ := gray(t, pathDoc(t, mark, false, ""))
	if len(asPath) != len(asText) {
		t.Fatalf("page sizes differ: %d and %d pixels", len(asPath), len(asText))
	}
	ink := func(px []byte) (sum, cx, cy float64) {
		for i, v := range px {
			k := float64(255 - v)
			sum += k
			cx += k * float64(i%w)
			cy += k * float64(i/w)
		}
		return sum, cx / sum, cy / sum
	}
	pi, px, py := ink(asPath)
	ti, tx, ty := ink(asText)
	if ti < 255*500 {
		t.Fatalf("the mark drawn as text has %.0f of ink, want a large mark", ti/255)
	}
	if r := pi / ti; r < 0.9 || r > 1.1 {
		t.Errorf("outlines have %.2f times the ink of the text", r)
	}
	if math.Abs(px-tx) > 1.5 || math.Abs(py-ty) > 1.5 {
		t.Errorf("outlines centred at (%.1f, %.1f) px, the text at (%.1f, %.1f)", px, py, tx, ty)
	}
}

// TestTextPathOnce: a mark drawn on every page is written once per document (one
// form XObject), whatever the number of pages.
func TestTextPathOnce(t *testing.T) {
	p := testFonts(t).NewWriter()
	p.SetFont(fontSans, "B", 60)
	for range 5 {
		p.AddPage()
		p.TextPath(50, 150, "征求意见稿")
		p.TextPath(50, 250, "示例数据")
		p.TextPath(50, 200, "征求意见稿")
	}
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b.Bytes(), []byte("/Subtype /Form")); n != 2 {
		t.Errorf("%d form XObjects, want 2 (one per text)", n)
	}
}

// TestPartialFace: the Kai face (GB 2312 characters only) does not shrink the
// characters every face covers; CanDraw tells what it lacks.
func TestPartialFace(t *testing.T) {
	fs := testFonts(t)
	p := fs.NewWriter()
	p.SetFont(fontKai, "", 16)
	if !p.CanDraw("（一）数字经济与基础设施") {
		t.Error("the Kai face lacks common characters")
	}
	if p.CanDraw("（一）王喆") { // 喆 U+5586 is not in GB 2312
		t.Error("the Kai face claims 喆")
	}
	if !fs.Covered()['喆'] {
		t.Error("a partial face shrank Covered: 喆 is in every full face")
	}
	p.SetFont(fontSerif, "", 16)
	if !p.CanDraw("王喆") {
		t.Error("the serif face lacks 喆")
	}
}
