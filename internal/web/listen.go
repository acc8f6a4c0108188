package web

import (
	"net"
)

// PublicAddr checks a listen address (host:port) and reports whether it is reached
// from other machines: any host but localhost and a loopback IP. A server on such
// an address must accept any Host name (Options.Hosts "*").
func PublicAddr(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, err
	}
	ip := net.ParseIP(host)
	return host != "localhost" && (ip == nil || !ip.IsLoopback()), nil
}

// Listen opens addr and returns the listener with the URL at which the page is
// reached; for an unspecified host (all interfaces) the URL names the port and
// leaves the machine's address to the reader.
func Listen(addr string) (net.Listener, string, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, "", err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, "", err
	}
	url := "http://" + ln.Addr().String() + "/"
	if host == "" || host == "0.0.0.0" || host == "::" {
		_, port, _ := net.SplitHostPort(ln.Addr().String())
		url = "http://<this machine's address>:" + port + "/"
	}
	return ln, url, nil
}
