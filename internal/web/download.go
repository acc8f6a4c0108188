package web

import (
	"bytes"
	"embed"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/wuxi-data/dteval/templates"
)

//go:embed assets/page.html assets/style.css assets/favicon.svg
var assets embed.FS

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// handleDownload sends an annotated copy kept in memory, to the browser that uploaded it.
func (s *Server) handleDownload(w http.ResponseWriter, r *http.Request) {
	owner, _ := cookieNonce(r)
	k, ok := s.kept.get(r.PathValue("id"), owner)
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, "批注版已失效",
			fmt.Sprintf("批注版只在检查后 %d 分钟内、在上传文件的浏览器中可以下载。请重新上传填报表检查。", int(s.opt.KeepAnnotated.Minutes())))
		return
	}
	sendFile(w, r, k.data, k.name, k.fallback)
}

// handleTemplate sends the blank submission workbook of a unit. The unit id is only
// looked up in the framework, never used as a path.
func (s *Server) handleTemplate(w http.ResponseWriter, r *http.Request) {
	u, ok := s.fw.Unit(r.PathValue("unit"))
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, "没有这个"+s.fw.UnitNoun(), "请从首页的"+s.fw.UnitNoun()+"列表中选择。")
		return
	}
	var buf bytes.Buffer
	if err := templates.WriteSubmission(&buf, s.fw, u, templates.SubmissionOptions{}); err != nil {
		s.opt.Log("web: template %s: %v", u.ID, err)
		s.errorPage(w, r, http.StatusInternalServerError, "填报表生成失败", "这是 dteval 的缺陷，请联系市数据局。")
		return
	}
	name := fmt.Sprintf("%s（%s）.xlsx", templates.SubmissionTitle(s.fw), u.Name)
	sendFile(w, r, buf.Bytes(), name, u.ID+".xlsx")
}

// sendFile answers with an .xlsx attachment.
func sendFile(w http.ResponseWriter, r *http.Request, data []byte, name, fallback string) {
	h := w.Header()
	h.Set("Content-Type", xlsxType)
	h.Set("Content-Disposition", contentDisposition(name, fallback))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// contentDisposition is an attachment header with the Chinese name in RFC 5987 /
// RFC 6266 form (the filename* parameter, UTF-8 percent-encoded, understood by
// every current browser) and an ASCII fallback (filename="…") for the rest. Both
// are escaped here, so no character of a name can end the header or add a
// parameter.
func contentDisposition(name, fallback string) string {
	var fb strings.Builder
	for _, r := range fallback {
		switch {
		case r == '"' || r == '\\' || r < 0x20 || r > 0x7e:
			fb.WriteByte('_')
		default:
			fb.WriteRune(r)
		}
	}
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, fb.String(), rfc5987(name))
}

// rfc5987 percent-encodes s as an RFC 5987 ext-value (attr-char kept, all else %XX).
func rfc5987(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') ||
			strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// handleAsset serves the embedded stylesheet and icon, by exact name only.
func (s *Server) handleAsset(w http.ResponseWriter, r *http.Request) {
	types := map[string]string{
		"style.css":   "text/css; charset=utf-8",
		"favicon.svg": "image/svg+xml",
	}
	name := r.PathValue("name")
	ct, ok := types[name]
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, "页面不存在", "请检查地址，或返回首页。")
		return
	}
	data, err := assets.ReadFile("assets/" + name)
	if err != nil {
		s.errorPage(w, r, http.StatusNotFound, "页面不存在", "请检查地址，或返回首页。")
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "private, max-age=600")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}
