package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/wuxi-data/dteval/evaluator"
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
	driver, err := exec.LookPath("chromedriver")
	if err != nil {
		t.Skip("chromedriver not installed: apt-get install chromium chromium-driver")
	}
	var chromium string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			chromium = p
			break
		}
	}
	if chromium == "" {
		t.Skip("chromium not installed: apt-get install chromium chromium-driver")
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

	// chromedriver on another free port.
	port := freePort(t)
	cmd := exec.CommandContext(ctx, driver, fmt.Sprintf("--port=%d", port))
	var drvLog bytes.Buffer
	cmd.Stdout, cmd.Stderr = &drvLog, &drvLog
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
	}()
	wd := &webdriver{t: t, base: fmt.Sprintf("http://127.0.0.1:%d", port)}
	deadline := time.Now().Add(10 * time.Second)
	for {
		var st struct {
			Value struct{ Ready bool } `json:"value"`
		}
		if err := wd.try("GET", "/status", nil, &st); err == nil && st.Value.Ready {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("chromedriver did not start:\n%s", drvLog.String())
		}
		time.Sleep(100 * time.Millisecond)
	}

	downloads := t.TempDir()
	var sess struct {
		Value struct {
			SessionID string `json:"sessionId"`
		} `json:"value"`
	}
	wd.do("POST", "/session", map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"browserName": "chrome",
		"goog:chromeOptions": map[string]any{
			"binary": chromium,
			"args": []string{"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + t.TempDir(), "--window-size=1280,900", "--lang=zh-CN"},
			"prefs": map[string]any{
				"download.default_directory":                          downloads,
				"download.prompt_for_download":                        false,
				"profile.managed_default_content_settings.javascript": 2, // the page must work without JavaScript
			},
		},
	}}}, &sess)
	wd.session = "/session/" + sess.Value.SessionID
	defer wd.try("DELETE", wd.session, nil, nil)
	wd.cdp("Browser.setDownloadBehavior", map[string]any{"behavior": "allow", "downloadPath": downloads})

	// Open the page: the stylesheet is applied (the CSP lets it through).
	wd.do("POST", wd.session+"/url", map[string]any{"url": base + "/"}, nil)
	if bg := wd.css(wd.find("header.bar"), "background-color"); bg != "rgba(52, 80, 107, 1)" && bg != "rgb(52, 80, 107)" {
		t.Errorf("header background %q: the stylesheet did not load", bg)
	}

	// Choose the broken workbook and submit.
	file := repo("testdata", "broken", "typo-number.xlsx")
	wd.do("POST", wd.session+"/element/"+wd.find("#file")+"/value", map[string]any{"text": file}, nil)
	wd.do("POST", wd.session+"/element/"+wd.find("#submit")+"/click", map[string]any{}, nil)
	wd.waitFor("#result")
	src := wd.source()
	for _, want := range []string{"检查结果", "错误 1 个", "数据填报!E19", "stations_5g", "5G基站数", "value-not-number", "文件：<strong>typo-number.xlsx</strong>"} {
		if !strings.Contains(src, want) {
			t.Errorf("result page lacks %q", want)
		}
	}
	wd.fullScreenshot(filepath.Join(shots, "result-laptop.png"), 1280, false)

	// Download the annotated copy.
	wd.do("POST", wd.session+"/element/"+wd.find("#download")+"/click", map[string]any{}, nil)
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
		marked = marked || c.Cell == "E19"
	}
	if !marked {
		t.Errorf("the annotated copy has no comment on E19 (comments: %d)", len(comments))
	}

	// A workbook with several kinds of mistakes: both sections, several rows.
	many := filepath.Join(t.TempDir(), "江阴市-多处问题.xlsx")
	if err := os.WriteFile(many, manyProblems(t), 0o644); err != nil {
		t.Fatal(err)
	}
	wd.do("POST", wd.session+"/element/"+wd.find("#file")+"/value", map[string]any{"text": many}, nil)
	wd.do("POST", wd.session+"/element/"+wd.find("#submit")+"/click", map[string]any{}, nil)
	wd.waitFor(".section-warning")
	src = wd.source()
	for _, want := range []string{"文件：<strong>江阴市-多处问题.xlsx</strong>", "value-out-of-range", "value-coerced", "数据填报!E8"} {
		if !strings.Contains(src, want) {
			t.Errorf("result page lacks %q", want)
		}
	}
	wd.fullScreenshot(filepath.Join(shots, "result-many-laptop.png"), 1280, false)

	// The same page on a phone: tables become cards.
	wd.fullScreenshot(filepath.Join(shots, "result-phone.png"), 390, true)
	if d := wd.css(wd.find("table.findings thead"), "position"); d != "absolute" {
		t.Errorf("on a phone the table head is %q, want hidden (absolute)", d)
	}
	// A file over the cap: the browser gets the Chinese 413 page, not a reset.
	big := filepath.Join(t.TempDir(), "太大.xlsx")
	if err := os.WriteFile(big, make([]byte, DefaultMaxUpload+(2<<20)), 0o644); err != nil {
		t.Fatal(err)
	}
	wd.do("POST", wd.session+"/element/"+wd.find("#file")+"/value", map[string]any{"text": big}, nil)
	wd.do("POST", wd.session+"/element/"+wd.find("#submit")+"/click", map[string]any{}, nil)
	wd.waitFor(".notice-error")
	if src := wd.source(); !strings.Contains(src, "文件太大") {
		t.Errorf("no 文件太大 page after a 22 MiB upload")
	}
	wd.fullScreenshot(filepath.Join(shots, "too-big-phone.png"), 390, true)

	// And the start page on a phone.
	wd.do("POST", wd.session+"/url", map[string]any{"url": base + "/"}, nil)
	wd.fullScreenshot(filepath.Join(shots, "index-phone.png"), 390, true)
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

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// webdriver is a minimal W3C WebDriver client.
type webdriver struct {
	t       *testing.T
	base    string
	session string
}

const elementKey = "element-6066-11e4-a52e-4f735466cecf"

func (wd *webdriver) try(method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, wd.base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

func (wd *webdriver) do(method, path string, in, out any) {
	wd.t.Helper()
	if err := wd.try(method, path, in, out); err != nil {
		wd.t.Fatal(err)
	}
}

func (wd *webdriver) find(css string) string {
	wd.t.Helper()
	var r struct {
		Value map[string]string `json:"value"`
	}
	wd.do("POST", wd.session+"/element", map[string]any{"using": "css selector", "value": css}, &r)
	return r.Value[elementKey]
}

func (wd *webdriver) waitFor(css string) {
	wd.t.Helper()
	for end := time.Now().Add(15 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if wd.try("POST", wd.session+"/element", map[string]any{"using": "css selector", "value": css}, nil) == nil {
			return
		}
	}
	wd.t.Fatalf("%s did not appear; page:\n%s", css, wd.source())
}

func (wd *webdriver) source() string {
	wd.t.Helper()
	var r struct{ Value string }
	wd.do("GET", wd.session+"/source", nil, &r)
	return r.Value
}

func (wd *webdriver) css(elem, prop string) string {
	wd.t.Helper()
	var r struct{ Value string }
	wd.do("GET", wd.session+"/element/"+elem+"/css/"+prop, nil, &r)
	return r.Value
}

// cdp runs a DevTools command through chromedriver.
func (wd *webdriver) cdp(cmd string, params map[string]any) map[string]any {
	wd.t.Helper()
	var r struct {
		Value map[string]any `json:"value"`
	}
	wd.do("POST", wd.session+"/goog/cdp/execute", map[string]any{"cmd": cmd, "params": params}, &r)
	return r.Value
}

// fullScreenshot saves a PNG of the whole page at the given CSS width, as a phone
// (device metrics, scale 2) or a laptop.
func (wd *webdriver) fullScreenshot(path string, width int, mobile bool) {
	wd.t.Helper()
	scale := 1
	if mobile {
		scale = 2
	}
	wd.cdp("Emulation.setDeviceMetricsOverride", map[string]any{"width": width, "height": 800, "deviceScaleFactor": scale, "mobile": mobile})
	m := wd.cdp("Page.getLayoutMetrics", map[string]any{})
	h := 800.0
	if cs, ok := m["cssContentSize"].(map[string]any); ok {
		if v, ok := cs["height"].(float64); ok && v > h {
			h = v
		}
	}
	r := wd.cdp("Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": 0, "width": width, "height": h, "scale": 1}})
	data, err := base64.StdEncoding.DecodeString(fmt.Sprint(r["data"]))
	if err != nil {
		wd.t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		wd.t.Fatal(err)
	}
}
