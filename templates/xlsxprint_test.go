package templates

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/xuri/excelize/v2"
)

// xlColBreaks reads the manual column breaks of a sheet (excelize has no getter):
// each is the 1-based column after which a new page starts.
func xlColBreaks(t *testing.T, data []byte, f *excelize.File, sheet string) []int {
	t.Helper()
	ws, _ := xlSheetPart(t, data, f, sheet)
	return xlBreakIDs(ws, "colBreaks")
}

// xlBreakIDs reads the ids of the manual breaks of a sheet part's rowBreaks or
// colBreaks: each the row or column after which a new page starts.
func xlBreakIDs(ws, tag string) []int {
	m := regexp.MustCompile(`<` + tag + `[^>]*>(.*?)</` + tag + `>`).FindStringSubmatch(ws)
	if m == nil {
		return nil
	}
	var ids []int
	for _, b := range regexp.MustCompile(`<brk id="(\d+)"`).FindAllStringSubmatch(m[1], -1) {
		ids = append(ids, atoi(b[1]))
	}
	return ids
}

// xlPrintAreas reads the print areas of a sheet: first column, first row, last
// column, last row of each.
func xlPrintAreas(t *testing.T, f *excelize.File, sheet string) [][4]int {
	t.Helper()
	for _, dn := range f.GetDefinedName() {
		if dn.Name != "_xlnm.Print_Area" || dn.Scope != sheet {
			continue
		}
		var out [][4]int
		for _, ref := range strings.Split(dn.RefersTo, ",") {
			_, cells, _ := strings.Cut(ref, "!")
			a, z, _ := strings.Cut(strings.ReplaceAll(cells, "$", ""), ":")
			c1, r1, err1 := excelize.CellNameToCoordinates(a)
			c2, r2, err2 := excelize.CellNameToCoordinates(z)
			if err1 != nil || err2 != nil {
				t.Fatalf("%s: print area %q", sheet, dn.RefersTo)
			}
			out = append(out, [4]int{c1, r1, c2, r2})
		}
		return out
	}
	t.Fatalf("%s: no print area", sheet)
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

// xlPrintBooks are the workbooks the print tests read, both with a year of history
// (a 历年得分 sheet): the fixture (8 units, draft, findings) and 60 synthetic units ×
// 40 indicators (a long 总体排名 with its chart in parts).
func xlPrintBooks(t *testing.T) map[string][]byte {
	t.Helper()
	// lastYear is res a year earlier, each score 3 lower.
	lastYear := func(res *evaluator.Results) []*evaluator.Results {
		prev := *res
		prev.Year--
		prev.Units = nil
		for _, u := range res.Units {
			u.Score -= 3
			prev.Units = append(prev.Units, u)
		}
		return []*evaluator.Results{&prev}
	}
	fw, res := xlSynthetic(t, 60, 40)
	fixture := xlFixtureResults()
	return map[string][]byte{
		"fixture": xlRender(t, xlFixtureFramework(t), fixture, ReportOptions{Date: "2026-03-01", Draft: true, Findings: xlFixtureFindings(), History: lastYear(fixture)}),
		"60units": xlRender(t, fw, res, ReportOptions{Date: "2026-03-01", Sample: true, History: lastYear(res)}),
	}
}

// xlSheetPart returns the XML of a sheet's part and of its drawing part ("" for none).
func xlSheetPart(t *testing.T, data []byte, f *excelize.File, sheet string) (ws, drawing string) {
	t.Helper()
	files := map[string]string{}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[zf.Name] = string(b)
	}
	for id, name := range f.GetSheetMap() {
		if name != sheet {
			continue
		}
		ws = files[fmt.Sprintf("xl/worksheets/sheet%d.xml", id)]
		rels := files[fmt.Sprintf("xl/worksheets/_rels/sheet%d.xml.rels", id)]
		if m := regexp.MustCompile(`Target="\.\./drawings/(drawing\d+\.xml)"`).FindStringSubmatch(rels); m != nil {
			drawing = files["xl/drawings/"+m[1]]
		}
		return ws, drawing
	}
	t.Fatalf("no sheet %s", sheet)
	return "", ""
}

// xlRowBreaks reads a sheet's manual row breaks: each the first row of a new page.
func xlRowBreaks(ws string) []int {
	var rows []int
	for _, id := range xlBreakIDs(ws, "rowBreaks") {
		rows = append(rows, id+1)
	}
	return rows
}

// xlChartRows reads the rows (1-based, first and last) each chart of a drawing covers.
func xlChartRows(drawing string) [][2]int {
	var out [][2]int
	re := regexp.MustCompile(`(?s)<xdr:from>.*?<xdr:row>(\d+)</xdr:row>.*?</xdr:from>.*?<xdr:to>.*?<xdr:row>(\d+)</xdr:row>`)
	for _, m := range re.FindAllStringSubmatch(drawing, -1) {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		out = append(out, [2]int{a + 1, b + 1})
	}
	return out
}

// TestRenderXLSXPrintPages checks the print setup of every sheet through excelize,
// as a printed page needs it: a print area per page column range (the first from
// row 1, the others from the header rows down, so that the title block never
// prints cut off beside the repeated columns), column breaks at those ranges, the
// header rows repeated, fitted or at a readable scale, each range no wider than a
// page; the title over the first page's columns and wide enough for one line;
// columns wide enough for their numbers as formatted; and the charts of 总体排名
// and 历年得分 each on one page, under a row break where they do not fit under the
// table.
func TestRenderXLSXPrintPages(t *testing.T) {
	for name, data := range xlPrintBooks(t) {
		f := xlOpen(t, data)
		shown, err := excelize.OpenReader(bytes.NewReader(data)) // cells as formatted
		if err != nil {
			t.Fatal(err)
		}
		defer shown.Close()
		for _, sheet := range f.GetSheetList() {
			where := name + "/" + sheet
			if sheet == SheetExplanation {
				continue // a document sheet without a table header; see TestRenderXLSXExplanationPages
			}
			titles := xlPrintTitles(f, sheet)
			m := regexp.MustCompile(`!\$(\d+):\$(\d+)$`).FindStringSubmatch(titles)
			if m == nil {
				t.Errorf("%s: print titles %q repeat no header rows", where, titles)
				continue
			}
			top, hdr := atoi(m[1]), atoi(m[2])
			areas := xlPrintAreas(t, f, sheet)
			rows, _ := f.GetRows(sheet)
			last := len(rows)
			pl, _ := f.GetPageLayout(sheet)
			props, _ := f.GetSheetProps(sheet)
			fitted := props.FitToPage != nil && *props.FitToPage
			ws, drawing := xlSheetPart(t, data, f, sheet)
			breaks := xlColBreaks(t, data, f, sheet)
			widths := func(from, to int) float64 {
				w := 0.0
				for c := from; c <= to; c++ {
					cw, _ := f.GetColWidth(sheet, xlColName(c))
					w += xlColPixels(cw)
				}
				return w
			}
			if areas[0][0] != 1 || areas[0][1] != 1 {
				t.Errorf("%s: the first print area %v does not start at A1", where, areas[0])
			}
			if fitted {
				if len(areas) != 1 || pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 || len(breaks) > 0 {
					t.Errorf("%s: fitted, but areas %v, fit %v×%v, breaks %v", where, areas, pl.FitToWidth, pl.FitToHeight, breaks)
				}
			} else {
				if pl.AdjustTo == nil || *pl.AdjustTo < 80 {
					t.Errorf("%s: printed at %v %%", where, pl.AdjustTo)
				}
				if len(areas) < 2 {
					t.Errorf("%s: not fitted, yet one print area", where)
				}
				repeat := regexp.MustCompile(`\$A:\$([A-Z]+)`).FindStringSubmatch(titles)
				if repeat == nil {
					t.Fatalf("%s: print titles %q repeat no columns", where, titles)
				}
				nrep, _ := excelize.ColumnNameToNumber(repeat[1])
				page := (11.69 - 1.0) * 96 / (float64(*pl.AdjustTo) / 100)
				for k, a := range areas {
					w := widths(a[0], a[2])
					if k > 0 {
						w += widths(1, nrep)
						if a[0] != areas[k-1][2]+1 && k > 1 || a[1] != top || a[3] != areas[1][3] {
							t.Errorf("%s: print area %d %v: not the table's next columns from header row %d", where, k+1, a, top)
						}
						if !slices.Contains(breaks, a[0]-1) {
							t.Errorf("%s: no column break before print area %v (breaks %v)", where, a, breaks)
						}
					}
					if w > page {
						t.Errorf("%s: print area %v is %.0f px wide, more than a page (%.0f)", where, a, w, page)
					}
				}
				if len(breaks) != len(areas)-1 {
					t.Errorf("%s: column breaks %v for %d print areas", where, breaks, len(areas))
				}
			}
			if areas[0][3] < last {
				t.Errorf("%s: the print area %v ends above the last row %d", where, areas[0], last)
			}
			// The title: merged over the first page's columns, wide enough for one line.
			merges, _ := f.GetMergeCells(sheet)
			titleEnd := 1 // a single-column sheet's title needs no merge
			for _, mc := range merges {
				if mc.GetStartAxis() == "A1" {
					c, _, _ := excelize.CellNameToCoordinates(mc.GetEndAxis())
					titleEnd = c
				}
			}
			if titleEnd != areas[0][2] {
				t.Errorf("%s: the title spans columns 1–%d, the first page %v", where, titleEnd, areas[0])
			}
			title := rows[0][0]
			if w := widths(1, titleEnd); w < xlColPixels(xlTextWidth(title)*1.4) {
				t.Errorf("%s: the title %q (%.0f px) wraps in %.0f px", where, title, xlColPixels(xlTextWidth(title)*1.4), w)
			}
			// Numbers: as formatted, no wider than their column (#### otherwise).
			for r := hdr + 1; r <= last; r++ {
				for c := 1; c <= len(rows[r-1]); c++ {
					cell := xlCellName(c, r)
					if _, err := strconv.ParseFloat(rows[r-1][c-1], 64); err != nil {
						continue
					}
					s, _ := shown.GetCellValue(sheet, cell)
					if cw, _ := f.GetColWidth(sheet, xlColName(c)); xlTextWidth(s)+1 > cw {
						t.Errorf("%s: %s shows %q in a column %v wide", where, cell, s, cw)
					}
				}
			}
			// Charts: each within one page, under the table or after a row break.
			charts := xlChartRows(drawing)
			if (sheet == SheetOverall || sheet == SheetHistory && last-hdr <= xlHistoryChartMax) && len(charts) == 0 {
				t.Errorf("%s: no chart", where)
			}
			if sheet == SheetHistory && len(charts) != 0 && last-hdr > xlHistoryChartMax {
				t.Errorf("%s: a line chart of %d units", where, last-hdr)
			}
			if len(charts) == 0 {
				continue
			}
			scale := 1.0
			if !fitted {
				scale = float64(*pl.AdjustTo) / 100
			}
			room := (8.27 - 1.5) * 72 / scale
			height := func(r int) float64 {
				h, _ := f.GetRowHeight(sheet, r)
				return h
			}
			header := 0.0
			for r := top; r <= hdr; r++ {
				header += height(r)
			}
			rowBreaks := xlRowBreaks(ws)
			page, used := 1, 0.0
			pageOf := map[int]int{}
			for r := 1; r <= areas[0][3]; r++ {
				h := height(r)
				if slices.Contains(rowBreaks, r) || used+h > room {
					page, used = page+1, header
				}
				used += h
				pageOf[r] = page
			}
			for _, ch := range charts {
				if ch[1] > areas[0][3] {
					t.Errorf("%s: a chart on rows %v beyond the print area %v", where, ch, areas[0])
				}
				if pageOf[ch[0]] != pageOf[ch[1]] {
					t.Errorf("%s: a chart on rows %v straddles a page break (pages %d–%d; row breaks %v)", where, ch, pageOf[ch[0]], pageOf[ch[1]], rowBreaks)
				}
			}
			if name == "60units" && sheet == SheetOverall && (len(charts) < 2 || len(rowBreaks) < len(charts)) {
				t.Errorf("%s: 60 bars in %d chart(s) after %d row breaks, want parts each on a page", where, len(charts), len(rowBreaks))
			}
		}
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// TestRenderXLSXPrintedPages prints the workbooks of xlPrintBooks through LibreOffice
// and reads every page back with pdftotext: each page names its sheet in the page
// header (the workbook title and the sheet), every sheet prints, the title block
// prints once, on the sheet's first page (not again, cut off beside the repeated
// columns, on the later ones), and no page is (nearly) empty.
func TestRenderXLSXPrintedPages(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not installed: apt-get install libreoffice-calc")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed: apt-get install poppler-utils")
	}
	if testing.Short() {
		t.Skip("slow: converts two workbooks with LibreOffice")
	}
	for name, data := range xlPrintBooks(t) {
		dir := t.TempDir()
		in := filepath.Join(dir, name+".xlsx")
		if err := os.WriteFile(in, data, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, in)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, out)
		}
		out, err := exec.Command("pdftotext", "-layout", filepath.Join(dir, name+".pdf"), "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		f := xlOpen(t, data)
		sheets := f.GetSheetList()
		rows, _ := f.GetRows(sheets[0])
		heading, _, _ := strings.Cut(rows[0][0], "：") // the workbook's title
		pages := strings.Split(strings.TrimRight(string(out), "\f"), "\f")
		printed, titled := map[string]int{}, map[string]bool{}
		for i, page := range pages {
			var lines []string
			for _, l := range strings.Split(page, "\n") {
				if l = strings.TrimSpace(l); l != "" {
					lines = append(lines, l)
				}
			}
			where := fmt.Sprintf("%s p%d", name, i+1)
			if len(lines) == 0 {
				t.Errorf("%s: an empty page", where)
				continue
			}
			sheet := ""
			for _, s := range sheets {
				if strings.HasPrefix(lines[0], heading+"："+s) && (sheet == "" || len(s) > len(sheet)) {
					sheet = s
				}
			}
			if sheet == "" {
				t.Errorf("%s: the page header %q does not name the workbook and a sheet", where, lines[0])
				continue
			}
			printed[sheet]++
			// Besides the page header and the footer (第 N 页 共 M 页): the content.
			content := 0
			for _, l := range lines[1:] {
				if strings.HasPrefix(l, "第 ") && strings.Contains(l, " 页 共 ") {
					continue
				}
				content++
				// The title block belongs on the sheet's first page only: printed again
				// on a later page it lies beside the repeated columns, cut off.
				if strings.Contains(l, heading[:len(heading)/2]) {
					if titled[sheet] {
						t.Errorf("%s: the title block printed again on a later page of %s: %q", where, sheet, l)
					}
					titled[sheet] = true
				}
			}
			if content < 3 {
				t.Errorf("%s (%s): a (nearly) empty page: %q", where, sheet, lines)
			}
		}
		for _, s := range sheets {
			if printed[s] == 0 {
				t.Errorf("%s: sheet %s has no printed page", name, s)
			}
		}
		t.Logf("%s: %d pages: %v", name, len(pages), printed)
	}
}

func TestSectionBreaks(t *testing.T) {
	// Title rows 50 pt, then sections of 220, 165 and 315 pt on pages of 500: the
	// third would straddle the page end, and goes to a page of its own.
	heights := []float64{30, 20, 20, 100, 100, 15, 150, 15, 300}
	if got, want := xlSectionBreaks(heights, []int{3, 6, 8}, 500), []int{8}; !slices.Equal(got, want) {
		t.Errorf("breaks = %v, want %v", got, want)
	}
	// A section taller than a page flows on from a page less than half full...
	heights = []float64{30, 20, 100, 200, 200, 200}
	if got := xlSectionBreaks(heights, []int{3, 4}, 500); len(got) != 0 {
		t.Errorf("breaks = %v, want none", got)
	}
	// ...and starts a page after one more than half full.
	heights = []float64{280, 20, 100, 200, 200, 200}
	if got, want := xlSectionBreaks(heights, []int{3, 4}, 500), []int{4}; !slices.Equal(got, want) {
		t.Errorf("breaks = %v, want %v", got, want)
	}
	if got := xlSectionBreaks(heights, nil, 500); len(got) != 0 {
		t.Errorf("breaks without sections = %v", got)
	}
}

func TestHeaderLines(t *testing.T) {
	for _, c := range []struct {
		in    string
		width float64
		want  string
		lines int
	}{
		{"政务服务事项总数（项）", 18, "政务服务事项总数\n（项）", 2},
		{"政务服务事项总数（项）", 30, "政务服务事项总数（项）", 1},
		{"每万人在知识产权保护中心备案的企业数（家/万人）", 20, "每万人在知识产权保护中心备案的企业数\n（家/万人）", 3},
		{"加分项：国家级试点", 8, "加分项：国家级试点", 3},
		{"（单位）", 4, "（单位）", 3},
	} {
		if got, n := xlHeaderLines(c.in, c.width); got != c.want || n != c.lines {
			t.Errorf("xlHeaderLines(%q, %v) = %q, %d; want %q, %d", c.in, c.width, got, n, c.want, c.lines)
		}
	}
}

// TestRenderXLSXExplanationPages checks that no section of 说明 that fits on a page
// is split across two (the sheet is fitted one page wide; its rows have their own
// heights).
func TestRenderXLSXExplanationPages(t *testing.T) {
	for name, data := range xlPrintBooks(t) {
		f := xlOpen(t, data)
		rows, _ := f.GetRows(SheetExplanation)
		ws, _ := xlSheetPart(t, data, f, SheetExplanation)
		breaks := xlRowBreaks(ws)
		pixels := 0.0
		for c := 1; c <= 4; c++ {
			w, _ := f.GetColWidth(SheetExplanation, xlColName(c))
			pixels += xlColPixels(w)
		}
		room := (8.27 - 1.5) * 72 / min(1, (11.69-1.0)*96/pixels)
		page, used := 1, 0.0
		pageOf := make([]int, len(rows)+1)
		for r := 1; r <= len(rows); r++ {
			h, _ := f.GetRowHeight(SheetExplanation, r)
			if slices.Contains(breaks, r) || used+h > room {
				page, used = page+1, 0
			}
			used += h
			pageOf[r] = page
		}
		var starts []int
		for r, row := range rows {
			if len(row) > 0 && regexp.MustCompile(`^[一二三四五六七八九]、`).MatchString(row[0]) {
				starts = append(starts, r+1)
			}
		}
		if len(starts) < 5 {
			t.Fatalf("%s: sections at rows %v", name, starts)
		}
		for k, a := range starts {
			end := len(rows)
			if k+1 < len(starts) {
				end = starts[k+1] - 2 // above the blank row
			}
			h := 0.0
			for r := a; r <= end; r++ {
				x, _ := f.GetRowHeight(SheetExplanation, r)
				h += x
			}
			if h <= room && pageOf[a] != pageOf[end] {
				t.Errorf("%s: section %q (rows %d–%d, %.0f pt) split over pages %d–%d (breaks %v)", name, rows[a-1][0], a, end, h, pageOf[a], pageOf[end], breaks)
			}
		}
		t.Logf("%s: %d pages, breaks %v", name, page, breaks)
	}
}
