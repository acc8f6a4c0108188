package web

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/webdriver"
)

// TestBrowser drives Debian's headless chromium through chromedriver's W3C WebDriver
// API (plain HTTP + JSON, no dependency) with JavaScript disabled: open the page,
// choose a broken example workbook, submit, read the findings, download the
// annotated copy, and take a laptop and a phone screenshot. Set
// DTEVAL_SCREENSHOTS=DIR to keep the screenshots.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	shots := os.Getenv("DTEVAL_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	// The real server, on a free loopback port.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srvCtx, stopSrv := context.WithCancel(ctx)
	srvDone := make(chan error, 1)
	go func() {
		srvDone <- Serve(srvCtx, NewHTTPServer("", New(testFW, Options{Version: "e2e", Log: t.Logf})), ln)
	}()
	defer func() {
		stopSrv()
		if err := <-srvDone; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	base := "http://" + ln.Addr().String()

	downloads := t.TempDir()
	wd := webdriver.Start(t, webdriver.Options{NoJavaScript: true, // the page must work without JavaScript
		Prefs: map[string]any{"download.default_directory": downloads, "download.prompt_for_download": false}})
	wd.CDP("Browser.setDownloadBehavior", map[string]any{"behavior": "allow", "downloadPath": downloads})

	// Open the page: the stylesheet is applied (the CSP lets it through).
	wd.Open(base + "/")
	if bg := wd.CSS(wd.Find("header.bar"), "background-color"); bg != "rgba(52, 80, 107, 1)" && bg != "rgb(52, 80, 107)" {
		t.Errorf("header background %q: the stylesheet did not load", bg)
	}

	// Choose the broken workbook and submit.
	file := repo("testdata", "broken", "typo-number.xlsx")
	wd.SendKeys(wd.Find("#file"), file)
	wd.Click(wd.Find("#submit"))
	wd.WaitFor("#result")
	src := wd.Source()
	for _, want := range []string{"检查结果", "错误 1 个", "数据填报!E18", "stations_5g", "5G基站数", "value-not-number", "文件：<strong>typo-number.xlsx</strong>"} {
		if !strings.Contains(src, want) {
			t.Errorf("result page lacks %q", want)
		}
	}
	wd.FullScreenshot(filepath.Join(shots, "result-laptop.png"), 1280, false)

	// Download the annotated copy.
	wd.Click(wd.Find("#download"))
	want := filepath.Join(downloads, "typo-number（检查批注）.xlsx")
	var got []byte
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if b, err := os.ReadFile(want); err == nil && len(b) > 0 {
			got = b
			break
		}
	}
	if got == nil {
		entries, _ := os.ReadDir(downloads)
		for _, e := range entries {
			b, _ := os.ReadFile(filepath.Join(downloads, e.Name()))
			t.Logf("%s: %d bytes %.200q", e.Name(), len(b), b)
		}
		t.Fatalf("no %s downloaded; the folder holds %v", want, entries)
	}
	x, err := excelize.OpenReader(bytes.NewReader(got))
	if err != nil {
		t.Fatalf("the annotated copy does not open: %v", err)
	}
	comments, _ := x.GetComments(evaluator.SheetData)
	x.Close()
	marked := false
	for _, c := range comments {
		marked = marked || c.Cell == "E18"
	}
	if !marked {
		t.Errorf("the annotated copy has no comment on E18 (comments: %d)", len(comments))
	}

	// A workbook with several kinds of mistakes: both sections, several rows.
	many := filepath.Join(t.TempDir(), "江阴市-多处问题.xlsx")
	if err := os.WriteFile(many, manyProblems(t), 0o644); err != nil {
		t.Fatal(err)
	}
	wd.SendKeys(wd.Find("#file"), many)
	wd.Click(wd.Find("#submit"))
	wd.WaitFor(".section-warning")
	src = wd.Source()
	for _, want := range []string{"文件：<strong>江阴市-多处问题.xlsx</strong>", "value-out-of-range", "value-coerced", "数据填报!E8"} {
		if !strings.Contains(src, want) {
			t.Errorf("result page lacks %q", want)
		}
	}
	wd.FullScreenshot(filepath.Join(shots, "result-many-laptop.png"), 1280, false)

	// The same page on a phone: tables become cards.
	wd.FullScreenshot(filepath.Join(shots, "result-phone.png"), 390, true)
	if d := wd.CSS(wd.Find("table.findings thead"), "position"); d != "absolute" {
		t.Errorf("on a phone the table head is %q, want hidden (absolute)", d)
	}
	// A file over the cap: the browser gets the Chinese 413 page, not a reset.
	big := filepath.Join(t.TempDir(), "太大.xlsx")
	if err := os.WriteFile(big, make([]byte, DefaultMaxUpload+(2<<20)), 0o644); err != nil {
		t.Fatal(err)
	}
	wd.SendKeys(wd.Find("#file"), big)
	wd.Click(wd.Find("#submit"))
	wd.WaitFor(".notice-error")
	if src := wd.Source(); !strings.Contains(src, "文件太大") {
		t.Errorf("no 文件太大 page after a 22 MiB upload")
	}
	wd.FullScreenshot(filepath.Join(shots, "too-big-phone.png"), 390, true)

	// And the start page on a phone.
	wd.Open(base + "/")
	wd.FullScreenshot(filepath.Join(shots, "index-phone.png"), 390, true)
	t.Logf("screenshots in %s", shots)
}

// manyProblems is typo-number.xlsx with more mistakes: 常住人口 in 人 (out of
// range), 地区生产总值 typed with a thousands separator as text and 规上工业企业数 in
// full-width digits (both read, with a warning).
func manyProblems(t *testing.T) []byte {
	x, err := excelize.OpenReader(bytes.NewReader(readRepo(t, "testdata", "broken", "typo-number.xlsx")))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	x.SetCellInt(evaluator.SheetData, "E8", 1786000)
	x.SetCellStr(evaluator.SheetData, "E9", "5,212.4")
	x.SetCellStr(evaluator.SheetData, "E10", "２４８０")
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
