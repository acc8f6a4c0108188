package web

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// stepLog records the steps a check reached (Server.atStep), calling at(step)
// first.
type stepLog struct {
	mu    sync.Mutex
	steps []string
}

func (l *stepLog) hook(at func(step string)) func(string) {
	return func(step string) {
		l.mu.Lock()
		l.steps = append(l.steps, step)
		l.mu.Unlock()
		if at != nil {
			at(step)
		}
	}
}

func (l *stepLog) list() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.steps)
}

// waitIdle waits until no check runs, failing after 5 s.
func waitIdle(t *testing.T, h *Server) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for h.inFlight.Load() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d checks still running 5 s after their answer", h.inFlight.Load())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Work stops when the request that asked for it is gone: on the check's time
// limit and when the client goes away, the check stops at its next step (the next
// file, the validation, an annotated copy) and gives its slot back.
func TestCheckStopsWhenRequestGone(t *testing.T) {
	good := readRepo(t, "testdata", "broken", "typo-number.xlsx")
	t.Run("timeout while reading", func(t *testing.T) {
		h := newTestServer(t, Options{MaxConcurrent: 1, CheckTimeout: 100 * time.Millisecond, QueueWait: time.Second})
		var log stepLog
		h.atStep = log.hook(func(step string) {
			if step == "read 0" {
				time.Sleep(time.Second) // a slow first file: past the limit
			}
		})
		w := apiPost(t, h, part{name: "file", file: "a.xlsx", data: good}, part{name: "file", file: "b.xlsx", data: good}, part{name: "file", file: "c.xlsx", data: good})
		if w.Code != 503 || !strings.Contains(w.Body.String(), "检查超时") {
			t.Errorf("slow check: %d %s", w.Code, w.Body.String())
		}
		waitIdle(t, h)
		if got := log.list(); !slices.Equal(got, []string{"read 0"}) {
			t.Errorf("steps %q: the check went on after its time limit", got)
		}
	})
	t.Run("timeout before the annotated copy", func(t *testing.T) {
		h := newTestServer(t, Options{MaxConcurrent: 1, CheckTimeout: 100 * time.Millisecond, QueueWait: time.Second})
		var log stepLog
		h.atStep = log.hook(func(step string) {
			if step == "annotate 0" {
				time.Sleep(time.Second) // the limit passes as the copy is about to be made
			}
		})
		s := open(t, h)
		if w := s.upload(t, h, "a.xlsx", good); w.Code != 503 {
			t.Errorf("slow check: %d", w.Code)
		}
		waitIdle(t, h)
		if got := log.list(); !slices.Equal(got, []string{"read 0", "validate 0", "annotate 0"}) {
			t.Errorf("steps %q", got)
		}
		if n, _ := h.kept.stats(); n != 0 {
			t.Errorf("%d annotated copies made for a request that was answered 503", n)
		}
		// The slot is free again: the next upload is checked.
		h.atStep = nil
		h.opt.CheckTimeout = time.Minute
		if w := s.upload(t, h, "b.xlsx", good); w.Code != 200 {
			t.Errorf("next upload: %d", w.Code)
		}
	})
	t.Run("client gone", func(t *testing.T) {
		h := newTestServer(t, Options{MaxConcurrent: 1})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var log stepLog
		h.atStep = log.hook(func(step string) {
			if step == "read 0" {
				cancel() // the client hangs up while the first file is read
			}
		})
		body, ct := multipartBody(t, part{name: "file", file: "a.xlsx", data: good}, part{name: "file", file: "b.xlsx", data: good})
		r := request("POST", "/api/validate", body).WithContext(ctx)
		r.Header.Set("Content-Type", ct)
		serve(h, r)
		waitIdle(t, h)
		if got := log.list(); !slices.Equal(got, []string{"read 0"}) {
			t.Errorf("steps %q: the check went on after its client had gone", got)
		}
	})
}

// Slow uploads (a few bytes, then nothing) hold no upload room and are cut after
// BodyTimeout, so a normal upload is checked at once; before, each held one of
// the MaxUploads slots for the server's 3-minute read limit.
func TestSlowUploadsHoldNothing(t *testing.T) {
	good := readRepo(t, "testdata", "broken", "typo-number.xlsx")
	h := newTestServer(t, Options{MaxConcurrent: 1, MaxUploads: 1, BodyTimeout: 700 * time.Millisecond, QueueWait: 200 * time.Millisecond})
	srv := httptest.NewUnstartedServer(h)
	srv.Config = NewHTTPServer("", h)
	srv.Start()
	defer srv.Close()
	addr := srv.Listener.Addr().String()

	body, ct := multipartBody(t, part{name: "file", file: "slow.xlsx", data: good})
	type slow struct {
		conn  net.Conn
		start time.Time
	}
	var slows []slow
	for range 4 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "POST /api/validate HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", addr, ct, body.Len())
		c.Write(body.Bytes()[:100]) // then nothing more
		slows = append(slows, slow{c, time.Now()})
	}
	time.Sleep(100 * time.Millisecond) // the slow requests are being read

	b2, ct2 := multipartBody(t, part{name: "file", file: "a.xlsx", data: good})
	resp, err := http.Post(srv.URL+"/api/validate", ct2, b2)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("a normal upload beside 4 slow ones: %d", resp.StatusCode)
	}

	for i, s := range slows {
		s.conn.SetReadDeadline(time.Now().Add(15 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(s.conn), nil)
		took := time.Since(s.start)
		if err != nil {
			t.Errorf("slow upload %d: no answer (%v) after %v", i, err, took)
			continue
		}
		var msg bytes.Buffer
		msg.ReadFrom(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestTimeout || !strings.Contains(msg.String(), "秒内") {
			t.Errorf("slow upload %d: %d %s", i, resp.StatusCode, msg.String())
		}
		if took > 10*time.Second {
			t.Errorf("slow upload %d cut after %v, want about 0.7 s", i, took)
		}
	}
	if n := h.held.Load(); n != 0 {
		t.Errorf("%d bytes still counted after every answer", n)
	}
}
