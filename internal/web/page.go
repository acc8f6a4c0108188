package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"path"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
)

var pageTmpl = template.Must(template.New("page.html").ParseFS(assets, "assets/page.html"))

// pageView is what page.html shows: the form and the template links always, a
// result or an error when there is one.
type pageView struct {
	Title, Subtitle  string
	FrameworkID      string
	FrameworkVersion string
	Issuer           string
	Year             int
	Version          string
	Token            string
	MaxMB            int64
	UnitGroups       []unitGroup
	Result           *resultView
	Noun             string // what the framework calls its units (地区, 镇（街道）)
	Error            *errorView
}

type unitGroup struct {
	Group string
	Units []evaluator.Unit
}

type errorView struct{ Title, Detail string }

// resultView is the findings of one upload, grouped severity → file → rows.
type resultView struct {
	File, UnitName   string
	Errors, Warnings int
	Sections         []sevSection
	DownloadURL      string
	KeepMinutes      int
	NoCopy           string // why there is no annotated copy
}

type sevSection struct {
	Severity, Label string
	Count           int
	Files           []fileSection
}

type fileSection struct {
	Name string // "" when the upload is the only file
	Rows []findingRow
}

type findingRow struct {
	Sheet, Cell, Field, FieldName, Message, Code string
	Meaning                                      string // the code's meaning (evaluator.FindingMeaning)
}

// view returns the page frame for the framework with the form token of the browser.
func (s *Server) view(w http.ResponseWriter, r *http.Request) *pageView {
	fw := s.fw
	v := &pageView{
		Title:            strings.TrimSuffix(fw.Title, "指标体系"),
		FrameworkID:      fw.ID,
		FrameworkVersion: fw.Version,
		Issuer:           fw.Issuer,
		Noun:             fw.UnitNoun(),
		Year:             fw.Year,
		Version:          s.opt.Version,
		Token:            s.token(s.nonce(w, r)),
		MaxMB:            s.opt.MaxUpload >> 20,
	}
	if v.Title == "" {
		v.Title = "数字化转型评估"
	}
	v.Subtitle = fmt.Sprintf("%d年度数据填报", fw.Year)
	if fw.Issuer != "" {
		v.Subtitle += " · " + fw.Issuer
	}
	if v.Version == "" {
		v.Version = "dev"
	}
	for _, u := range fw.Units {
		n := len(v.UnitGroups)
		if n == 0 || v.UnitGroups[n-1].Group != u.Group {
			v.UnitGroups = append(v.UnitGroups, unitGroup{Group: u.Group})
			n++
		}
		v.UnitGroups[n-1].Units = append(v.UnitGroups[n-1].Units, u)
	}
	return v
}

func (s *Server) render(w http.ResponseWriter, status int, v *pageView) {
	var buf bytes.Buffer
	if err := pageTmpl.Execute(&buf, v); err != nil {
		s.opt.Log("web: render page: %v", err)
		http.Error(w, "页面生成失败", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	s.render(w, http.StatusOK, s.view(w, r))
}

// errorPage answers with a Chinese page (or, under /api/, a JSON object).
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, title, detail string) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]string{"error": title + "：" + detail})
		return
	}
	v := s.view(w, r)
	v.Error = &errorView{Title: title, Detail: detail}
	s.render(w, status, v)
}

// uploadError answers an upload that could not be read or checked.
func (s *Server) uploadError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, errTooLarge):
		w.Header().Set("Connection", "close")
		s.errorPage(w, r, http.StatusRequestEntityTooLarge, "文件太大",
			fmt.Sprintf("上传的文件超过 %d MB 的上限。填报表通常不到 1 MB：请删除多余的工作表和图片，另存为 .xlsx 后再上传。", s.opt.MaxUpload>>20))
	case errors.Is(err, errNoFile):
		s.errorPage(w, r, http.StatusBadRequest, "没有选择文件", "请先选择本单位的填报表（.xlsx 文件），再点「开始检查」。")
	case errors.Is(err, errTooMany) && strings.HasPrefix(r.URL.Path, "/api/"):
		s.errorPage(w, r, http.StatusBadRequest, "上传内容不正确", fmt.Sprintf("一次最多 %d 个文件，表单项不超过 %d 个", maxAPIFiles, maxParts))
	case errors.Is(err, errTooMany):
		s.errorPage(w, r, http.StatusBadRequest, "上传内容不正确", "一次只能检查一个填报表，请从本页面的表单上传。")
	case errors.Is(err, errNotForm):
		s.errorPage(w, r, http.StatusBadRequest, "上传内容不正确", "没有收到完整的文件，请从本页面的表单重新上传。")
	case errors.Is(err, errSlow):
		w.Header().Set("Connection", "close")
		s.errorPage(w, r, http.StatusRequestTimeout, "上传超时",
			fmt.Sprintf("文件没有在 %d 秒内传完。填报表通常不到 1 MB：请检查网络连接后重新上传。", int(s.opt.BodyTimeout.Seconds())))
	case errors.Is(err, errBusy):
		w.Header().Set("Retry-After", "10")
		s.errorPage(w, r, http.StatusServiceUnavailable, "系统繁忙", "正在检查的文件较多，请稍等片刻后重新上传。")
	case errors.Is(err, errTimeout):
		s.errorPage(w, r, http.StatusServiceUnavailable, "检查超时", "这个文件检查时间过长，请确认它是下发的填报表，或联系市数据局。")
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		s.errorPage(w, r, http.StatusServiceUnavailable, "检查已中断", "请重新上传。")
	default:
		s.opt.Log("web: check %s: %v", r.URL.Path, err)
		s.errorPage(w, r, http.StatusInternalServerError, "检查失败", "检查时发生内部错误，这是 dteval 的缺陷，请把文件和操作步骤告诉市数据局。")
	}
}

// handleValidate checks one uploaded workbook from the form and shows the findings.
func (s *Server) handleValidate(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		s.errorPage(w, r, http.StatusForbidden, "请求来源不正确", "请直接在本页面上传文件。")
		return
	}
	if _, ok := cookieNonce(r); !ok {
		s.errorPage(w, r, http.StatusForbidden, "页面已过期", "请刷新本页面后重新选择文件上传（浏览器需要允许本站的 Cookie）。")
		return
	}
	files, fields, release, err := s.readUpload(w, r, 1)
	defer release()
	if err == nil || errors.Is(err, errNoFile) {
		if !s.tokenOK(r, fields[csrfField]) {
			s.errorPage(w, r, http.StatusForbidden, "页面已过期", "请刷新本页面后重新选择文件上传。")
			return
		}
	}
	if err != nil {
		s.uploadError(w, r, err)
		return
	}
	c, err := s.runCheck(r.Context(), files, true)
	if err != nil {
		s.uploadError(w, r, err)
		return
	}
	v := s.view(w, r)
	v.Result = s.result(r, files[0].name, c)
	s.render(w, http.StatusOK, v)
}

// result groups the findings of the check of one upload for the page and keeps
// the annotated copy for download.
func (s *Server) result(r *http.Request, name string, c *checked) *resultView {
	res := &resultView{
		File:        name,
		Errors:      c.findings.Errors(),
		Warnings:    c.findings.Warnings(),
		KeepMinutes: int(s.opt.KeepAnnotated.Minutes()),
	}
	f := c.files[0]
	if u, ok := s.fw.Unit(f.unit); ok {
		res.UnitName = u.Name
	}
	for _, sev := range []struct{ code, label string }{{evaluator.SevError, "错误"}, {evaluator.SevWarning, "警告"}} {
		sec := sevSection{Severity: sev.code, Label: sev.label}
		for _, x := range c.findings {
			if x.Severity != sev.code {
				continue
			}
			sec.Count++
			file := x.File
			if file == name {
				file = ""
			}
			n := len(sec.Files)
			if n == 0 || sec.Files[n-1].Name != file {
				sec.Files = append(sec.Files, fileSection{Name: file})
				n++
			}
			row := findingRow{Sheet: x.Sheet, Cell: x.Cell, Field: x.Field, Message: x.Detail(), Code: x.Code,
				Meaning: evaluator.FindingMeaning(x.Code, s.fw.UnitNoun())}
			if fd := s.fw.Field(x.Field); fd != nil {
				row.FieldName = fd.Name
			}
			sec.Files[n-1].Rows = append(sec.Files[n-1].Rows, row)
		}
		if sec.Count > 0 {
			res.Sections = append(res.Sections, sec)
		}
	}
	switch {
	case f.annotated != nil:
		owner, _ := cookieNonce(r)
		k := &kept{data: f.annotated, owner: owner}
		k.name, k.fallback = annotatedNames(name, f.unit, s.fw)
		if id := s.kept.put(k); id != "" {
			res.DownloadURL = "/download/" + id
		}
	case f.annotErr != nil:
		s.opt.Log("web: annotate %s: %v", name, f.annotErr)
		res.NoCopy = "这个文件无法生成批注版，请按上表逐项修改。"
	default:
		res.NoCopy = "文件无法作为填报表读取，因此没有批注版：请先按上表处理。"
	}
	return res
}

// annotatedNames are the download names of an annotated copy: the upload's name
// with 「（检查批注）」 for people, <unit-id>.annotated.xlsx (SPEC §8) as the ASCII
// fallback for old browsers.
func annotatedNames(upload, unit string, fw *evaluator.Framework) (name, fallback string) {
	base := strings.TrimSuffix(upload, path.Ext(upload))
	name = base + "（检查批注）.xlsx"
	if _, ok := fw.Unit(unit); ok {
		fallback = unit + ".annotated.xlsx"
	} else {
		fallback = "annotated.xlsx"
	}
	return name, fallback
}
