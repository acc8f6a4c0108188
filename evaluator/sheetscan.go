package evaluator

import (
	"bytes"
	"strconv"
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
		ref, _ := attr(tag, "r")
		if ref == "" {
			return nil, false
		}
		typ, _ := attr(tag, "t")
		c := cellAttr{typ: typ}
		if sv, ok := attr(tag, "s"); ok {
			if n, err := strconv.Atoi(sv); err == nil {
				c.style = n
			}
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
				si, isShared := attr(ftag, "si")
				ft, _ := attr(ftag, "t")
				if !bytes.HasSuffix(ftag, []byte("/")) {
					rest := body[k+fend+1:]
					if e := bytes.Index(rest, []byte("</f>")); e >= 0 {
						c.formula, _ = xmlText(string(rest[:e]))
					}
				}
				if isShared && ft == "shared" {
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

// attr returns the value of attribute name (either quote, XML-decoded) inside a
// tag, without allocating for the others.
func attr(tag []byte, name string) (string, bool) {
	for i := 0; i < len(tag); {
		k := bytes.Index(tag[i:], []byte(name))
		if k < 0 {
			return "", false
		}
		k += i
		i = k + len(name)
		if k > 0 && tag[k-1] != ' ' && tag[k-1] != '\t' && tag[k-1] != '\n' && tag[k-1] != '\r' {
			continue // the tail of another name (ref in sqref)
		}
		j := i
		for j < len(tag) && (tag[j] == ' ' || tag[j] == '\t' || tag[j] == '\n' || tag[j] == '\r') {
			j++
		}
		if j >= len(tag) || tag[j] != '=' {
			continue
		}
		j++
		for j < len(tag) && (tag[j] == ' ' || tag[j] == '\t' || tag[j] == '\n' || tag[j] == '\r') {
			j++
		}
		if j >= len(tag) || (tag[j] != '"' && tag[j] != '\'') {
			return "", false
		}
		e := bytes.IndexByte(tag[j+1:], tag[j])
		if e < 0 {
			return "", false
		}
		v, ok := xmlText(string(tag[j+1 : j+1+e]))
		return v, ok
	}
	return "", false
}
