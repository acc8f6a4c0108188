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

// ReadResultsFile reads a results.json file with ReadResults; errors start with the path.
func ReadResultsFile(path string) (*Results, error) {
	f, err := OpenRegular(path)
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
