package web

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wuxi-data/dteval/evaluator"
)

func TestUploadSizeCap(t *testing.T) {
	h := newTestServer(t, Options{})
	s := open(t, h)
	ok := readRepo(t, "testdata", "broken", "typo-number.xlsx")
	over := append(append([]byte{}, ok...), make([]byte, DefaultMaxUpload-len(ok)+1)...) // 20 MiB + 1 byte
	at := append(append([]byte{}, ok...), make([]byte, DefaultMaxUpload-len(ok))...)     // exactly 20 MiB

	t.Run("over, with Content-Length", func(t *testing.T) {
		w := s.upload(t, h, "big.xlsx", over)
		if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), "文件太大") || !strings.Contains(w.Body.String(), "20 MB") {
			t.Errorf("%d\n%s", w.Code, w.Body.String())
		}
	})
	t.Run("over, chunked", func(t *testing.T) {
		body, ct := multipartBody(t, part{name: "csrf", data: []byte(s.token)}, part{name: "file", file: "big.xlsx", data: over})
		r := request("POST", "/validate", io.MultiReader(body)) // no length known
		r.ContentLength = -1
		r.Header.Set("Content-Type", ct)
		r.AddCookie(s.cookie)
		if w := serve(h, r); w.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("%d", w.Code)
		}
	})
	t.Run("body far over the cap, lying Content-Length", func(t *testing.T) {
		// A body of 40 MiB of padding parts declared as 1 KiB: MaxBytesReader stops it.
		var pad bytes.Buffer
		pad.WriteString(strings.Repeat("x", 1<<20))
		parts := []part{{name: "csrf", data: []byte(s.token)}}
		for range 40 {
			parts = append(parts, part{name: "file", file: "p.xlsx", data: pad.Bytes()})
		}
		body, ct := multipartBody(t, parts...)
		r := request("POST", "/validate", body)
		r.ContentLength = -1
		r.Header.Set("Content-Type", ct)
		r.AddCookie(s.cookie)
		if w := serve(h, r); w.Code != http.StatusRequestEntityTooLarge && w.Code != http.StatusBadRequest {
			t.Errorf("%d", w.Code)
		}
	})
	t.Run("at the cap", func(t *testing.T) {
		// Exactly 20 MiB is accepted by the server; the reader then judges the
		// padded file (a zip with trailing bytes is still the same workbook).
		w := s.upload(t, h, "at.xlsx", at)
		if w.Code != 200 {
			t.Errorf("%d\n%s", w.Code, w.Body.String())
		}
	})
	t.Run("api over", func(t *testing.T) {
		w := apiPost(t, h, part{name: "file", file: "big.xlsx", data: over})
		var e map[string]string
		if w.Code != 413 || json.Unmarshal(w.Body.Bytes(), &e) != nil || !strings.Contains(e["error"], "文件太大") {
			t.Errorf("%d %s", w.Code, w.Body.String())
		}
	})
	t.Run("api files together over", func(t *testing.T) {
		half := make([]byte, DefaultMaxUpload/2+1)
		w := apiPost(t, h, part{name: "file", file: "a.xlsx", data: half}, part{name: "file", file: "b.xlsx", data: half})
		if w.Code != 413 {
			t.Errorf("%d", w.Code)
		}
	})
}

// zipOf builds a zip with the given entries.
func zipOf(t testing.TB, entries map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range entries {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	zw.Close()
	return buf.Bytes()
}

// TestHostileUploads: what an attacker or a broken machine sends becomes a finding
// or a clear refusal; nothing is written anywhere, nothing from the client reaches
// the page unescaped or a header unencoded.
func TestHostileUploads(t *testing.T) {
	files := tempDirWatch(t)
	h := newTestServer(t, Options{})
	s := open(t, h)
	good := readRepo(t, "testdata", "broken", "typo-number.xlsx")
	bomb := func() []byte {
		if testing.Short() {
			return nil
		}
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("xl/worksheets/sheet1.xml")
		chunk := make([]byte, 1<<20)
		for range 80 { // 80 MiB of zeros inflate from ~80 KiB
			w.Write(chunk)
		}
		zw.Close()
		return buf.Bytes()
	}()
	cases := []struct {
		name, file string
		data       []byte
		status     int
		want       string // in the page
	}{
		{"zip bomb", "bomb.xlsx", bomb, 200, "file-unreadable"},
		{"path traversal entry", "evil.xlsx", zipOf(t, map[string]string{"../../etc/cron.d/x": "boom", "[Content_Types].xml": "<Types/>"}), 200, "file-unreadable"},
		{"xxe", "xxe.xlsx", zipOf(t, map[string]string{"[Content_Types].xml": `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Types>&e;</Types>`}), 200, "file-unreadable"},
		{"encrypted / old xls", "old.xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), 200, "file-unreadable"},
		{"html posing as xlsx", "x.xlsx", []byte("<script>alert(1)</script>"), 200, "file-unreadable"},
		{"random bytes", "r.xlsx", bytes.Repeat([]byte{0x50, 0x4b, 0x03, 0x04, 0xff}, 1000), 200, "file-unreadable"},
		{"empty file", "empty.xlsx", nil, 400, "没有选择文件"},
		{"path as file name", `C:\Users\clerk\..\..\Windows\win.ini`, good, 200, "文件：<strong>win.ini</strong>"},
		{"unix path as file name", "../../../../etc/passwd", good, 200, "文件：<strong>passwd</strong>"},
		{"markup in file name", `<img src=x onerror=alert(1)>.xlsx`, good, 200, "文件：<strong>&lt;img src=x onerror=alert(1)&gt;.xlsx</strong>"},
		{"format chars in file name", "a\u202eb\u200b.xlsx", good, 200, "文件：<strong>ab.xlsx</strong>"},
		{"control chars in part header", "a\x01\x7fb.xlsx", good, 400, "上传内容不正确"},
		{"NUL in part header", "a\x00b.xlsx", good, 400, "上传内容不正确"},
		// Go's multipart writer escapes CR LF as %0D%0A, as browsers do: a harmless label.
		{"header injection in file name", "a\r\nSet-Cookie: x=1.xlsx", good, 200, "文件：<strong>a%0D%0ASet-Cookie: x=1.xlsx</strong>"},
		{"very long file name", strings.Repeat("长", 300) + ".xlsx", good, 200, strings.Repeat("长", 75) + ".xlsx</strong>"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "zip bomb" && testing.Short() {
				t.Skip("inflating 64 MiB is slow under -race; the reader's own tests cover bombs")
			}
			w := s.upload(t, h, c.file, c.data)
			body := w.Body.String()
			if w.Code != c.status || !strings.Contains(body, c.want) {
				t.Fatalf("status %d (want %d), page lacks %q:\n%s", w.Code, c.status, c.want, body)
			}
			if strings.Contains(body, "<img src=x") || strings.Contains(body, "<script>alert") {
				t.Fatal("client text reached the page unescaped")
			}
			if m := regexp.MustCompile(`href="(/download/[^"]+)"`).FindStringSubmatch(body); m != nil {
				r := request("GET", m[1], nil)
				r.AddCookie(s.cookie)
				d := serve(h, r)
				cd := d.Header().Get("Content-Disposition")
				if strings.ContainsAny(cd, "\r\n\x00<>") || strings.Count(cd, ";") != 2 || !strings.HasPrefix(cd, `attachment; filename="jiangyin.annotated.xlsx"; filename*=UTF-8''`) {
					t.Errorf("Content-Disposition %q", cd)
				}
			}
			if left := files(); len(left) > 0 {
				t.Fatalf("files left in TMPDIR: %v", left)
			}
		})
	}
}

func TestTooManyParts(t *testing.T) {
	h := newTestServer(t, Options{})
	s := open(t, h)
	good := readRepo(t, "testdata", "broken", "typo-number.xlsx")
	two := []part{{name: "csrf", data: []byte(s.token)}, {name: "file", file: "a.xlsx", data: good}, {name: "file", file: "b.xlsx", data: good}}
	body, ct := multipartBody(t, two...)
	r := request("POST", "/validate", body)
	r.Header.Set("Content-Type", ct)
	r.AddCookie(s.cookie)
	if w := serve(h, r); w.Code != 400 || !strings.Contains(w.Body.String(), "一次只能检查一个填报表") {
		t.Errorf("two files on the page: %d", w.Code)
	}
	var many []part
	for i := range maxParts + 1 {
		many = append(many, part{name: fmt.Sprintf("f%d", i), data: []byte("x")})
	}
	if w := apiPost(t, h, many...); w.Code != 400 {
		t.Errorf("%d parts: %d", len(many), w.Code)
	}
	var files []part
	for i := range maxAPIFiles + 1 {
		files = append(files, part{name: "file", file: fmt.Sprintf("%d.xlsx", i), data: []byte("x")})
	}
	if w := apiPost(t, h, files...); w.Code != 400 || !strings.Contains(w.Body.String(), "一次最多 10 个文件") {
		t.Errorf("%d files: %d %s", len(files), w.Code, w.Body.String())
	}
	// Not multipart at all.
	r = request("POST", "/api/validate", strings.NewReader("{}"))
	r.Header.Set("Content-Type", "application/json")
	if w := serve(h, r); w.Code != 400 {
		t.Errorf("json body: %d", w.Code)
	}
	// A form without the file.
	body, ct = multipartBody(t, part{name: "csrf", data: []byte(s.token)})
	r = request("POST", "/validate", body)
	r.Header.Set("Content-Type", ct)
	r.AddCookie(s.cookie)
	if w := serve(h, r); w.Code != 400 || !strings.Contains(w.Body.String(), "没有选择文件") {
		t.Errorf("no file: %d", w.Code)
	}
}

// TestConcurrentUploads sends 50 uploads at once (page and API, broken and clean):
// every one gets its own right answer, at most MaxConcurrent validations run at a
// time, and nothing is left on disk or kept beyond the annotated copies.
func TestConcurrentUploads(t *testing.T) {
	files := tempDirWatch(t)
	h := newTestServer(t, Options{MaxConcurrent: 2, QueueWait: time.Minute})
	names := []string{"typo-number.xlsx", "missing-required.xlsx", "wrong-unit.xlsx", "formula-error.xlsx", "not-a-workbook.xlsx"}
	want := map[string]string{}
	data := map[string][]byte{}
	for _, n := range names {
		data[n] = readRepo(t, "testdata", "broken", n)
		raw, fs := evaluator.ReadWorkbookBytes(n, data[n])
		if raw != nil {
			_, more, _ := evaluator.ValidateAll(context.Background(), testFW, []*evaluator.RawSubmission{raw}, evaluator.ValidateOptions{})
			fs = append(fs, more...)
		}
		evaluator.StampFramework(fs, testFW) // a finding from reading names the framework too
		var buf bytes.Buffer
		evaluator.WriteFindingsJSON(&buf, fs)
		want[n] = buf.String()
	}
	s := open(t, h)
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := names[i%len(names)]
			if i%2 == 0 {
				w := apiPost(t, h, part{name: "file", file: n, data: data[n]})
				if w.Code != 200 || w.Body.String() != want[n] {
					errs <- fmt.Errorf("api %d %s: %d %s", i, n, w.Code, w.Body.String())
				}
				return
			}
			w := s.upload(t, h, n, data[n])
			if w.Code != 200 || !strings.Contains(w.Body.String(), "文件：<strong>"+n+"</strong>") {
				errs <- fmt.Errorf("page %d %s: %d", i, n, w.Code)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if p := h.peak.Load(); p < 1 || p > 2 {
		t.Errorf("peak concurrent validations %d, want 1..2", p)
	}
	if n := h.inFlight.Load(); n != 0 {
		t.Errorf("%d validations still counted as running", n)
	}
	if left := files(); len(left) > 0 {
		t.Errorf("files left in TMPDIR: %v", left)
	}
	// The page uploads of readable workbooks (4 of 5 names, 25 page uploads) keep
	// their annotated copy in memory; nothing else stays.
	if n, _ := h.kept.stats(); n != 20 {
		t.Errorf("%d annotated copies kept, want 20", n)
	}
}

func TestBusyAndTimeout(t *testing.T) {
	good := readRepo(t, "testdata", "broken", "typo-number.xlsx")
	t.Run("busy", func(t *testing.T) {
		h := newTestServer(t, Options{MaxConcurrent: 1, QueueWait: 50 * time.Millisecond})
		release := make(chan struct{})
		started := make(chan struct{})
		var once sync.Once
		h.beforeCheck = func() {
			once.Do(func() { close(started); <-release })
		}
		s := open(t, h)
		first := make(chan int)
		go func() { first <- s.upload(t, h, "a.xlsx", good).Code }()
		<-started
		w := s.upload(t, h, "b.xlsx", good)
		if w.Code != 503 || w.Header().Get("Retry-After") == "" || !strings.Contains(w.Body.String(), "系统繁忙") {
			t.Errorf("second upload while the only slot is busy: %d", w.Code)
		}
		if w := apiPost(t, h, part{name: "file", file: "c.xlsx", data: good}); w.Code != 503 || !strings.Contains(w.Body.String(), `"error"`) {
			t.Errorf("api while busy: %d %s", w.Code, w.Body.String())
		}
		close(release)
		if code := <-first; code != 200 {
			t.Errorf("first upload: %d", code)
		}
		if w := s.upload(t, h, "d.xlsx", good); w.Code != 200 {
			t.Errorf("after the slot is free: %d", w.Code)
		}
	})
	t.Run("uploads in memory capped", func(t *testing.T) {
		// Room for one upload's bytes (MaxUploads × MaxUpload), not two.
		h := newTestServer(t, Options{MaxConcurrent: 2, MaxUploads: 1, MaxUpload: int64(len(good)) + 4096, QueueWait: 50 * time.Millisecond})
		release := make(chan struct{})
		started := make(chan struct{})
		var once sync.Once
		h.beforeCheck = func() { once.Do(func() { close(started); <-release }) }
		s := open(t, h)
		first := make(chan int)
		go func() { first <- s.upload(t, h, "a.xlsx", good).Code }()
		<-started
		// A free validation slot, but no room for a second upload's bytes: refused
		// once the room is full, not read to its end.
		body, ct := multipartBody(t, part{name: "file", file: "b.xlsx", data: good})
		rec := &readRecorder{r: body}
		r := request("POST", "/api/validate", rec)
		r.Header.Set("Content-Type", ct)
		if w := serve(h, r); w.Code != 503 {
			t.Errorf("upload beyond the room for uploads: %d", w.Code)
		}
		if body.Len() == 0 {
			t.Errorf("the refused upload was read to its end (%d bytes)", rec.n)
		}
		close(release)
		if code := <-first; code != 200 {
			t.Errorf("first upload: %d", code)
		}
		if n := h.held.Load(); n != 0 {
			t.Errorf("%d bytes still counted after the answers", n)
		}
		if w := apiPost(t, h, part{name: "file", file: "c.xlsx", data: good}); w.Code != 200 {
			t.Errorf("after the first answer: %d", w.Code)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		h := newTestServer(t, Options{MaxConcurrent: 1, CheckTimeout: 50 * time.Millisecond, QueueWait: time.Second})
		release := make(chan struct{})
		var once sync.Once
		h.beforeCheck = func() { once.Do(func() { <-release }) }
		s := open(t, h)
		w := s.upload(t, h, "a.xlsx", good)
		if w.Code != 503 || !strings.Contains(w.Body.String(), "检查超时") {
			t.Errorf("slow check: %d", w.Code)
		}
		// The timed-out check still holds the only slot: the CPU stays bounded.
		if n := h.inFlight.Load(); n != 1 {
			t.Errorf("%d running after the timeout, want 1", n)
		}
		close(release)
		deadline := time.Now().Add(5 * time.Second)
		for h.inFlight.Load() != 0 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		h.opt.CheckTimeout = time.Minute // the real check may take longer than 50 ms
		if w := s.upload(t, h, "b.xlsx", good); w.Code != 200 {
			t.Errorf("after the slow check ended: %d", w.Code)
		}
	})
	t.Run("client gone", func(t *testing.T) {
		h := newTestServer(t, Options{MaxConcurrent: 1})
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		s := open(t, h)
		if _, err := h.runCheck(ctx, []upload{{name: "a.xlsx", data: good}}, false); err == nil {
			t.Error("a cancelled request was checked")
		}
		_ = s
	})
}

// readRecorder counts the bytes read from r.
type readRecorder struct {
	r io.Reader
	n int
}

func (rr *readRecorder) Read(p []byte) (int, error) {
	n, err := rr.r.Read(p)
	rr.n += n
	return n, err
}

// TestNothingOnDisk: the multipart body is read in memory (no ParseMultipartForm
// spill), during the check and after it.
func TestNothingOnDisk(t *testing.T) {
	files := tempDirWatch(t)
	h := newTestServer(t, Options{})
	var during []string
	h.beforeCheck = func() { during = files() }
	s := open(t, h)
	// A 15 MiB upload: net/http's ParseMultipartForm would spill it to a temp file.
	data := append(readRepo(t, "testdata", "broken", "typo-number.xlsx"), make([]byte, 15<<20)...)
	if w := s.upload(t, h, "big.xlsx", data); w.Code != 200 {
		t.Fatalf("%d", w.Code)
	}
	if len(during) > 0 {
		t.Errorf("files in TMPDIR while checking: %v", during)
	}
	if w := apiPost(t, h, part{name: "file", file: "big.xlsx", data: data}); w.Code != 200 {
		t.Fatalf("api %d", w.Code)
	}
	if left := files(); len(left) > 0 {
		t.Errorf("files left in TMPDIR: %v", left)
	}
}

// paddedWorkbook is typo-number.xlsx with 17 MiB of spaces inside one sheet's XML:
// a 2 MB upload whose part inflates past excelize's in-memory limit for one part
// (16 MiB in the evaluator's read options).
func paddedWorkbook(t testing.TB) []byte {
	t.Helper()
	src := readRepo(t, "testdata", "broken", "typo-number.xlsx")
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "xl/worksheets/sheet1.xml" {
			i := bytes.Index(b, []byte("<worksheet"))
			b = append(append(append([]byte{}, b[:i]...), bytes.Repeat([]byte(" "), 17<<20)...), b[i:]...)
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	return buf.Bytes()
}

// TestBigPartLeavesNothing: excelize unpacks an XML part larger than its in-memory
// limit into a temporary file while it reads; the server must not leave it (or
// anything) behind once the answer is given.
func TestBigPartLeavesNothing(t *testing.T) {
	files := tempDirWatch(t)
	h := newTestServer(t, Options{})
	s := open(t, h)
	data := paddedWorkbook(t)
	var most atomic.Int64
	stop := make(chan struct{})
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
			if n := int64(len(files())); n > most.Load() {
				most.Store(n)
			}
		}
	}()
	w := s.upload(t, h, "padded.xlsx", data)
	close(stop)
	<-watched
	if w.Code != 200 || !strings.Contains(w.Body.String(), "value-not-number") {
		t.Fatalf("%d: the padded workbook was not read", w.Code)
	}
	if left := files(); len(left) > 0 {
		t.Errorf("files left in TMPDIR after the answer: %v", left)
	}
	t.Logf("%d-byte upload; temporary files seen while checking: %d (excelize, removed on close)", len(data), most.Load())
}

// TestAPIMatchesValidate: POST /api/validate answers byte for byte what
// "dteval validate -f F -format json FILE…" prints (evaluator.ValidateFiles,
// WriteFindingsJSON), for one file and for a batch.
func TestAPIMatchesValidate(t *testing.T) {
	h := newTestServer(t, Options{})
	cases := [][]string{
		{"broken/typo-number.xlsx"},
		{"broken/stale-template.xlsx"},
		{"broken/not-a-workbook.xlsx"},
		{"examples/2025/jiangyin.xlsx"},
		{"examples/2025/jiangyin.xlsx", "examples/2025/binhu.xlsx", "examples/2025/统计局数据.csv"},
		{"broken/wrong-unit.xlsx", "broken/duplicate-field.xlsx"},
	}
	for _, paths := range cases {
		t.Run(strings.Join(paths, "+"), func(t *testing.T) {
			var full []string
			var parts []part
			for _, p := range paths {
				full = append(full, repo("testdata", p))
				parts = append(parts, part{name: "file", file: p[strings.LastIndex(p, "/")+1:], data: readRepo(t, "testdata", p)})
			}
			// What validate -f F runs (one verdict: same scope, same framework stamp).
			_, fs, err := evaluator.ValidateFiles(context.Background(), testFW, full, evaluator.ValidateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var want bytes.Buffer
			evaluator.WriteFindingsJSON(&want, fs)

			w := apiPost(t, h, parts...)
			if w.Code != 200 || w.Header().Get("Content-Type") != "application/json; charset=utf-8" {
				t.Fatalf("%d %s", w.Code, w.Header().Get("Content-Type"))
			}
			if w.Body.String() != want.String() {
				t.Errorf("api:\n%s\nvalidate:\n%s", w.Body.String(), want.String())
			}
			if w.Header().Get("X-Dteval-Errors") != fmt.Sprint(fs.Errors()) || w.Header().Get("X-Dteval-Warnings") != fmt.Sprint(fs.Warnings()) {
				t.Errorf("counts %s/%s, want %d/%d", w.Header().Get("X-Dteval-Errors"), w.Header().Get("X-Dteval-Warnings"), fs.Errors(), fs.Warnings())
			}
			var decoded []evaluator.Finding
			if err := json.Unmarshal(w.Body.Bytes(), &decoded); err != nil || len(decoded) != len(fs) {
				t.Errorf("decoded %d findings (%v), want %d", len(decoded), err, len(fs))
			}
		})
	}
	t.Run("no file", func(t *testing.T) {
		w := apiPost(t, h, part{name: "other", data: []byte("x")})
		var e map[string]string
		if w.Code != 400 || json.Unmarshal(w.Body.Bytes(), &e) != nil || e["error"] == "" {
			t.Errorf("%d %s", w.Code, w.Body.String())
		}
	})
}

func TestDisplayName(t *testing.T) {
	cases := []struct{ in, want string }{
		{"jiangyin.xlsx", "jiangyin.xlsx"},
		{"江阴市 2025.xlsx", "江阴市 2025.xlsx"},
		{`C:\fakepath\江阴.xlsx`, "江阴.xlsx"},
		{"../../etc/passwd", "passwd"},
		{"a/b/", "upload.xlsx"},
		{"..", "upload.xlsx"},
		{"", "upload.xlsx"},
		{"a\x00b\r\n\u202ec.xlsx", "abc.xlsx"},
		{"bad\xffutf8.xlsx", "badutf8.xlsx"},
		{"  spaced.xlsx  ", "spaced.xlsx"},
		{strings.Repeat("x", 100) + ".xlsx", strings.Repeat("x", 75) + ".xlsx"},
		{strings.Repeat("x", 100), strings.Repeat("x", 80)},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			if got := displayName(c.in); got != c.want {
				t.Errorf("displayName(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestContentDisposition(t *testing.T) {
	cases := []struct{ name, fallback, want string }{
		{"jiangyin.xlsx", "jiangyin.xlsx", `attachment; filename="jiangyin.xlsx"; filename*=UTF-8''jiangyin.xlsx`},
		// 江 = E6 B1 9F, 阴 = E9 98 B4; "（" = EF BC 88.
		{"江阴（批注）.xlsx", "jiangyin.annotated.xlsx", `attachment; filename="jiangyin.annotated.xlsx"; filename*=UTF-8''%E6%B1%9F%E9%98%B4%EF%BC%88%E6%89%B9%E6%B3%A8%EF%BC%89.xlsx`},
		{"a b;c=\"d\".xlsx", "a\"b\\c\r\n.xlsx", `attachment; filename="a_b_c__.xlsx"; filename*=UTF-8''a%20b%3Bc%3D%22d%22.xlsx`},
		{"100%.xlsx", "x", `attachment; filename="x"; filename*=UTF-8''100%25.xlsx`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := contentDisposition(c.name, c.fallback); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestStoreBounds(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	st := newStore(10*time.Minute, 100)
	st.now = func() time.Time { return now }
	a := st.put(&kept{data: make([]byte, 40), owner: "o"})
	b := st.put(&kept{data: make([]byte, 40), owner: "o"})
	if len(a) != 22 || a == b {
		t.Fatalf("ids %q %q", a, b)
	}
	c := st.put(&kept{data: make([]byte, 40), owner: "o"}) // 120 > 100: a goes
	if _, ok := st.get(a, "o"); ok {
		t.Error("the oldest copy was kept over the byte cap")
	}
	if _, ok := st.get(b, "o"); !ok {
		t.Error("b lost")
	}
	if n, size := st.stats(); n != 2 || size != 80 {
		t.Errorf("%d copies, %d bytes; want 2, 80", n, size)
	}
	if id := st.put(&kept{data: make([]byte, 101)}); id != "" {
		t.Error("a copy larger than the store was kept")
	}
	now = now.Add(10 * time.Minute)
	if _, ok := st.get(c, "o"); ok {
		t.Error("an expired copy was served")
	}
	if n, size := st.stats(); n != 0 || size != 0 {
		t.Errorf("after expiry: %d copies, %d bytes", n, size)
	}
}
