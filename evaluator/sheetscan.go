package evaluator

import (
	"bytes"
	"strconv"
	"strings"
)

// cellAttr is what the reader needs of a cell besides its value: its style, its
// type and its formula. excelize answers these questions only after unmarshalling
// the whole worksheet, which costs more than everything else the reader does, so
// the reader scans the worksheet XML bytes (kept from the safety check) instead.
type cellAttr struct {
	style   int
	typ     string // the t attribute: "e" for an error value
	formula string // the formula text; a shared formula's follower gets its master's
	hasF    bool
}

// scanCells reads the style, type and formula of every cell of a worksheet by a
// byte scan. ok is false when the XML is not what Excel-like writers produce (a
// cell without its r attribute): the caller then asks excelize.
func scanCells(ws []byte) (cells map[string]cellAttr, ok bool) {
	cells = map[string]cellAttr{}
	shared := map[string]string{} // si → master formula
	i := bytes.Index(ws, []byte("<sheetData"))
	if i < 0 {
		return cells, true
	}
	ws = ws[i:]
	for {
		j := bytes.Index(ws, []byte("<c"))
		if j < 0 {
			return cells, true
		}
		ws = ws[j+2:]
		if len(ws) == 0 || (ws[0] != ' ' && ws[0] != '>' && ws[0] != '/' && ws[0] != '\t' && ws[0] != '\n' && ws[0] != '\r') {
			continue // <cols>, <col …>, <cfRule…>: not a cell
		}
		end := bytes.IndexByte(ws, '>')
		if end < 0 {
			return nil, false
		}
		tag := ws[:end]
		selfClosing := end > 0 && tag[end-1] == '/'
		attrs := parseAttrs(tag)
		ref := attrs["r"]
		if ref == "" {
			return nil, false
		}
		c := cellAttr{typ: attrs["t"]}
		if s, err := strconv.Atoi(attrs["s"]); err == nil {
			c.style = s
		}
		ws = ws[end+1:]
		if !selfClosing {
			close := bytes.Index(ws, []byte("</c>"))
			if close < 0 {
				return nil, false
			}
			body := ws[:close]
			if k := bytes.Index(body, []byte("<f")); k >= 0 && (len(body) > k+2 && (body[k+2] == '>' || body[k+2] == ' ' || body[k+2] == '/')) {
				c.hasF = true
				fend := bytes.IndexByte(body[k:], '>')
				if fend < 0 {
					return nil, false
				}
				ftag := body[k+2 : k+fend]
				fattrs := parseAttrs(ftag)
				if !bytes.HasSuffix(ftag, []byte("/")) {
					rest := body[k+fend+1:]
					if e := bytes.Index(rest, []byte("</f>")); e >= 0 {
						c.formula, _ = xmlText(string(rest[:e]))
					}
				}
				if si, isShared := fattrs["si"]; isShared && fattrs["t"] == "shared" {
					if c.formula != "" {
						shared[si] = c.formula
					} else {
						c.formula = shared[si]
					}
				}
			}
			ws = ws[close+4:]
		}
		cells[ref] = c
	}
}

// parseAttrs reads name="value" pairs (either quote) from the inside of a tag.
func parseAttrs(tag []byte) map[string]string {
	out := map[string]string{}
	s := string(tag)
	for {
		eq := strings.IndexByte(s, '=')
		if eq < 0 {
			return out
		}
		name := strings.TrimSpace(s[:eq])
		if k := strings.LastIndexAny(name, " \t\r\n"); k >= 0 {
			name = name[k+1:]
		}
		s = strings.TrimLeft(s[eq+1:], " \t\r\n")
		if s == "" || (s[0] != '"' && s[0] != '\'') {
			return out
		}
		q := s[0]
		e := strings.IndexByte(s[1:], q)
		if e < 0 {
			return out
		}
		out[name], _ = xmlText(s[1 : 1+e])
		s = s[e+2:]
	}
}
