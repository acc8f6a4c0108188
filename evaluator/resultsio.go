package evaluator

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
)

// MaxResultsSize caps the size of a results.json that ReadResults accepts.
const MaxResultsSize = 64 << 20

// jsonReady returns a copy of r with the lists and maps results.json always has
// (possibly empty) in place of nil ones.
func jsonReady(r *Results) Results {
	c := *r
	// Inputs are named by unit and role, never by file name (SPEC §10).
	c.Inputs = make([]Input, len(r.Inputs))
	for i, in := range r.Inputs {
		in.File = ""
		c.Inputs[i] = in
	}
	if c.Units == nil {
		c.Units = []UnitResult{}
	}
	if c.NotSubmitted == nil {
		c.NotSubmitted = []string{}
	}
	if c.Adjustments == nil {
		c.Adjustments = []Adjustment{}
	}
	if c.Findings.ByCode == nil {
		c.Findings.ByCode = map[string]int{}
	}
	units := make([]UnitResult, len(c.Units))
	for i, u := range c.Units {
		if u.Nodes == nil {
			u.Nodes = map[string]NodeResult{}
		}
		if u.Indicators == nil {
			u.Indicators = map[string]IndicatorResult{}
		}
		if u.Fields == nil {
			u.Fields = map[string]any{}
		}
		units[i] = u
	}
	c.Units = units
	return c
}

// WriteResults writes r as results.json (SPEC §6): indented JSON, full precision
// (Go's shortest round-trip representation of every float), map keys sorted, empty
// lists as [] rather than null. It fails on a value JSON cannot hold (NaN, ±Inf).
func WriteResults(w io.Writer, r *Results) error {
	c := jsonReady(r)
	units := c.Units
	// The document is written unit by unit: encoding it whole built a 50 MB
	// buffer for 1,000 units, then an indented copy of it. The bytes are the same
	// (TestWriteResultsStreamed).
	c.Units = []UnitResult{}
	var head bytes.Buffer
	enc := json.NewEncoder(&head)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&c); err != nil {
		return fmt.Errorf("write results: %w", err)
	}
	const slot = "\n  \"units\": [],\n"
	before, after, ok := bytes.Cut(head.Bytes(), []byte(slot))
	if !ok {
		return fmt.Errorf("write results: no units slot in %q", head.Bytes())
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.Write(before)
	if len(units) == 0 {
		bw.WriteString(slot)
	} else {
		bw.WriteString("\n  \"units\": [\n")
		var ub bytes.Buffer
		uenc := json.NewEncoder(&ub)
		uenc.SetEscapeHTML(false)
		uenc.SetIndent("    ", "  ")
		je := newJSONEnc()
		var block []byte
		for i := range units {
			// A unit's indicators and fields (400 entries at 200 indicators, 90 % of
			// the document) are written by hand in encoding/json's format; the rest
			// of the unit by encoding/json, with the two maps left empty and then
			// filled in. TestWriteResultsStreamed keeps the bytes equal.
			u := units[i]
			ind, fields := u.Indicators, u.Fields
			u.Indicators, u.Fields = map[string]IndicatorResult{}, map[string]any{}
			ub.Reset()
			if err := uenc.Encode(&u); err != nil {
				return fmt.Errorf("write results: %w", err)
			}
			out := bytes.TrimSuffix(ub.Bytes(), []byte("\n"))
			var err error
			if block, err = je.indicators(block[:0], ind); err != nil {
				return fmt.Errorf("write results: %w", err)
			}
			out, ok := spliceMap(out, `"indicators": {}`, block)
			if !ok {
				return errors.New("write results: no indicators slot")
			}
			if block, err = je.fields(block[:0], fields); err != nil {
				return fmt.Errorf("write results: %w", err)
			}
			if out, ok = spliceMap(out, `"fields": {}`, block); !ok {
				return errors.New("write results: no fields slot")
			}
			bw.WriteString("    ")
			bw.Write(out)
			if i < len(units)-1 {
				bw.WriteString(",\n")
			} else {
				bw.WriteString("\n  ],\n")
			}
		}
	}
	bw.Write(after)
	return bw.Flush()
}

// ReadResultsFile reads a results.json file with ReadResults; errors start with the path.
func ReadResultsFile(path string) (*Results, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	r, err := ReadResults(io.TeeReader(f, h))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r.SourceSHA256 = hex.EncodeToString(h.Sum(nil))
	return r, nil
}

// openRegular opens a file for reading only when it is a regular file: a FIFO or
// a device would block or never end (SPEC §10: never a hang).
func openRegular(path string) (*os.File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: 不是普通文件（%s），无法读取", path, fileKind(fi.Mode()))
	}
	return os.Open(path)
}

// fileKind names a file mode for a message.
func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "是文件夹"
	case m&os.ModeNamedPipe != 0:
		return "是命名管道"
	case m&os.ModeDevice != 0, m&os.ModeCharDevice != 0:
		return "是设备文件"
	case m&os.ModeSocket != 0:
		return "是套接字"
	}
	return "类型不明"
}

// ReadResults reads results.json strictly: at most MaxResultsSize bytes, one JSON
// object with no unknown keys and nothing after it, schema dteval/results/v1, and
// contents that make sense (unique unit ids, finite scores, field values that are
// numbers, strings or null).
func ReadResults(r io.Reader) (*Results, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxResultsSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxResultsSize {
		return nil, fmt.Errorf("results file larger than %d MiB", MaxResultsSize>>20)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var res Results
	if err := dec.Decode(&res); err != nil {
		return nil, fmt.Errorf("not a results.json: %s", jsonErrorAt(data, err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("not a results.json: data after the JSON object")
	}
	if res.Schema != ResultsSchema {
		return nil, fmt.Errorf("schema is %q, want %q", res.Schema, ResultsSchema)
	}
	if res.Framework.ID == "" {
		return nil, errors.New("framework.id is empty")
	}
	if res.Year <= 0 {
		return nil, errors.New("year is missing")
	}
	seen := map[string]bool{}
	for i, u := range res.Units {
		if u.ID == "" {
			return nil, fmt.Errorf("units[%d]: id is empty", i)
		}
		if seen[u.ID] {
			return nil, fmt.Errorf("units[%d]: unit %q appears twice", i, u.ID)
		}
		seen[u.ID] = true
		if math.IsNaN(u.Score) || math.IsInf(u.Score, 0) || u.Rank < 0 {
			return nil, fmt.Errorf("units[%d] (%s): bad score or rank", i, u.ID)
		}
		for k, v := range u.Fields {
			switch v.(type) {
			case nil, float64, string:
			default:
				return nil, fmt.Errorf("units[%d] (%s): fields.%s is neither a number, a string nor null", i, u.ID, k)
			}
		}
	}
	return &res, nil
}

// jsonErrorAt adds a line:column to a JSON decoding error when it has an offset.
func jsonErrorAt(data []byte, err error) string {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return err.Error()
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	return fmt.Sprintf("%d:%d: %v", line, col, err)
}

// spliceMap replaces the `{}` of the first `slot` (`"key": {}`) in b with block
// (nothing to do for an empty block).
func spliceMap(b []byte, slot string, block []byte) ([]byte, bool) {
	i := bytes.Index(b, []byte(slot))
	if i < 0 {
		return b, false
	}
	if len(block) == 0 {
		return b, true
	}
	at := i + len(slot) - 2
	out := make([]byte, 0, len(b)+len(block))
	out = append(out, b[:at]...)
	out = append(out, block...)
	return append(out, b[at+2:]...), true
}

// jsonEnc writes the indicators and fields maps of a unit in results.json as
// encoding/json would with two-space indentation at the unit's depth: keys sorted,
// floats in its format, strings escaped as it escapes them (with SetEscapeHTML
// false) — through encoding/json itself, cached, since the same ids and values
// come back for every unit.
type jsonEnc struct {
	strs map[string][]byte
	buf  bytes.Buffer
	enc  *json.Encoder
	keys []string
}

func newJSONEnc() *jsonEnc {
	je := &jsonEnc{strs: map[string][]byte{}}
	je.enc = json.NewEncoder(&je.buf)
	je.enc.SetEscapeHTML(false)
	return je
}

func (je *jsonEnc) str(b []byte, s string) []byte {
	q, ok := je.strs[s]
	if !ok {
		je.buf.Reset()
		_ = je.enc.Encode(s) // a string always encodes
		q = bytes.Clone(bytes.TrimSuffix(je.buf.Bytes(), []byte("\n")))
		if len(je.strs) < 1<<16 {
			je.strs[s] = q
		}
	}
	return append(b, q...)
}

// jsonFloat appends f as encoding/json writes a float64.
func jsonFloat(b []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, fmt.Errorf("json: unsupported value: %s", strconv.FormatFloat(f, 'g', -1, 64))
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 → e-9, as encoding/json does
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

const (
	indEntry = "\n        "   // a map entry inside a unit
	indField = "\n          " // a field of an entry
	indClose = "\n      "     // the map's closing brace
)

// writeMap writes a map of a unit as `{…}` (nothing for an empty one): entries in
// key order, each value written by value.
func writeMap[V any](je *jsonEnc, b []byte, m map[string]V, value func([]byte, V) ([]byte, error)) ([]byte, error) {
	if len(m) == 0 {
		return b, nil
	}
	je.keys = je.keys[:0]
	for k := range m {
		je.keys = append(je.keys, k)
	}
	slices.Sort(je.keys)
	b = append(b, '{')
	var err error
	for i, k := range je.keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, indEntry...)
		b = je.str(b, k)
		b = append(b, ": "...)
		if b, err = value(b, m[k]); err != nil {
			return nil, err
		}
	}
	return append(b, indClose+"}"...), nil
}

// indicators writes the unit's indicators map.
func (je *jsonEnc) indicators(b []byte, m map[string]IndicatorResult) ([]byte, error) {
	return writeMap(je, b, m, func(b []byte, ir IndicatorResult) ([]byte, error) {
		var err error
		b = append(b, "{"+indField+`"raw": `...)
		if b, err = jsonPtrFloat(b, ir.Raw); err != nil {
			return nil, err
		}
		b = append(b, ","+indField+`"value": `...)
		if b, err = jsonPtrFloat(b, ir.Value); err != nil {
			return nil, err
		}
		b = append(b, ","+indField+`"score": `...)
		if b, err = jsonFloat(b, ir.Score); err != nil {
			return nil, err
		}
		b = append(b, ","+indField+`"rank": `...)
		b = strconv.AppendInt(b, int64(ir.Rank), 10)
		b = append(b, ","+indField+`"missing": `...)
		b = strconv.AppendBool(b, ir.Missing)
		b = append(b, ","+indField+`"imputed": `...)
		b = strconv.AppendBool(b, ir.Imputed)
		b = append(b, ","+indField+`"treated": `...)
		b = strconv.AppendBool(b, ir.Treated)
		if ir.NA {
			b = append(b, ","+indField+`"na": true`...)
		}
		if ir.Dropped {
			b = append(b, ","+indField+`"dropped": true`...)
		}
		if ir.Text != "" {
			b = append(b, ","+indField+`"text": `...)
			b = je.str(b, ir.Text)
		}
		if ir.Error != "" {
			b = append(b, ","+indField+`"error": `...)
			b = je.str(b, ir.Error)
		}
		// The keys of a self-assessment (rare, small): encoding/json at this depth.
		for _, kv := range []struct {
			key  string
			v    any
			omit bool
		}{
			{"baseline", ir.Baseline, ir.Baseline == nil},
			{"target", ir.Target, ir.Target == nil},
			{"achievement", ir.Achievement, ir.Achievement == nil},
			{"status", ir.Status, ir.Status == ""},
			{"series", ir.Series, len(ir.Series) == 0},
		} {
			if kv.omit {
				continue
			}
			if b, err = appendIndented(b, ","+indField+`"`+kv.key+`": `, kv.v); err != nil {
				return nil, err
			}
		}
		return append(b, "\n        }"...), nil
	})
}

// appendIndented appends key and v encoded as encoding/json does at an indicator's
// field depth (SetEscapeHTML(false), two-space indent).
func appendIndented(b []byte, key string, v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(indField[1:], "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	b = append(b, key...)
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...), nil
}

func jsonPtrFloat(b []byte, f *float64) ([]byte, error) {
	if f == nil {
		return append(b, "null"...), nil
	}
	return jsonFloat(b, *f)
}

// fields writes the unit's fields map: numbers, strings and nulls by hand, any
// other value through encoding/json.
func (je *jsonEnc) fields(b []byte, m map[string]any) ([]byte, error) {
	return writeMap(je, b, m, func(b []byte, v any) ([]byte, error) {
		switch v := v.(type) {
		case nil:
			return append(b, "null"...), nil
		case float64:
			return jsonFloat(b, v)
		case string:
			return je.str(b, v), nil
		}
		je.buf.Reset()
		enc := json.NewEncoder(&je.buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("        ", "  ")
		if err := enc.Encode(v); err != nil {
			return nil, err
		}
		return append(b, bytes.TrimSuffix(je.buf.Bytes(), []byte("\n"))...), nil
	})
}

// ReadFindingsFile reads internal/findings.json (a JSON array of findings, as
// WriteFindingsJSON writes it; at most 256 MiB).
func ReadFindingsFile(path string) (Findings, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var fs Findings
	dec := json.NewDecoder(io.LimitReader(f, 256<<20))
	if err := dec.Decode(&fs); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return fs, nil
}
