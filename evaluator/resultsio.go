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
	"strconv"
	"strings"
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
	if fi, err := f.Stat(); err == nil && fi.Size() > MaxResultsSize {
		return fail(errResultsTooLarge)
	}
	h := sha256.New()
	r, err := ReadResults(io.TeeReader(f, h))
	if err != nil {
		return fail(err)
	}
	r.SourceSHA256 = hex.EncodeToString(h.Sum(nil))
	return r, nil
}

var errResultsTooLarge = fmt.Errorf("文件超过 %d MiB 的上限，不是 dteval 写出的 results.json：请给出 dteval run 或 dteval score 写出的 results.json", MaxResultsSize>>20)

// notResults says a file is no results.json, and what to give instead.
func notResults(format string, args ...any) error {
	return fmt.Errorf("不是 dteval 写出的 results.json：%s；请给出 dteval run 或 dteval score 写出的 results.json", fmt.Sprintf(format, args...))
}

// ReadResults reads results.json strictly: at most MaxResultsSize bytes, one JSON
// object with no unknown keys and nothing after it, schema dteval/results/v1, and
// contents that make sense (unique unit ids, finite scores, field values that are
// numbers, strings or null). Its errors are Chinese and say where the fault is.
func ReadResults(r io.Reader) (*Results, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxResultsSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxResultsSize {
		return nil, errResultsTooLarge
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var res Results
	if err := dec.Decode(&res); err != nil {
		return nil, notResults("%s", jsonErrorText(data, err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, notResults("JSON 对象结束后还有多余的内容")
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
		at := fmt.Sprintf("\"units\" 第 %d 项", i+1)
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
			return "有不认识的键 " + k + "（可能是别的程序或更新版本的 dteval 写出的文件）"
		}
		return fmt.Sprintf("JSON 无法读取：%q", err.Error())
	}
	if off < 0 || off > int64(len(data)) {
		return what
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	return fmt.Sprintf("第 %d 行第 %d 列：%s", line, col, what)
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
