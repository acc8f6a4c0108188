package web

import (
	"strings"
	"testing"
)

// TestPublicAddr: only localhost and loopback IPs are private; a malformed
// address is an error.
func TestPublicAddr(t *testing.T) {
	for _, c := range []struct {
		addr   string
		public bool
	}{
		{"127.0.0.1:8080", false}, {"localhost:80", false}, {"[::1]:8080", false},
		{"0.0.0.0:8080", true}, {":8080", true}, {"192.168.1.5:8080", true}, {"office-pc:8080", true},
	} {
		got, err := PublicAddr(c.addr)
		if err != nil || got != c.public {
			t.Errorf("PublicAddr(%q) = %v, %v; want %v", c.addr, got, err, c.public)
		}
	}
	if _, err := PublicAddr("8080"); err == nil {
		t.Error("PublicAddr(\"8080\"): no error")
	}
}

// TestListenURL: the URL names the bound port; on all interfaces it leaves the
// machine's address to the reader.
func TestListenURL(t *testing.T) {
	ln, url, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if want := "http://" + ln.Addr().String() + "/"; url != want {
		t.Errorf("URL %q, want %q", url, want)
	}
	ln.Close()
	ln, url, err = Listen(":0")
	if err != nil {
		t.Skipf("cannot listen on all interfaces here: %v", err)
	}
	defer ln.Close()
	if !strings.HasPrefix(url, "http://<this machine's address>:") || strings.HasSuffix(url, ":0/") {
		t.Errorf("URL on all interfaces: %q", url)
	}
	if _, _, err := Listen("nonsense"); err == nil {
		t.Error("Listen(\"nonsense\"): no error")
	}
}
