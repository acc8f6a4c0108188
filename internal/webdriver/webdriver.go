// Package webdriver is a minimal W3C WebDriver client for the browser tests: it
// starts Debian's chromedriver with headless chromium (plain HTTP + JSON, no
// dependency) and offers the few commands the tests use, plus DevTools commands
// through chromedriver. Tests skip when chromium or chromedriver is absent.
package webdriver

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
	"testing"
	"time"
)

// Options configure the browser.
type Options struct {
	Width, Height int            // window size (default 1280 × 900)
	NoJavaScript  bool           // run pages with JavaScript disabled
	Prefs         map[string]any // further chromium preferences
	BrowserLog    bool           // collect the console (see Driver.ConsoleErrors)
}

// Driver is a running chromedriver with one browser session.
type Driver struct {
	t       testing.TB
	base    string
	session string
}

// Start starts chromedriver and a headless chromium session, or skips the test
// when they are not installed; both end with the test.
func Start(t testing.TB, opt Options) *Driver {
	t.Helper()
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
	if opt.Width == 0 {
		opt.Width, opt.Height = 1280, 900
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	port := freePort(t)
	cmd := exec.CommandContext(ctx, driver, fmt.Sprintf("--port=%d", port))
	var drvLog bytes.Buffer
	cmd.Stdout, cmd.Stderr = &drvLog, &drvLog
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	wd := &Driver{t: t, base: fmt.Sprintf("http://127.0.0.1:%d", port)}
	t.Cleanup(func() {
		if wd.session != "" {
			wd.Try("DELETE", wd.session, nil, nil)
		}
		cmd.Process.Kill()
		cmd.Wait()
		cancel()
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		var st struct {
			Value struct{ Ready bool } `json:"value"`
		}
		if err := wd.Try("GET", "/status", nil, &st); err == nil && st.Value.Ready {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("chromedriver did not start:\n%s", drvLog.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	prefs := map[string]any{}
	for k, v := range opt.Prefs {
		prefs[k] = v
	}
	if opt.NoJavaScript {
		prefs["profile.managed_default_content_settings.javascript"] = 2
	}
	caps := map[string]any{
		"browserName": "chrome",
		"goog:chromeOptions": map[string]any{
			"binary": chromium,
			"args": []string{"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + t.TempDir(),
				fmt.Sprintf("--window-size=%d,%d", opt.Width, opt.Height), "--lang=zh-CN"},
			"prefs": prefs,
		},
	}
	if opt.BrowserLog {
		caps["goog:loggingPrefs"] = map[string]any{"browser": "ALL"}
	}
	var sess struct {
		Value struct {
			SessionID string `json:"sessionId"`
		} `json:"value"`
	}
	wd.Do("POST", "/session", map[string]any{"capabilities": map[string]any{"alwaysMatch": caps}}, &sess)
	wd.session = "/session/" + sess.Value.SessionID
	return wd
}

func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

const elementKey = "element-6066-11e4-a52e-4f735466cecf"

// Try sends a command (path relative to the driver) and decodes the answer into out.
func (wd *Driver) Try(method, path string, in, out any) error {
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
	resp, err := (&http.Client{Timeout: 60 * time.Second}).Do(req)
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

// Do is Try that fails the test on an error.
func (wd *Driver) Do(method, path string, in, out any) {
	wd.t.Helper()
	if err := wd.Try(method, path, in, out); err != nil {
		wd.t.Fatal(err)
	}
}

// Open loads a URL.
func (wd *Driver) Open(url string) {
	wd.t.Helper()
	wd.Do("POST", wd.session+"/url", map[string]any{"url": url}, nil)
}

// Find returns the element a CSS selector finds first.
func (wd *Driver) Find(css string) string {
	wd.t.Helper()
	var r struct {
		Value map[string]string `json:"value"`
	}
	wd.Do("POST", wd.session+"/element", map[string]any{"using": "css selector", "value": css}, &r)
	return r.Value[elementKey]
}

// WaitFor waits up to 15 s for an element to appear.
func (wd *Driver) WaitFor(css string) {
	wd.t.Helper()
	for end := time.Now().Add(15 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if wd.Try("POST", wd.session+"/element", map[string]any{"using": "css selector", "value": css}, nil) == nil {
			return
		}
	}
	wd.t.Fatalf("%s did not appear; page:\n%s", css, wd.Source())
}

// Source is the page's HTML.
func (wd *Driver) Source() string {
	wd.t.Helper()
	var r struct{ Value string }
	wd.Do("GET", wd.session+"/source", nil, &r)
	return r.Value
}

// CSS is an element's computed CSS property.
func (wd *Driver) CSS(elem, prop string) string {
	wd.t.Helper()
	var r struct{ Value string }
	wd.Do("GET", wd.session+"/element/"+elem+"/css/"+prop, nil, &r)
	return r.Value
}

// Click clicks an element.
func (wd *Driver) Click(elem string) {
	wd.t.Helper()
	wd.Do("POST", wd.session+"/element/"+elem+"/click", map[string]any{}, nil)
}

// SendKeys types text into an element (a file input takes a path).
func (wd *Driver) SendKeys(elem, text string) {
	wd.t.Helper()
	wd.Do("POST", wd.session+"/element/"+elem+"/value", map[string]any{"text": text}, nil)
}

// Execute runs a script in the page and decodes its return value into out.
func (wd *Driver) Execute(script string, args []any, out any) {
	wd.t.Helper()
	if args == nil {
		args = []any{}
	}
	var r struct{ Value json.RawMessage }
	wd.Do("POST", wd.session+"/execute/sync", map[string]any{"script": script, "args": args}, &r)
	if out != nil {
		if err := json.Unmarshal(r.Value, out); err != nil {
			wd.t.Fatalf("script result %.200s: %v", r.Value, err)
		}
	}
}

// ExecuteAsync runs a script that calls its last argument with the result.
func (wd *Driver) ExecuteAsync(script string, args []any, out any) {
	wd.t.Helper()
	if args == nil {
		args = []any{}
	}
	wd.Do("POST", wd.session+"/timeouts", map[string]any{"script": 120000}, nil)
	var r struct{ Value json.RawMessage }
	wd.Do("POST", wd.session+"/execute/async", map[string]any{"script": script, "args": args}, &r)
	if out != nil {
		if err := json.Unmarshal(r.Value, out); err != nil {
			wd.t.Fatalf("script result %.200s: %v", r.Value, err)
		}
	}
}

// ConsoleErrors returns the console messages of level SEVERE since the last call
// (needs Options.BrowserLog).
func (wd *Driver) ConsoleErrors() []string {
	wd.t.Helper()
	var r struct {
		Value []struct {
			Level, Message string
		} `json:"value"`
	}
	wd.Do("POST", wd.session+"/se/log", map[string]any{"type": "browser"}, &r)
	var out []string
	for _, e := range r.Value {
		if e.Level == "SEVERE" {
			out = append(out, e.Message)
		}
	}
	return out
}

// CDP runs a DevTools command through chromedriver.
func (wd *Driver) CDP(cmd string, params map[string]any) map[string]any {
	wd.t.Helper()
	var r struct {
		Value map[string]any `json:"value"`
	}
	wd.Do("POST", wd.session+"/goog/cdp/execute", map[string]any{"cmd": cmd, "params": params}, &r)
	return r.Value
}

// Viewport emulates a screen of the given CSS width (a phone: device scale 2,
// mobile viewport; else a laptop).
func (wd *Driver) Viewport(width, height int, mobile bool) {
	wd.t.Helper()
	scale := 1
	if mobile {
		scale = 2
	}
	wd.CDP("Emulation.setDeviceMetricsOverride", map[string]any{"width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile})
}

// FullScreenshot saves a PNG of the whole page at the given CSS width, as a phone
// (device metrics, scale 2) or a laptop.
func (wd *Driver) FullScreenshot(path string, width int, mobile bool) {
	wd.t.Helper()
	wd.Viewport(width, 800, mobile)
	m := wd.CDP("Page.getLayoutMetrics", map[string]any{})
	h := 800.0
	if cs, ok := m["cssContentSize"].(map[string]any); ok {
		if v, ok := cs["height"].(float64); ok && v > h {
			h = v
		}
	}
	r := wd.CDP("Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": 0, "width": width, "height": h, "scale": 1}})
	data, err := base64.StdEncoding.DecodeString(fmt.Sprint(r["data"]))
	if err != nil {
		wd.t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		wd.t.Fatal(err)
	}
}
