package web

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
)

var testFW *evaluator.Framework

// TestMain serves the framework the example workbooks were issued with (the one in
// their _meta sheet), so the tests hold while indicators/ is being edited and the
// examples are not yet regenerated.
func TestMain(m *testing.M) {
	data, err := os.ReadFile(repo("testdata", "examples", "2025", "jiangyin.xlsx"))
	if err != nil {
		panic(err)
	}
	raw, fs := evaluator.ReadWorkbookBytes("jiangyin.xlsx", data)
	if raw == nil {
		panic(fmt.Sprint(fs))
	}
	if testFW, err = evaluator.LoadBytes("jiangyin.xlsx:_meta", raw.FrameworkSource); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// repo returns a path inside the repository.
func repo(parts ...string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(append([]string{filepath.Dir(file), "..", ".."}, parts...)...)
}

func readRepo(t testing.TB, parts ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(repo(parts...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func newTestServer(t testing.TB, opt Options) *Server {
	t.Helper()
	if opt.Log == nil {
		opt.Log = t.Logf
	}
	return newServer(testFW, opt)
}

const testHost = "127.0.0.1:8080"

// request builds a request to the test host.
func request(method, target string, body io.Reader) *http.Request {
	r := httptest.NewRequest(method, target, body)
	r.Host = testHost
	return r
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

var tokenRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// session is a browser: its CSRF cookie and the page's form token.
type session struct {
	cookie *http.Cookie
	token  string
}

// open loads the page as a fresh browser does.
func open(t testing.TB, h http.Handler) session {
	t.Helper()
	w := serve(h, request("GET", "/", nil))
	if w.Code != 200 {
		t.Fatalf("GET /: %d", w.Code)
	}
	var s session
	for _, c := range w.Result().Cookies() {
		if c.Name == csrfCookie {
			s.cookie = c
		}
	}
	m := tokenRe.FindStringSubmatch(w.Body.String())
	if s.cookie == nil || m == nil {
		t.Fatalf("GET /: no cookie or no token")
	}
	s.token = m[1]
	return s
}

// part is one multipart part: a file when file is set, else a field.
type part struct {
	name, file string
	data       []byte
}

func multipartBody(t testing.TB, parts ...part) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		var w io.Writer
		var err error
		if p.file != "" {
			w, err = mw.CreateFormFile(p.name, p.file)
		} else {
			w, err = mw.CreateFormField(p.name)
		}
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.data)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

// upload posts a file through the form as the page's browser does.
func (s session) upload(t testing.TB, h http.Handler, name string, data []byte) *httptest.ResponseRecorder {
	t.Helper()
	body, ct := multipartBody(t, part{name: "csrf", data: []byte(s.token)}, part{name: "file", file: name, data: data})
	r := request("POST", "/validate", body)
	r.Header.Set("Content-Type", ct)
	r.Header.Set("Origin", "http://"+testHost)
	r.AddCookie(s.cookie)
	return serve(h, r)
}

// apiPost posts files to /api/validate as a program does.
func apiPost(t testing.TB, h http.Handler, parts ...part) *httptest.ResponseRecorder {
	t.Helper()
	body, ct := multipartBody(t, parts...)
	r := request("POST", "/api/validate", body)
	r.Header.Set("Content-Type", ct)
	return serve(h, r)
}

// tempDirWatch points os.TempDir at a fresh folder and returns a func listing what
// appeared in it.
func tempDirWatch(t *testing.T) func() []string {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	return func() []string {
		var names []string
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if p != dir {
				names = append(names, p)
			}
			return nil
		})
		return names
	}
}

// stats returns the number and bytes of the copies kept (tests).
func (st *store) stats() (int, int64) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.prune(st.now())
	return len(st.items), st.size
}
