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
	"reflect"
	"strconv"
	"strings"
)

// MaxResultsSize caps the size of a results.json that ReadResults accepts. The
// largest dteval writes at the scale of SPEC §11 — 1,000 units × 200 indicators
// with -previous, whose units carry last year's value of every indicator — is
// 60.5 MB (ScaleResultsSize; docs/performance.md); the cap is four times that.
// Reading holds the file's bytes once beside the results decoded from them
// (docs/performance.md): a file at the cap takes about 0.6 GB.
const MaxResultsSize = 256 << 20

// ScaleResultsSize is the largest results.json measured at the scale of SPEC §11
// (1,000 units × 200 indicators, a third year read with -previous from a second,
// docs/performance.md): TestMaxResultsSizeAboveScale keeps MaxResultsSize well
// above it.
const ScaleResultsSize = 60_516_638

// maxResultsSize is MaxResultsSize; tests lower it.
var maxResultsSize int64 = MaxResultsSize

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
	// The document is written unit by unit, each unit by encoding/json: encoding
	// it whole built a 50 MB buffer for 1,000 units, then an indented copy of it.
	// The bytes are the same (TestWriteResultsStreamed, TestWriteResultsRandom).
	// A hand-written encoder of each unit's indicators and fields (90 % of the
	// bytes) saved about 0.1 s of CPU per 1,000-unit document, less than the
	// whole run's noise; it was removed (docs/performance.md).
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
		for i := range units {
			ub.Reset()
			if err := uenc.Encode(&units[i]); err != nil {
				return fmt.Errorf("write results: %w", err)
			}
			out := bytes.TrimSuffix(ub.Bytes(), []byte("\n"))
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

// ReadResultsFile reads a results.json file with ReadResults; every error is a
// *FileError naming the file (无法读取评估结果文件 x：…). A file larger than
// MaxResultsSize is refused before it is read.
func ReadResultsFile(path string) (*Results, error) {
	fail := func(err error) (*Results, error) { return nil, ReadError("评估结果文件", path, err) }
	f, err := OpenRegular(path)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	size := int64(-1)
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	data, err := readResultsBytes(f, size)
	if err != nil {
		return fail(err)
	}
	r, err := decodeResults(data)
	if err != nil {
		return fail(err)
	}
	sum := sha256.Sum256(data)
	r.SourceSHA256 = hex.EncodeToString(sum[:])
	return r, nil
}

// errResultsTooLarge refuses a file over the cap (maxResultsSize).
func errResultsTooLarge() error {
	return fmt.Errorf("文件超过 %d MiB 的上限，不是 dteval 写出的 results.json：请给出 dteval run 或 dteval score 写出的 results.json", maxResultsSize>>20)
}

// notResults says a file is no results.json, and what to give instead.
func notResults(format string, args ...any) error {
	return fmt.Errorf("不是 dteval 写出的 results.json：%s；请给出 dteval run 或 dteval score 写出的 results.json", fmt.Sprintf(format, args...))
}

// ReadResults reads results.json strictly: at most MaxResultsSize bytes, one JSON
// object whose top-level keys are results.json's, each once, with no unknown keys
// at any depth and nothing after it, schema dteval/results/v1, and contents that
// make sense (unique unit ids, finite scores, field values that are numbers,
// strings or null). Its errors are Chinese and say where the fault is.
//
// The bytes are held once: the top level is walked by hand (walker), and each
// unit is decoded from its own bytes, the units on all CPUs.
func ReadResults(r io.Reader) (*Results, error) {
	size := int64(-1)
	if l, ok := r.(interface{ Len() int }); ok { // bytes.Reader, strings.Reader, bytes.Buffer
		size = int64(l.Len())
	}
	data, err := readResultsBytes(r, size)
	if err != nil {
		return nil, err
	}
	return decodeResults(data)
}

// readResultsBytes reads at most maxResultsSize bytes of r into one buffer; size,
// when known (≥ 0), is how many r holds.
func readResultsBytes(r io.Reader, size int64) ([]byte, error) {
	if size > maxResultsSize {
		return nil, errResultsTooLarge()
	}
	var buf bytes.Buffer
	if size >= 0 {
		buf.Grow(int(size) + bytes.MinRead) // one allocation: ReadFrom then needs no more room
	}
	if _, err := buf.ReadFrom(io.LimitReader(r, maxResultsSize+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > maxResultsSize {
		return nil, errResultsTooLarge()
	}
	return buf.Bytes(), nil
}

// decodeResults decodes and checks results.json (ReadResults).
func decodeResults(data []byte) (*Results, error) {
	var res Results
	if err := decodeResultsJSON(data, &res); err != nil {
		return nil, err
	}
	if res.Schema != ResultsSchema {
		return nil, notResults("格式标识 \"schema\" 是 %q，应为 %q", res.Schema, ResultsSchema)
	}
	if res.Framework.ID == "" {
		return nil, notResults("指标体系标识 \"framework.id\" 是空的")
	}
	if res.Year <= 0 {
		return nil, notResults("缺少评估年度 \"year\"")
	}
	seen := map[string]bool{}
	for i, u := range res.Units {
		at := unitAt(i)
		if u.ID == "" {
			return nil, notResults("%s的单位标识 \"id\" 是空的", at)
		}
		if seen[u.ID] {
			return nil, notResults("%s：单位 %q 出现了两次", at, u.ID)
		}
		seen[u.ID] = true
		if math.IsNaN(u.Score) || math.IsInf(u.Score, 0) || u.Rank < 0 {
			return nil, notResults("%s（%q）的得分或排名无效", at, u.ID)
		}
		for k, v := range u.Fields {
			switch v.(type) {
			case nil, float64, string:
			default:
				return nil, notResults("%s（%q）的填报值 %q 既不是数字、文字，也不是空值", at, u.ID, "fields."+k)
			}
		}
	}
	return &res, nil
}

// unitAt names units[i] in a message.
func unitAt(i int) string { return fmt.Sprintf("\"units\" 第 %d 项", i+1) }

// resultsKeys maps each top-level key of results.json but units to its field of res.
func resultsKeys(res *Results) map[string]any {
	v := reflect.ValueOf(res).Elem()
	keys := map[string]any{}
	for i := range v.NumField() {
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" && name != "units" {
			keys[name] = v.Field(i).Addr().Interface()
		}
	}
	return keys
}

// walker steps through the structure of a JSON document: the top-level object's
// keys, and where each value (each unit of the units list) starts and ends. It
// checks no value itself: decodeStrict does, so that every byte of the document
// is checked once, by encoding/json or by the walker.
type walker struct {
	data []byte
	i    int
}

// space skips white space.
func (w *walker) space() {
	for w.i < len(w.data) {
		switch w.data[w.i] {
		case ' ', '\t', '\n', '\r':
			w.i++
		default:
			return
		}
	}
}

// next skips white space and, when the next byte is c, that byte too.
func (w *walker) next(c byte) bool {
	w.space()
	if w.i < len(w.data) && w.data[w.i] == c {
		w.i++
		return true
	}
	return false
}

// key reads an object key and the colon after it.
func (w *walker) key() (string, bool) {
	w.space()
	start := w.i
	if !w.next('"') || !w.skipString() {
		return "", false
	}
	var k string
	if json.Unmarshal(w.data[start:w.i], &k) != nil || !w.next(':') {
		return "", false
	}
	return k, true
}

// skipString moves past the rest of a string whose opening quote was read.
func (w *walker) skipString() bool {
	for w.i < len(w.data) {
		switch w.data[w.i] {
		case '\\':
			w.i += 2
		case '"':
			w.i++
			return true
		default:
			w.i++
		}
	}
	return false
}

// value moves past the next value and returns where it lies, white space
// trimmed: strings are skipped whole, brackets counted, nothing else checked.
func (w *walker) value() (start, end int, ok bool) {
	w.space()
	start = w.i
	depth := 0
	for w.i < len(w.data) {
		switch w.data[w.i] {
		case '"':
			w.i++
			if !w.skipString() {
				return 0, 0, false
			}
			if depth == 0 {
				return start, w.i, true
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return start, w.i, w.i > start
			}
			if depth--; depth == 0 {
				w.i++
				return start, w.i, true
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return start, w.i, w.i > start
			}
		}
		w.i++
	}
	return start, w.i, depth == 0 && w.i > start
}

// decodeResultsJSON decodes data into res as encoding/json would with unknown
// fields disallowed, but with the top-level keys matched exactly and never
// repeated, and the units decoded each from its own bytes, in parallel.
func decodeResultsJSON(data []byte, res *Results) error {
	w := &walker{data: data}
	if !w.next('{') {
		return structureFault(data, w.i, "应以 { 开始（一个 JSON 对象）")
	}
	keys := resultsKeys(res)
	seen := map[string]bool{}
	var units [][2]int
	for more := !w.next('}'); more; more = !w.next('}') {
		if len(seen) > 0 && !w.next(',') {
			return structureFault(data, w.i, "JSON 对象没有正常结束")
		}
		w.space()
		keyAt := int64(w.i)
		key, ok := w.key()
		if !ok {
			return structureFault(data, w.i, "JSON 对象没有正常结束")
		}
		if seen[key] {
			return notResults("%s：键 %q 出现了两次", lineCol(data, keyAt), key)
		}
		seen[key] = true
		p, known := keys[key]
		if !known && key != "units" {
			return notResults("%s：%s", lineCol(data, keyAt), unknownKey(strconv.Quote(key)))
		}
		if key == "units" {
			if w.space(); bytes.HasPrefix(data[w.i:], []byte("null")) {
				w.i += len("null")
				continue
			}
			if !w.next('[') {
				return notResults("%s：\"units\" 应是列表", lineCol(data, int64(w.i)))
			}
			units = [][2]int{}
			for more := !w.next(']'); more; more = !w.next(']') {
				if len(units) > 0 && !w.next(',') {
					return structureFault(data, w.i, "units 列表没有正常结束")
				}
				start, end, ok := w.value()
				if !ok {
					return structureFault(data, w.i, "units 列表没有正常结束")
				}
				units = append(units, [2]int{start, end})
			}
			continue
		}
		start, end, ok := w.value()
		if !ok {
			return structureFault(data, w.i, "缺少 "+strconv.Quote(key)+" 的值")
		}
		if err := decodeStrict(data, start, end, "", key, p); err != nil {
			return err
		}
	}
	if w.space(); w.i < len(data) {
		return notResults("%s：JSON 对象结束后还有多余的内容", lineCol(data, int64(w.i)))
	}
	if units == nil {
		return nil // "units": null, or absent
	}
	res.Units = make([]UnitResult, len(units))
	errs := make([]error, len(units))
	parallelFor(len(units), func(i int) {
		errs[i] = decodeStrict(data, units[i][0], units[i][1], unitAt(i), "", &res.Units[i])
	})
	for _, err := range errs { // the first by index: the same whatever the scheduling
		if err != nil {
			return err
		}
	}
	return nil
}

// structureFault is the fault of a document whose structure the walker could not
// follow at byte off: encoding/json's own error when it finds one (the whole
// document scanned again: its offsets are then exact), else what.
func structureFault(data []byte, off int, what string) error {
	if err := json.Unmarshal(data, new(json.RawMessage)); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) && se.Offset >= int64(len(data)) {
			err = io.ErrUnexpectedEOF // "unexpected end of JSON input"
		}
		return notResults("%s", jsonErrorText(data, err))
	}
	return notResults("%s：%s", lineCol(data, int64(off)), what)
}

// decodeStrict decodes data[start:end] into p with unknown fields disallowed; the
// bytes must hold that one value. at names the unit they are (unitAt) or "", key
// the top-level key whose value they are or "".
func decodeStrict(data []byte, start, end int, at, key string, p any) error {
	dec := json.NewDecoder(bytes.NewReader(data[start:end]))
	dec.DisallowUnknownFields()
	err := dec.Decode(p)
	if err == nil {
		if _, err := dec.Token(); !errors.Is(err, io.EOF) {
			return structureFault(data, start, "值之后还有多余的内容")
		}
		return nil
	}
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te):
		// offsets and field paths are the value's: make them the document's
		e := *te
		e.Offset += int64(start)
		e.Field = strings.Trim(key+"."+e.Field, ".")
		err = &e
	case errors.As(err, new(*json.SyntaxError)) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return structureFault(data, start, "JSON 格式错误")
	}
	if at != "" {
		return notResults("%s：%s", at, jsonErrorText(data, err))
	}
	return notResults("%s", jsonErrorText(data, err))
}

// lineCol is "第 L 行第 C 列" of data[off] (1-based, in bytes).
func lineCol(data []byte, off int64) string {
	off = max(0, min(off, int64(len(data))))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	return fmt.Sprintf("第 %d 行第 %d 列", line, col)
}

// jsonErrorText says in Chinese what encoding/json refused, with the line and
// column when the error has an offset: 第 3 行第 14 列：…
func jsonErrorText(data []byte, err error) string {
	var off int64 = -1
	var what string
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
		what = "JSON 格式错误"
		if c, ok := strings.CutPrefix(se.Error(), "invalid character "); ok {
			if q, _, ok := strings.Cut(c, " "); ok {
				if r, err := strconv.Unquote(q); err == nil {
					q = strconv.Quote(r)
				}
				what = "这里不应出现字符 " + q
				off-- // the offset is just after the character
			}
		}
	case errors.As(err, &te):
		off = te.Offset
		what = fmt.Sprintf("%q 的值类型不对（这里是%s）", te.Field, jsonKind(te.Value))
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "文件在中途结束（可能没有写完或被截断）"
	default:
		if k, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return unknownKey(k)
		}
		return fmt.Sprintf("JSON 无法读取：%q", err.Error())
	}
	if off < 0 || off > int64(len(data)) {
		return what
	}
	return lineCol(data, off) + "：" + what
}

// unknownKey says a key (quoted) is not one of results.json's.
func unknownKey(quoted string) string {
	return "有不认识的键 " + quoted + "（可能是别的程序或更新版本的 dteval 写出的文件）"
}

// jsonKind names a JSON value kind as encoding/json's UnmarshalTypeError gives it.
func jsonKind(v string) string {
	switch v {
	case "string":
		return "文字"
	case "number":
		return "数字"
	case "bool":
		return "是非值"
	case "array":
		return "列表"
	case "object":
		return "对象"
	}
	if strings.HasPrefix(v, "number") {
		return "数字 " + strings.TrimPrefix(v, "number ")
	}
	return v
}

// ReadFindingsFile reads internal/findings.json (a JSON array of findings, as
// WriteFindingsJSON writes it; at most 256 MiB).
func ReadFindingsFile(path string) (Findings, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return nil, ReadError("检查结果文件", path, err)
	}
	defer f.Close()
	var fs Findings
	dec := json.NewDecoder(io.LimitReader(f, 256<<20))
	if err := dec.Decode(&fs); err != nil {
		return nil, ReadError("检查结果文件", path, fmt.Errorf("不是 dteval 写出的检查结果（%s）：请重新运行 dteval run，或删去这个文件", jsonErrorText(nil, err)))
	}
	return fs, nil
}
