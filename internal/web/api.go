package web

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/wuxi-data/dteval/evaluator"
)

// handleAPIValidate is POST /api/validate for the bureau's own systems: one or more
// multipart "file" parts (workbooks, or .csv consolidated tables) → 200 with the
// findings as a JSON array, byte for byte what "dteval validate -f F -format json
// FILE…" prints for the same files. X-Dteval-Errors and X-Dteval-Warnings carry
// the counts. Problems with the request itself are {"error": "…"} with a 4xx/5xx.
//
//	curl -F file=@jiangyin.xlsx http://127.0.0.1:8080/api/validate
//
// No CSRF token is asked (a program has no page to take it from), but a browser's
// cross-site request, which always carries a foreign Origin, is refused: a foreign
// page cannot make a visitor's browser use this endpoint.
func (s *Server) handleAPIValidate(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		s.errorPage(w, r, http.StatusForbidden, "请求来源不正确", "跨站请求不被接受")
		return
	}
	files, _, release, err := s.readUpload(w, r, maxAPIFiles)
	defer release()
	if err != nil {
		s.uploadError(w, r, err)
		return
	}
	c, err := s.runCheck(r.Context(), files, false)
	if err != nil {
		s.uploadError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := evaluator.WriteFindingsJSON(&buf, c.findings); err != nil {
		s.uploadError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Dteval-Errors", strconv.Itoa(c.findings.Errors()))
	h.Set("X-Dteval-Warnings", strconv.Itoa(c.findings.Warnings()))
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
}
