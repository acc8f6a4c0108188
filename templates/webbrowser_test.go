package templates

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wuxi-data/dteval/internal/webdriver"
)

// TestWebBrowser opens the fixture's web edition from disk (file://, as a reader
// who downloaded the folder would) in headless chromium: the home page, a chapter
// and a unit page, each at 375 px (a phone) and 1280 px (a laptop). Each must load
// without a console error, its style sheet applied, without horizontal scrolling
// of the page (wide tables scroll in their own box), sort its tables (sort.js;
// checked on the home page's ranking), and pass an axe-core audit
// (testdata/axe, MPL-2.0) with no serious or critical violation. Set
// DTEVAL_SCREENSHOTS=DIR to keep the screenshots.
func TestWebBrowser(t *testing.T) {
	axe, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core is vendored in testdata/axe: %v", err)
	}
	wd := webdriver.Start(t, webdriver.Options{BrowserLog: true})
	shots := os.Getenv("DTEVAL_SCREENSHOTS")
	if shots != "" {
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	fw, res, fs := pdfFixture(t)
	dir := t.TempDir()
	files := renderWebFixture(t, fw, res, ReportOptions{Date: "2026-03-01", Findings: fs, Sample: true, Draft: true},
		[]Attachment{{Name: "评估报告.pdf", Title: "评估报告（PDF）", Data: []byte("%PDF-1.7 test")}})
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	type violation struct {
		ID, Impact, Help string
		Nodes            int
		Target           json.RawMessage
	}
	for _, page := range []string{"index.html", "chapter-1.html", "unit-" + res.Units[0].ID + ".html"} {
		for _, width := range []int{375, 1280} {
			name := fmt.Sprintf("%s@%d", page, width)
			wd.Viewport(width, 800, width < 600)
			wd.Open("file://" + filepath.Join(dir, page))
			wd.WaitFor("main h1")
			if errs := wd.ConsoleErrors(); len(errs) > 0 {
				t.Errorf("%s: console errors: %v", name, errs)
			}
			if bg := wd.CSS(wd.Find("header.site"), "background-color"); bg != "rgb(11, 58, 102)" && bg != "rgba(11, 58, 102, 1)" {
				t.Errorf("%s: header background %q: the style sheet did not load", name, bg)
			}
			var widths struct{ Page, View int }
			wd.Execute(`return {Page: document.documentElement.scrollWidth, View: document.documentElement.clientWidth};`, nil, &widths)
			if widths.View > width || widths.View < width-20 || widths.Page > widths.View {
				t.Errorf("%s: the page is %d px wide in a %d px viewport (want %d, no horizontal scrolling)", name, widths.Page, widths.View, width)
			}
			if page == "index.html" && width == 1280 {
				// sort.js: the ranking table sorted by 综合得分, twice (descending)
				var sorted struct {
					Sort, First string
					Max         float64
				}
				wd.Execute(`var b = Array.prototype.find.call(document.querySelectorAll('th button.sort'), function (x) { return x.textContent.indexOf('综合得分') === 0; });
var th = b.parentNode, table = th.closest('table'), col = th.cellIndex;
b.click(); b.click();
var max = -1;
Array.prototype.forEach.call(table.tBodies[0].rows, function (r) { var v = parseFloat(r.cells[col].textContent); if (v > max) max = v; });
return {Sort: th.getAttribute('aria-sort'), First: table.tBodies[0].rows[0].cells[col].textContent, Max: max};`, nil, &sorted)
				if sorted.Sort != "descending" || sorted.First != fmt.Sprintf("%.2f", sorted.Max) {
					t.Errorf("sorting the ranking by 综合得分 (descending): %+v", sorted)
				}
			}
			wd.Execute(string(axe)+"\nreturn typeof axe;", nil, nil)
			var vs []violation
			wd.ExecuteAsync(`var done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations'], preload: false}).then(function (r) {
  done(r.violations.map(function (v) {
    return {ID: v.id, Impact: v.impact || '', Help: v.help, Nodes: v.nodes.length, Target: v.nodes.length ? v.nodes[0].target : null};
  }));
}).catch(function (e) { done([{ID: 'axe-error', Impact: 'critical', Help: String(e), Nodes: 0}]); });`, nil, &vs)
			for _, v := range vs {
				msg := fmt.Sprintf("%s: axe %s (%s): %s — %d element(s), first %s", name, v.ID, v.Impact, v.Help, v.Nodes, v.Target)
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Error(msg)
				} else {
					t.Log(msg)
				}
			}
			wd.ConsoleErrors() // what axe may have logged
			if shots != "" {
				wd.FullScreenshot(filepath.Join(shots, strings.TrimSuffix(page, ".html")+fmt.Sprintf("-%d.png", width)), width, width < 600)
			}
		}
	}
}
