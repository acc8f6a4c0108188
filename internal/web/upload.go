package web

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// upload is one file of a multipart body, held in memory only.
type upload struct {
	name string // a display label from the client's file name: never a path
	data []byte
}

// Upload problems, each answered with its own status and Chinese message.
var (
	errTooLarge = errors.New("upload too large")
	errNotForm  = errors.New("not a multipart form")
	errNoFile   = errors.New("no file")
	errTooMany  = errors.New("too many parts or files")
	errSlow     = errors.New("upload too slow")
)

const (
	maxFieldLen = 1 << 10  // a small form field (the csrf token)
	maxDrain    = 64 << 20 // what is read and dropped of a body over the cap
)

// readUpload reads a multipart/form-data body into memory: the "file" parts (at
// most maxFiles, together at most s.opt.MaxUpload bytes) and the small text fields.
// It never calls ParseMultipartForm, which spills large parts to temporary files:
// nothing of an upload touches the disk. The whole body is capped with
// http.MaxBytesReader, so a client cannot make it read more; it must arrive within
// BodyTimeout (errSlow); and the bytes read are counted against the room for
// uploads in memory (MaxUploads × MaxUpload) as they arrive (errBusy when there is
// none), so that a slow upload holds only what it has sent. The caller calls
// release once the answer is written (also after an error).
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request, maxFiles int) (files []upload, fields map[string]string, release func(), err error) {
	held := &heldBytes{s: s}
	files, fields, err = s.readBody(w, r, maxFiles, held)
	return files, fields, held.release, err
}

// heldBytes counts one request's bytes in the server's room for uploads.
type heldBytes struct {
	s *Server
	n int64
}

// take counts n more bytes; false when they do not fit.
func (h *heldBytes) take(n int64) bool {
	if h.s.held.Add(n) > int64(h.s.opt.MaxUploads)*h.s.opt.MaxUpload {
		h.s.held.Add(-n)
		return false
	}
	h.n += n
	return true
}

func (h *heldBytes) release() {
	h.s.held.Add(-h.n)
	h.n = 0
}

// heldReader counts what it reads in held.
type heldReader struct {
	r    io.Reader
	held *heldBytes
}

func (hr *heldReader) Read(p []byte) (int, error) {
	n, err := hr.r.Read(p)
	if n > 0 && !hr.held.take(int64(n)) {
		return 0, errBusy
	}
	return n, err
}

func (s *Server) readBody(w http.ResponseWriter, r *http.Request, maxFiles int, held *heldBytes) (files []upload, fields map[string]string, err error) {
	limit := s.opt.MaxUpload + multipartOverhead
	orig := r.Body
	// The body's deadline, on the connection (not supported by a test recorder:
	// ReadTimeout of NewHTTPServer stays the backstop).
	_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(s.opt.BodyTimeout))
	defer func() {
		if errors.Is(err, errTooLarge) {
			// Read (and drop) the rest of what the browser is sending, up to a bound:
			// a browser that is still uploading when the answer comes shows
			// "connection reset" instead of the page that says the file is too big.
			io.CopyN(io.Discard, orig, maxDrain)
		}
	}()
	if r.ContentLength > limit {
		return nil, nil, errTooLarge
	}
	if s.held.Load() >= int64(s.opt.MaxUploads)*s.opt.MaxUpload {
		return nil, nil, errBusy // no room: refused unread
	}
	r.Body = http.MaxBytesReader(w, &heldReadCloser{heldReader{r.Body, held}, r.Body}, limit)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, errNotForm
	}
	fields = map[string]string{}
	var total int64
	for i := 0; ; i++ {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, bodyError(err)
		}
		if i >= maxParts {
			return nil, nil, errTooMany
		}
		name := p.FormName()
		switch {
		case name == "file" && p.FileName() != "":
			if len(files) >= maxFiles {
				return nil, nil, errTooMany
			}
			data, err := io.ReadAll(io.LimitReader(p, s.opt.MaxUpload-total+1))
			if err != nil {
				return nil, nil, bodyError(err)
			}
			total += int64(len(data))
			if total > s.opt.MaxUpload {
				return nil, nil, errTooLarge
			}
			if len(data) == 0 {
				continue // an empty file input, or an empty file: judged as no file
			}
			files = append(files, upload{name: displayName(p.FileName()), data: data})
		case name == "file":
			// A file input left empty: the browser sends a part without a file name.
			if _, err := io.Copy(io.Discard, io.LimitReader(p, maxFieldLen)); err != nil {
				return nil, nil, bodyError(err)
			}
		default:
			b, err := io.ReadAll(io.LimitReader(p, maxFieldLen+1))
			if err != nil {
				return nil, nil, bodyError(err)
			}
			if len(b) > maxFieldLen {
				return nil, nil, errTooMany
			}
			if _, dup := fields[name]; !dup {
				fields[name] = string(b)
			}
		}
		p.Close()
	}
	if len(files) == 0 {
		return nil, fields, errNoFile
	}
	return files, fields, nil
}

// heldReadCloser is a request body read through heldReader.
type heldReadCloser struct {
	heldReader
	c io.Closer
}

func (h *heldReadCloser) Close() error { return h.c.Close() }

// bodyError tells a body over the cap, one that came too slowly and one for which
// there was no room from a broken one.
func bodyError(err error) error {
	var mb *http.MaxBytesError
	var ne net.Error
	switch {
	case errors.As(err, &mb):
		return errTooLarge
	case errors.Is(err, errBusy):
		return errBusy
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return errSlow
	}
	return fmt.Errorf("%w: %v", errNotForm, err)
}

// displayName turns a client's file name into a label for findings and pages: the
// base name (after / or \, as old browsers send whole Windows paths), valid UTF-8
// without control or format characters, at most 80 characters. It is never used
// to open, create or name a file on this machine.
func displayName(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > 80 {
		ext := path.Ext(name)
		if utf8.RuneCountInString(ext) > 10 {
			ext = ""
		}
		name = string([]rune(name)[:80-utf8.RuneCountInString(ext)]) + ext
	}
	if name == "" || name == "." || name == ".." {
		name = "upload.xlsx"
	}
	return name
}
