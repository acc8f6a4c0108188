package templates

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// xlColBreaks reads the manual column breaks of a sheet (excelize has no getter):
// each is the 1-based column after which a new page starts.
func xlColBreaks(t *testing.T, data []byte, f *excelize.File, sheet string) []int {
	t.Helper()
	path := ""
	for id, name := range f.GetSheetMap() {
		if name == sheet {
			path = fmt.Sprintf("xl/worksheets/sheet%d.xml", id)
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name != path {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		x, _ := io.ReadAll(rc)
		rc.Close()
		m := regexp.MustCompile(`<colBreaks[^>]*>(.*?)</colBreaks>`).FindSubmatch(x)
		if m == nil {
			return nil
		}
		var ids []int
		for _, b := range regexp.MustCompile(`<brk id="(\d+)"`).FindAllSubmatch(m[1], -1) {
			n, _ := strconv.Atoi(string(b[1]))
			ids = append(ids, n)
		}
		return ids
	}
	t.Fatalf("no part for sheet %s", sheet)
	return nil
}

func xlPrintTitles(f *excelize.File, sheet string) string {
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && dn.Scope == sheet {
			return dn.RefersTo
		}
	}
	return ""
}

func TestColumnBreaksKeepGroups(t *testing.T) {
	widths := []float64{10, 8, 10, 10, 10, 10, 10, 10, 10}
	groups := []string{"", "", "a", "a", "b", "b", "c", "c", ""}
	pair := xlColPixels(10) * 2
	// A page holds two pairs (and a little): a break before each third pair.
	got := xlColumnBreaks(widths, groups, nil, 2, 2*pair+10)
	if want := []int{7}; !slices.Equal(got, want) {
		t.Errorf("breaks = %v, want %v", got, want)
	}
	// A page a little over one and a half pairs wide: never inside a pair.
	got = xlColumnBreaks(widths, groups, nil, 2, 1.5*pair)
	if want := []int{5, 7}; !slices.Equal(got, want) {
		t.Errorf("breaks = %v, want %v", got, want)
	}
	if got := xlColumnBreaks(widths, groups, nil, 2, 1e6); len(got) != 0 {
		t.Errorf("breaks on a page wide enough = %v", got)
	}
	// A chapter starting at column 7 ends a page two thirds full before it...
	sections := []string{"", "", "x", "x", "x", "x", "y", "y", "y"}
	if got, want := xlColumnBreaks(widths, groups, sections, 2, 3*pair), []int{7}; !slices.Equal(got, want) {
		t.Errorf("breaks with chapters = %v, want %v", got, want)
	}
	// ...but not a page one third full (only the overflow before column 9 breaks).
	sections = []string{"", "", "x", "x", "y", "y", "y", "y", "y"}
	if got, want := xlColumnBreaks(widths, groups, sections, 2, 3*pair), []int{9}; !slices.Equal(got, want) {
		t.Errorf("breaks with an early chapter = %v, want %v", got, want)
	}
}

// TestRenderXLSXPrintSetup renders a framework with many indicators and checks how
// the wide sheets print: A4 landscape at a readable scale, the unit column(s) and
// the header rows repeated on every page, column breaks only between value/score
// pairs; narrow sheets fit one page wide.
func TestRenderXLSXPrintSetup(t *testing.T) {
	fw, res := xlSynthetic(t, 12, 40)
	data := xlRender(t, fw, res, ReportOptions{Date: "2026-03-01"})
	f := xlOpen(t, data)
	for _, sheet := range []string{SheetOverall, SheetIndicators, SheetRawData} {
		pl, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != "landscape" {
			t.Errorf("%s: not A4 landscape: %+v", sheet, pl)
		}
		props, err := f.GetSheetProps(sheet)
		if err != nil {
			t.Fatal(err)
		}
		breaks := xlColBreaks(t, data, f, sheet)
		titles := xlPrintTitles(f, sheet)
		t.Logf("%s: breaks %v, titles %s", sheet, breaks, titles)
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		head := xlFindRow(rows, "地区")
		if head == 0 {
			head = xlFindRow(rows, "排名")
		}
		if head == 0 {
			t.Fatalf("%s: no header row", sheet)
		}
		if !strings.Contains(titles, fmt.Sprintf("$%d:$%d", head, head+1)) {
			t.Errorf("%s: print titles %q do not repeat both header rows %d–%d", sheet, titles, head, head+1)
		}
		if sheet == SheetOverall && len(rows[head-1]) <= 24 && len(breaks) == 0 {
			continue // fits one page here
		}
		if len(breaks) == 0 {
			t.Errorf("%s: a wide sheet without column breaks", sheet)
			continue
		}
		if props.FitToPage != nil && *props.FitToPage {
			t.Errorf("%s: fitted to the page although broken into pages", sheet)
		}
		if pl.AdjustTo == nil || float64(*pl.AdjustTo) < xlMinPrintScale*100 {
			t.Errorf("%s: scale %v below %v %%", sheet, pl.AdjustTo, xlMinPrintScale*100)
		}
		if !strings.Contains(titles, "$A:$") {
			t.Errorf("%s: print titles %q repeat no columns", sheet, titles)
		}
		// The upper header names the pair; a break must not fall inside one (the
		// column after a break starts a group: its upper header cell is filled).
		top := rows[head-1]
		for _, b := range breaks {
			if b >= len(top) || top[b] == "" {
				t.Errorf("%s: a page break after column %d splits a group (header %q)", sheet, b, top[max(b-1, 0):min(b+2, len(top))])
			}
		}
	}
	for _, sheet := range []string{SheetQuality, SheetExplanation} {
		pl, _ := f.GetPageLayout(sheet)
		if pl.FitToWidth == nil || *pl.FitToWidth != 1 || len(xlColBreaks(t, data, f, sheet)) > 0 {
			t.Errorf("%s: a narrow sheet not fitted one page wide: %+v", sheet, pl)
		}
	}
	// 原始数据: Chinese field names above the field codes.
	rows, _ := f.GetRows(SheetRawData)
	h := xlFindRow(rows, "地区")
	if h == 0 || len(rows[h-1]) < 3 || len(rows[h]) < 3 {
		t.Fatalf("原始数据 header rows = %q", rows[max(h-1, 0):min(h+1, len(rows))])
	}
	for c := 2; c < len(rows[h-1]) && c < len(rows[h]); c++ {
		name, code := rows[h-1][c], rows[h][c]
		if name == "" || code == "" || name == code || xlTextWidth(name) == 1.1*float64(len(name)) {
			t.Errorf("原始数据 column %d: name %q over code %q", c+1, name, code)
			break
		}
	}
}
