package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
)

// The form is protected by a double-submit token: the page sets a random nonce in
// a SameSite=Strict, HttpOnly cookie and puts HMAC(key, nonce) in a hidden field;
// the POST must carry both, and they must match under this process's key. A foreign
// site can neither read the cookie nor compute the HMAC, and a browser does not send
// a SameSite=Strict cookie with a cross-site POST anyway. The Origin (or Referer)
// header, when present, must name this host too.

const (
	csrfCookie = "dteval_csrf"
	csrfField  = "csrf"
	nonceLen   = 16
)

// nonce returns the request's valid cookie nonce, or a new one (set as a cookie).
func (s *Server) nonce(w http.ResponseWriter, r *http.Request) string {
	if n, ok := cookieNonce(r); ok {
		return n
	}
	b := make([]byte, nonceLen)
	rand.Read(b)
	n := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: n, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	return n
}

// cookieNonce is the well-formed nonce of the request's cookie.
func cookieNonce(r *http.Request) (string, bool) {
	c, err := r.Cookie(csrfCookie)
	if err != nil {
		return "", false
	}
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil || len(b) != nonceLen {
		return "", false
	}
	return c.Value, true
}

// token is the form token of a nonce.
func (s *Server) token(nonce string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("dteval csrf\x00" + nonce))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// tokenOK checks the form token against the cookie nonce.
func (s *Server) tokenOK(r *http.Request, token string) bool {
	n, ok := cookieNonce(r)
	if !ok {
		return false
	}
	return hmac.Equal([]byte(token), []byte(s.token(n)))
}

// sameOrigin reports whether the request's Origin (or, without it, Referer) names
// this host. A request with neither passes: browsers send Origin on every POST, so
// only non-browser clients (curl, the bureau's systems) come without one, and the
// token still guards the form. "Origin: null" (a sandboxed or privacy-stripped
// context) does not pass.
func sameOrigin(r *http.Request) bool {
	src := r.Header.Get("Origin")
	if src == "" {
		src = r.Header.Get("Referer")
		if src == "" {
			return true
		}
	}
	u, err := url.Parse(src)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	return strings.EqualFold(u.Host, r.Host)
}
