package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/templates"
)

// wantHeaders are on every response, whatever the route or status.
var wantHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
	"X-Content-Type-Options":  "nosniff",
	"Referrer-Policy":         "same-origin",
	"X-Frame-Options":         "DENY",
}

func TestEveryRouteHeaders(t *testing.T) {
	h := newTestServer(t, Options{})
	s := open(t, h)
	good := readRepo(t, "testdata", "broken", "typo-number.xlsx")
	cases := []struct {
		name   string
		req    func() *http.Request
		status int
		ctype  string
	}{
		{"index", func() *http.Request { return request("GET", "/", nil) }, 200, "text/html; charset=utf-8"},
		{"index HEAD", func() *http.Request { return request("HEAD", "/", nil) }, 200, "text/html; charset=utf-8"},
		{"validate", func() *http.Request {
			body, ct := multipartBody(t, part{name: "csrf", data: []byte(s.token)}, part{name: "file", file: "a.xlsx", data: good})
			r := request("POST", "/validate", body)
			r.Header.Set("Content-Type", ct)
			r.AddCookie(s.cookie)
			return r
		}, 200, "text/html; charset=utf-8"},
		{"validate GET", func() *http.Request { return request("GET", "/validate", nil) }, 405, "text/html; charset=utf-8"},
		{"template", func() *http.Request { return request("GET", "/template/jiangyin", nil) }, 200, xlsxType},
		{"template unknown", func() *http.Request { return request("GET", "/template/nowhere", nil) }, 404, "text/html; charset=utf-8"},
		{"template traversal", func() *http.Request { return request("GET", "/template/..%2F..%2Fetc%2Fpasswd", nil) }, 404, "text/html; charset=utf-8"},
		{"download unknown", func() *http.Request { return request("GET", "/download/AAAAAAAAAAAAAAAAAAAAAA", nil) }, 404, "text/html; charset=utf-8"},
		{"api", func() *http.Request {
			body, ct := multipartBody(t, part{name: "file", file: "a.xlsx", data: good})
			r := request("POST", "/api/validate", body)
			r.Header.Set("Content-Type", ct)
			return r
		}, 200, "application/json; charset=utf-8"},
		{"api GET", func() *http.Request { return request("GET", "/api/validate", nil) }, 405, "application/json; charset=utf-8"},
		{"css", func() *http.Request { return request("GET", "/assets/style.css", nil) }, 200, "text/css; charset=utf-8"},
		{"icon", func() *http.Request { return request("GET", "/assets/favicon.svg", nil) }, 200, "image/svg+xml"},
		{"asset unknown", func() *http.Request { return request("GET", "/assets/page.html", nil) }, 404, "text/html; charset=utf-8"},
		{"not found", func() *http.Request { return request("GET", "/etc/passwd", nil) }, 404, "text/html; charset=utf-8"},
		{"foreign host", func() *http.Request { r := request("GET", "/", nil); r.Host = "evil.example:8080"; return r }, 421, "text/html; charset=utf-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := serve(h, c.req())
			if w.Code != c.status {
				t.Fatalf("status %d, want %d\n%s", w.Code, c.status, w.Body.String())
			}
			for k, v := range wantHeaders {
				if got := w.Header().Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
			if got := w.Header().Get("Content-Type"); got != c.ctype {
				t.Errorf("Content-Type %q, want %q", got, c.ctype)
			}
			cc := w.Header().Get("Cache-Control")
			if strings.HasPrefix(c.name, "css") || c.name == "icon" {
				if cc != "private, max-age=600" {
					t.Errorf("Cache-Control %q", cc)
				}
			} else if cc != "no-store" {
				t.Errorf("Cache-Control %q, want no-store", cc)
			}
			if c.status == 405 && w.Header().Get("Allow") == "" {
				t.Errorf("405 without Allow")
			}
		})
	}
}

func TestIndexPage(t *testing.T) {
	h := newTestServer(t, Options{Version: "1.2.3"})
	w := serve(h, request("GET", "/", nil))
	body := w.Body.String()
	for _, want := range []string{
		"<title>无锡市数字化转型评估 · 填报自查</title>",
		`<h1><a href="/">无锡市数字化转型评估 <span class="dot">·</span> 填报自查</a></h1>`,
		"2025年度数据填报 · 无锡市数据局",
		`<form class="upload" method="post" action="/validate" enctype="multipart/form-data">`,
		`<input id="file" name="file" type="file"`,
		"文件不超过 20 MB",
		"指标体系 wuxi-dt 2025.2 · 无锡市数据局 · dteval 1.2.3",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, u := range testFW.Units {
		if want := fmt.Sprintf(`<a class="unit" href="/template/%s">%s</a>`, u.ID, u.Name); !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	for _, bad := range []string{"<script", "style=", " on"} {
		if strings.Contains(body, bad) {
			t.Errorf("page contains %q (the CSP would block it)", bad)
		}
	}
	var c *http.Cookie
	for _, x := range w.Result().Cookies() {
		if x.Name == csrfCookie {
			c = x
		}
	}
	if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" {
		t.Fatalf("csrf cookie %+v: want HttpOnly, SameSite=Strict, Path=/", c)
	}
	// A browser with a valid cookie keeps it (two tabs must not break each other).
	r := request("GET", "/", nil)
	r.AddCookie(c)
	w2 := serve(h, r)
	if len(w2.Result().Cookies()) != 0 {
		t.Errorf("the cookie was replaced")
	}
	if tokenRe.FindStringSubmatch(w2.Body.String())[1] != tokenRe.FindStringSubmatch(body)[1] {
		t.Errorf("the token changed for the same cookie")
	}
}

// TestValidateBroken uploads each broken example through the form and checks the
// page shows what dteval validate finds, grouped by severity, and that the
// annotated copy downloads with the cells marked.
func TestValidateBroken(t *testing.T) {
	h := newTestServer(t, Options{})
	s := open(t, h)
	cases := []struct {
		file, code, where, field, fieldName string
		annotated                           bool
	}{
		{"typo-number.xlsx", "value-not-number", "数据填报!E18", "stations_5g", "5G基站数", true},
		{"missing-required.xlsx", "value-required", "数据填报!E47", "gov_items", "政务服务事项总数", true},
		{"wrong-unit.xlsx", "value-out-of-range", "数据填报!E8", "population", "常住人口", true},
		{"percent-as-fraction.xlsx", "value-percent-scale", "数据填报!E20", "gigabit_users_share", "", true},
		{"formula-error.xlsx", "value-formula-error", "数据填报!E26", "cloud_equipment_rate", "", true},
		{"stale-template.xlsx", "template-outdated", "_meta", "", "", true},
		{"duplicate-field.xlsx", "field-duplicate", "数据填报!B102", "patents_it", "", true},
		{"not-a-workbook.xlsx", "file-unreadable", "整个文件", "", "", false},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			data := readRepo(t, "testdata", "broken", c.file)
			w := s.upload(t, h, c.file, data)
			if w.Code != 200 {
				t.Fatalf("status %d\n%s", w.Code, w.Body.String())
			}
			body := w.Body.String()
			raw, fs := evaluator.ReadWorkbookBytes(c.file, data)
			var raws []*evaluator.RawSubmission
			if raw != nil {
				raws = append(raws, raw)
			}
			_, more, _ := evaluator.ValidateAll(context.Background(), testFW, raws, evaluator.ValidateOptions{})
			fs = append(fs, more...)
			if fs.Errors() == 0 {
				t.Fatal("the fixture gives no error")
			}
			// The page says which framework and year the check used.
			if want := fmt.Sprintf("检查依据：指标体系 %s %s 版，%d 年度", testFW.ID, testFW.Version, testFW.Year); !strings.Contains(body, want) {
				t.Errorf("page lacks %q", want)
			}
			if !summaryRe(fs).MatchString(body) {
				t.Errorf("page lacks summary %s", summaryRe(fs))
			}
			if got := strings.Count(body, "<tr>\n      <td class=\"c-where\""); got != len(fs) {
				t.Errorf("%d rows, want %d findings", got, len(fs))
			}
			row := regexp.MustCompile(`(?s)<tr>\s*<td class="c-where" data-label="位置">(?:<span class="(?:cell|none)">)?` + regexp.QuoteMeta(c.where) +
				`.*?` + regexp.QuoteMeta(c.field) + `.*?<span class="code">` + regexp.QuoteMeta(evaluator.FindingMeaning(c.code, testFW.UnitNoun())+"（"+c.code+"）") + `</span></td>`)
			if !row.MatchString(body) {
				t.Errorf("no row %s %s %s", c.where, c.field, c.code)
			}
			if c.fieldName != "" && !strings.Contains(body, c.fieldName+"<br><code>"+c.field+"</code>") {
				t.Errorf("field name %s not shown", c.fieldName)
			}
			// Errors come before warnings.
			if i, j := strings.Index(body, "错误（"), strings.Index(body, "警告（"); i < 0 || (j >= 0 && j < i) {
				t.Errorf("sections out of order: 错误 at %d, 警告 at %d", i, j)
			}
			for _, f := range fs {
				// beside its position: the message without it (Finding.Detail)
				if !strings.Contains(body, htmlEscaped(f.Detail())) {
					t.Errorf("message not shown: %s", f.Detail())
				}
				if f.Detail() != f.Message && strings.Contains(body, htmlEscaped(f.Message)) {
					t.Errorf("message repeats its position beside the position column: %s", f.Message)
				}
			}

			m := regexp.MustCompile(`href="(/download/[A-Za-z0-9_-]{22})"`).FindStringSubmatch(body)
			if !c.annotated {
				if m != nil {
					t.Fatal("a download link for an unreadable file")
				}
				if !strings.Contains(body, "没有批注版") {
					t.Error("no word on the missing annotated copy")
				}
				return
			}
			if m == nil {
				t.Fatal("no download link")
			}
			r := request("GET", m[1], nil)
			r.AddCookie(s.cookie)
			d := serve(h, r)
			if d.Code != 200 || d.Header().Get("Content-Type") != xlsxType {
				t.Fatalf("download: %d %s", d.Code, d.Header().Get("Content-Type"))
			}
			base := strings.TrimSuffix(c.file, ".xlsx")
			wantCD := `attachment; filename="jiangyin.annotated.xlsx"; filename*=UTF-8''` + rfc5987(base+"（检查批注）.xlsx")
			if got := d.Header().Get("Content-Disposition"); got != wantCD {
				t.Errorf("Content-Disposition %q, want %q", got, wantCD)
			}
			x, err := excelize.OpenReader(bytes.NewReader(d.Body.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			if i, _ := x.GetSheetIndex(templates.SheetFindings); i < 0 {
				t.Errorf("no %s sheet", templates.SheetFindings)
			}
			if sheet, cell, ok := strings.Cut(c.where, "!"); ok {
				comments, _ := x.GetComments(sheet)
				found := false
				for _, cm := range comments {
					found = found || cm.Cell == cell
				}
				if !found {
					t.Errorf("no comment on %s", c.where)
				}
			}
		})
	}
}

// summaryRe matches the counts line of the result page for fs.
func summaryRe(fs evaluator.Findings) *regexp.Regexp {
	return regexp.MustCompile(fmt.Sprintf(`<span class="badge badge-[a-z]+">错误 %d 个</span> <span class="badge badge-[a-z]+">警告 %d 个</span>`, fs.Errors(), fs.Warnings()))
}

// htmlEscaped is how html/template writes a message.
func htmlEscaped(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;")
	return r.Replace(s)
}

// cleanWorkbook is typo-number.xlsx with its one mistake corrected: a workbook
// with nothing to report.
func cleanWorkbook(t testing.TB) []byte {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(readRepo(t, "testdata", "broken", "typo-number.xlsx")))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if err := x.SetCellInt(evaluator.SheetData, "E18", 6430); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestValidateClean(t *testing.T) {
	h := newTestServer(t, Options{})
	s := open(t, h)
	w := s.upload(t, h, "江阴市2025.xlsx", cleanWorkbook(t))
	body := w.Body.String()
	if w.Code != 200 || !strings.Contains(body, `<span class="badge badge-ok">错误 0 个</span> <span class="badge badge-ok">警告 0 个</span>`) ||
		!strings.Contains(body, "未发现问题，可以报送。") {
		t.Fatalf("status %d; the corrected workbook is not clean:\n%s", w.Code, body)
	}
	if !strings.Contains(body, "文件：<strong>江阴市2025.xlsx</strong>　地区：<strong>江阴市</strong>") {
		t.Errorf("file and unit not named")
	}
	if strings.Contains(body, "<table") {
		t.Errorf("a table without findings")
	}
	if !strings.Contains(body, `id="download"`) {
		t.Errorf("no download link")
	}
}

// TestValidateExamples uploads filled example workbooks: the page shows what
// ValidateAll finds for each alone (the 统计局 fields they leave to the statistics
// table are the evaluator's business), and names the unit.
func TestValidateExamples(t *testing.T) {
	h := newTestServer(t, Options{})
	s := open(t, h)
	for _, unit := range []string{"jiangyin", "binhu", "wxjkq"} {
		t.Run(unit, func(t *testing.T) {
			data := readRepo(t, "testdata", "examples", "2025", unit+".xlsx")
			raw, fs := evaluator.ReadWorkbookBytes(unit+".xlsx", data)
			_, more, _ := evaluator.ValidateAll(context.Background(), testFW, []*evaluator.RawSubmission{raw}, evaluator.ValidateOptions{})
			fs = append(fs, more...)
			w := s.upload(t, h, unit+".xlsx", data)
			body := w.Body.String()
			want := summaryRe(fs)
			if w.Code != 200 || !want.MatchString(body) {
				t.Fatalf("status %d, want %s\n%s", w.Code, want, body)
			}
			if n := strings.Count(body, `<span class="code">`); n != len(fs) {
				t.Errorf("%d rows, want %d", n, len(fs))
			}
			u, _ := testFW.Unit(unit)
			if !strings.Contains(body, "地区：<strong>"+u.Name+"</strong>") {
				t.Errorf("unit %s not named", u.Name)
			}
		})
	}
}

func TestCSRF(t *testing.T) {
	h := newTestServer(t, Options{})
	s := open(t, h)
	other := open(t, h)
	data := readRepo(t, "testdata", "broken", "typo-number.xlsx")
	post := func(token string, cookie *http.Cookie, origin, referer string) int {
		body, ct := multipartBody(t, part{name: "csrf", data: []byte(token)}, part{name: "file", file: "a.xlsx", data: data})
		r := request("POST", "/validate", body)
		r.Header.Set("Content-Type", ct)
		if cookie != nil {
			r.AddCookie(cookie)
		}
		if origin != "" {
			r.Header.Set("Origin", origin)
		}
		if referer != "" {
			r.Header.Set("Referer", referer)
		}
		return serve(h, r).Code
	}
	cases := []struct {
		name            string
		token           string
		cookie          *http.Cookie
		origin, referer string
		want            int
	}{
		{"ok", s.token, s.cookie, "http://" + testHost, "", 200},
		{"ok without origin (not a browser)", s.token, s.cookie, "", "", 200},
		{"ok by referer", s.token, s.cookie, "", "http://" + testHost + "/", 200},
		{"no cookie", s.token, nil, "", "", 403},
		{"no token", "", s.cookie, "", "", 403},
		{"token of another browser", other.token, s.cookie, "", "", 403},
		{"forged token", strings.Repeat("A", 43), s.cookie, "", "", 403},
		{"bad cookie", s.token, &http.Cookie{Name: csrfCookie, Value: "../../x"}, "", "", 403},
		{"foreign origin", s.token, s.cookie, "http://evil.example", "", 403},
		{"origin other port", s.token, s.cookie, "http://127.0.0.1:9999", "", 403},
		{"origin null", s.token, s.cookie, "null", "", 403},
		{"foreign referer", s.token, s.cookie, "", "http://evil.example/x", 403},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := post(c.token, c.cookie, c.origin, c.referer); got != c.want {
				t.Errorf("status %d, want %d", got, c.want)
			}
		})
	}
	// The API refuses a browser's cross-site request too.
	body, ct := multipartBody(t, part{name: "file", file: "a.xlsx", data: data})
	r := request("POST", "/api/validate", body)
	r.Header.Set("Content-Type", ct)
	r.Header.Set("Origin", "http://evil.example")
	if w := serve(h, r); w.Code != 403 || !strings.Contains(w.Body.String(), `"error"`) {
		t.Errorf("api cross-site: %d %s", w.Code, w.Body.String())
	}
}

func TestHosts(t *testing.T) {
	cases := []struct {
		hosts []string
		host  string
		want  int
	}{
		{nil, "127.0.0.1:8080", 200},
		{nil, "localhost:8080", 200},
		{nil, "LOCALHOST", 200},
		{nil, "[::1]:8080", 200},
		{nil, "evil.example", 421},
		{nil, "127.0.0.1.evil.example:8080", 421},
		{nil, "", 421},
		{[]string{"*"}, "192.168.1.20:8080", 200},
		{[]string{"dteval.office"}, "dteval.office:8080", 200},
		{[]string{"dteval.office"}, "127.0.0.1:8080", 421},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.hosts, c.host), func(t *testing.T) {
			h := newTestServer(t, Options{Hosts: c.hosts})
			r := request("GET", "/", nil)
			r.Host = c.host
			if w := serve(h, r); w.Code != c.want {
				t.Errorf("status %d, want %d", w.Code, c.want)
			}
		})
	}
}

func TestTemplateDownload(t *testing.T) {
	h := newTestServer(t, Options{})
	for _, u := range testFW.Units {
		t.Run(u.ID, func(t *testing.T) {
			w := serve(h, request("GET", "/template/"+u.ID, nil))
			if w.Code != 200 {
				t.Fatalf("status %d", w.Code)
			}
			name := fmt.Sprintf("2025年度无锡市数字化转型评估数据填报表（%s）.xlsx", u.Name)
			want := fmt.Sprintf(`attachment; filename="%s.xlsx"; filename*=UTF-8''%s`, u.ID, rfc5987(name))
			if got := w.Header().Get("Content-Disposition"); got != want {
				t.Errorf("Content-Disposition %q, want %q", got, want)
			}
			if templates.SubmissionTitle(testFW) != "2025年度无锡市数字化转型评估数据填报表" {
				t.Errorf("title %q", templates.SubmissionTitle(testFW))
			}
			raw, fs := evaluator.ReadWorkbookBytes(u.ID+".xlsx", w.Body.Bytes())
			if raw == nil || raw.Unit != u.ID || raw.FrameworkSHA256 != testFW.SHA256 {
				t.Fatalf("the template does not read back as %s: %v", u.ID, fs)
			}
			if w.Header().Get("Content-Length") != fmt.Sprint(w.Body.Len()) {
				t.Errorf("Content-Length %s for %d bytes", w.Header().Get("Content-Length"), w.Body.Len())
			}
		})
	}
	// Deterministic: the same unit gives the same bytes.
	a := serve(h, request("GET", "/template/binhu", nil)).Body.Bytes()
	b := serve(h, request("GET", "/template/binhu", nil)).Body.Bytes()
	if !bytes.Equal(a, b) {
		t.Error("two downloads of the same template differ")
	}
}

func TestDownloadBelongsToUploader(t *testing.T) {
	h := newTestServer(t, Options{KeepAnnotated: time.Minute})
	s := open(t, h)
	w := s.upload(t, h, "typo-number.xlsx", readRepo(t, "testdata", "broken", "typo-number.xlsx"))
	link := regexp.MustCompile(`href="(/download/[^"]+)"`).FindStringSubmatch(w.Body.String())[1]
	get := func(c *http.Cookie) int {
		r := request("GET", link, nil)
		if c != nil {
			r.AddCookie(c)
		}
		return serve(h, r).Code
	}
	if got := get(s.cookie); got != 200 {
		t.Fatalf("owner: %d", got)
	}
	if got := get(s.cookie); got != 200 {
		t.Errorf("second download by the owner: %d", got)
	}
	if got := get(nil); got != 404 {
		t.Errorf("no cookie: %d", got)
	}
	if got := get(open(t, h).cookie); got != 404 {
		t.Errorf("another browser: %d", got)
	}
	h.kept.now = func() time.Time { return time.Now().Add(61 * time.Second) }
	if got := get(s.cookie); got != 404 {
		t.Errorf("expired: %d", got)
	}
	if n, size := h.kept.stats(); n != 0 || size != 0 {
		t.Errorf("after expiry the store holds %d copies, %d bytes", n, size)
	}
}

func TestMethodNotAllowed(t *testing.T) {
	h := newTestServer(t, Options{})
	cases := []struct{ method, path, allow string }{
		{"GET", "/validate", "POST"},
		{"PUT", "/", "GET, HEAD"},
		{"DELETE", "/template/jiangyin", "GET, HEAD"},
		{"POST", "/download/x", "GET, HEAD"},
		{"GET", "/api/validate", "POST"},
	}
	for _, c := range cases {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			w := serve(h, request(c.method, c.path, nil))
			if w.Code != 405 || w.Header().Get("Allow") != c.allow {
				t.Errorf("%d Allow %q, want 405 %q", w.Code, w.Header().Get("Allow"), c.allow)
			}
		})
	}
}

func TestPanicBecomesChinesePage(t *testing.T) {
	h := newTestServer(t, Options{})
	h.beforeCheck = func() { panic("boom") }
	s := open(t, h)
	w := s.upload(t, h, "a.xlsx", readRepo(t, "testdata", "broken", "typo-number.xlsx"))
	if w.Code != 500 || !strings.Contains(w.Body.String(), "检查失败") {
		t.Errorf("%d %s", w.Code, w.Body.String())
	}
	// The slot was given back.
	h.beforeCheck = nil
	if w := s.upload(t, h, "a.xlsx", readRepo(t, "testdata", "broken", "typo-number.xlsx")); w.Code != 200 {
		t.Errorf("after a panic: %d", w.Code)
	}
}
