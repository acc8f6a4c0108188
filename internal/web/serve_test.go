package web

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestServeGraceful: when ctx ends (SIGINT/SIGTERM in dteval serve) a running check
// finishes and its answer arrives; then Serve returns nil and nothing listens.
func TestServeGraceful(t *testing.T) {
	h := newTestServer(t, Options{})
	started := make(chan struct{})
	release := make(chan struct{})
	var once sync.Once
	h.beforeCheck = func() { once.Do(func() { close(started); <-release }) }
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, NewHTTPServer("", h), ln) }()

	body, ct := multipartBody(t, part{name: "file", file: "a.xlsx", data: readRepo(t, "testdata", "broken", "typo-number.xlsx")})
	answer := make(chan string, 1)
	go func() {
		resp, err := http.Post(url+"/api/validate", ct, body)
		if err != nil {
			answer <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		answer <- resp.Status + " " + string(b)
	}()
	<-started
	cancel() // the interrupt, while the check runs
	time.Sleep(100 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("Serve returned %v with a request running", err)
	default:
	}
	close(release)
	if a := <-answer; !strings.HasPrefix(a, "200 OK") || !strings.Contains(a, "value-not-number") {
		t.Errorf("the running request got %q", a)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(ShutdownGrace):
		t.Fatal("Serve did not return")
	}
	if _, err := http.Get(url); err == nil {
		t.Error("still listening after shutdown")
	}
}
