// Package web is the self-check page of dteval serve: a district clerk uploads the
// unit's submission workbook, sees the findings grouped by severity with sheet, cell,
// field and message, and downloads the annotated copy; blank workbooks can be
// downloaded for every unit. A JSON endpoint gives the bureau's own systems the
// findings of dteval validate -format json.
//
// # Routes
//
//	GET  /                  the page: upload form and blank workbooks
//	POST /validate          form upload (multipart: csrf, file) → the page with the findings
//	GET  /download/{id}     the annotated copy of an upload, kept in memory for a short time
//	GET  /template/{unit}   a blank submission workbook for a unit of the framework
//	POST /api/validate      multipart "file" parts → the findings as JSON
//	GET  /assets/{name}     the embedded stylesheet and icon
//
// # Safety
//
// Uploads are read into memory through a bounded reader and never written to disk;
// the client's file name is only a label. Every response carries a strict
// Content-Security-Policy and nosniff; the form is protected by a double-submit token
// (an HMAC of a SameSite=Strict cookie under a per-process key) and an Origin check;
// the Host header must name the machine (DNS rebinding); validations run under a
// semaphore and a time limit. See [NewHTTPServer] for the connection time limits.
package web

import (
	"crypto/rand"
	"fmt"
	"log"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/wuxi-data/dteval/evaluator"
)

// Defaults of [Options].
const (
	DefaultMaxUpload     = evaluator.MaxWorkbookSize // 20 MiB, as the readers allow
	DefaultQueueWait     = 10 * time.Second
	DefaultCheckTimeout  = 60 * time.Second
	DefaultBodyTimeout   = 30 * time.Second
	DefaultKeepAnnotated = 10 * time.Minute
	DefaultMaxKept       = 256 << 20
	multipartOverhead    = 1 << 20 // headers, boundaries and the small form fields
	maxParts             = 16      // parts read from one multipart body
	maxAPIFiles          = 10      // files in one /api/validate request
)

// Options tune the server. The zero value is safe.
type Options struct {
	// MaxUpload caps one upload (and, for /api/validate, all files of a request
	// together). Default 20 MiB.
	MaxUpload int64
	// MaxConcurrent caps the validations running at once; default the number of CPUs
	// (at least 2). A request waits up to QueueWait for a slot, then gets 503.
	MaxConcurrent int
	QueueWait     time.Duration
	// MaxUploads caps the bytes of uploads held in memory at once (being received,
	// waiting for a slot or being checked) at MaxUploads × MaxUpload, counted as
	// the bytes arrive: a slow upload holds only what it has sent. Default
	// 4 × MaxConcurrent: with the defaults on two CPUs, 8 × 20 MiB, whatever the
	// number of clients. A request that finds no room is answered 503.
	MaxUploads int
	// BodyTimeout bounds the time a request body may take to arrive (default
	// 30 s: 20 MiB at 5 Mbit/s; a submission of 200 KB needs a second); a slower
	// upload is refused with 408.
	BodyTimeout time.Duration
	// CheckTimeout bounds one validation; the answer is then 503 and the work is
	// cancelled: it stops at its next step (between files, before validation,
	// before each annotated copy) and gives its slot back then, so at most
	// MaxConcurrent validations ever use the CPU. A client that goes away cancels
	// the work the same way.
	CheckTimeout time.Duration
	// KeepAnnotated is how long an annotated copy stays downloadable (in memory
	// only); MaxKept bounds the bytes of all kept copies (the oldest go first).
	KeepAnnotated time.Duration
	MaxKept       int64
	// Hosts are the accepted Host header names (without port). Empty: localhost,
	// 127.0.0.1 and ::1 only, which defeats DNS rebinding; "*" accepts any host
	// (for a server bound to a LAN address).
	Hosts []string
	// Version is shown in the page footer.
	Version string
	// Log receives one line per problem (a panic, a failed render). Default: the log package.
	Log func(format string, args ...any)
}

// Server is the http.Handler of the page. Build it with [New].
type Server struct {
	fw    *evaluator.Framework
	opt   Options
	mux   *http.ServeMux
	key   []byte        // per-process CSRF key
	sem   chan struct{} // validation slots
	held  atomic.Int64  // bytes of uploads in memory
	kept  *store
	hosts map[string]bool

	inFlight, peak atomic.Int64      // running validations, and their maximum (tests)
	beforeCheck    func()            // test hook: called inside the slot
	atStep         func(step string) // test hook: called at each step of a check
}

// New returns the handler serving the self-check page for fw.
func New(fw *evaluator.Framework, opt Options) http.Handler { return newServer(fw, opt) }

func newServer(fw *evaluator.Framework, opt Options) *Server {
	if opt.MaxUpload <= 0 {
		opt.MaxUpload = DefaultMaxUpload
	}
	if opt.MaxConcurrent <= 0 {
		opt.MaxConcurrent = max(2, runtime.NumCPU())
	}
	if opt.MaxUploads <= 0 {
		opt.MaxUploads = 4 * opt.MaxConcurrent
	}
	if opt.QueueWait <= 0 {
		opt.QueueWait = DefaultQueueWait
	}
	if opt.CheckTimeout <= 0 {
		opt.CheckTimeout = DefaultCheckTimeout
	}
	if opt.BodyTimeout <= 0 {
		opt.BodyTimeout = DefaultBodyTimeout
	}
	if opt.KeepAnnotated <= 0 {
		opt.KeepAnnotated = DefaultKeepAnnotated
	}
	if opt.MaxKept <= 0 {
		opt.MaxKept = DefaultMaxKept
	}
	if opt.Log == nil {
		opt.Log = log.Printf
	}
	s := &Server{
		fw:   fw,
		opt:  opt,
		key:  make([]byte, 32),
		sem:  make(chan struct{}, opt.MaxConcurrent),
		kept: newStore(opt.KeepAnnotated, opt.MaxKept),
	}
	if _, err := rand.Read(s.key); err != nil {
		panic(fmt.Sprintf("web: no randomness: %v", err))
	}
	hosts := opt.Hosts
	if len(hosts) == 0 {
		hosts = []string{"localhost", "127.0.0.1", "::1"}
	}
	s.hosts = map[string]bool{}
	for _, h := range hosts {
		s.hosts[strings.ToLower(strings.Trim(h, "[]"))] = true
	}
	s.routes()
	return s
}

// route is one method + path of the page.
type route struct {
	method, pattern string
	h               http.HandlerFunc
}

func (s *Server) routes() {
	s.mux = http.NewServeMux()
	rs := []route{
		{"GET", "/{$}", s.handleIndex},
		{"POST", "/validate", s.handleValidate},
		{"GET", "/download/{id}", s.handleDownload},
		{"GET", "/template/{unit}", s.handleTemplate},
		{"POST", "/api/validate", s.handleAPIValidate},
		{"GET", "/assets/{name}", s.handleAsset},
	}
	for _, r := range rs {
		s.mux.HandleFunc(r.method+" "+r.pattern, r.h)
		allow := r.method
		if allow == "GET" {
			allow = "GET, HEAD"
		}
		// The same path with another method: 405 with a page, not the mux's plain text.
		s.mux.HandleFunc(r.pattern, func(w http.ResponseWriter, req *http.Request) {
			w.Header().Set("Allow", allow)
			s.errorPage(w, req, http.StatusMethodNotAllowed, "不支持的请求方式", "请从首页重新操作。")
		})
	}
	s.mux.HandleFunc("/", func(w http.ResponseWriter, req *http.Request) {
		s.errorPage(w, req, http.StatusNotFound, "页面不存在", "请检查地址，或返回首页。")
	})
}

// ServeHTTP sets the security headers of every response, refuses foreign Host
// headers and turns a panic into a 500 page.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	// same-origin rather than no-referrer: with no-referrer a browser sends
	// "Origin: null" on the form's POST, and the Origin check could not tell our own
	// page from a foreign one. Nothing leaks to other sites either way.
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	h.Set("Cache-Control", "no-store")
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.opt.Log("web: panic serving %s %s: %v", r.Method, r.URL.Path, v)
			s.errorPage(w, r, http.StatusInternalServerError, "服务器内部错误", "这是 dteval 的缺陷，请把操作步骤告诉市数据局。")
		}
	}()
	if !s.hostAllowed(r.Host) {
		s.errorPage(w, r, http.StatusMisdirectedRequest, "地址不被接受", "请用 http://127.0.0.1 或 http://localhost 打开本页面。")
		return
	}
	s.mux.ServeHTTP(w, r)
}

// hostAllowed reports whether the Host header names this machine (or any host is allowed).
func (s *Server) hostAllowed(hostport string) bool {
	if s.hosts["*"] {
		return true
	}
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	return s.hosts[strings.ToLower(strings.Trim(host, "[]"))]
}

// NewHTTPServer returns an http.Server for h with the connection time limits of the
// page: the body of an upload has Options.BodyTimeout (set per request), ReadTimeout
// is only a backstop; a queued
// and then running validation in WriteTimeout.
func NewHTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       3 * time.Minute,
		WriteTimeout:      3 * time.Minute,
		IdleTimeout:       90 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}
