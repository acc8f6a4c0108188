package evaluator

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"
)

// ReadResults never panics, and what it accepts writes back and reads again.
func FuzzReadResults(f *testing.F) {
	f.Add([]byte(`{"schema":"dteval/results/v1","framework":{"id":"t"},"year":2025,"units":[{"id":"a","score":1,"fields":{"x":1,"y":"是","z":null}}]}`))
	f.Add([]byte(`{"schema":"dteval/results/v1"}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(" {\"schema\" : \"dteval/results/v1\" ,\"framework\":{\"id\":\"t\"},\"year\":2025,\"units\": [ {\"id\":\"a\",\"score\":1,\"fields\":{\"x\":\"}\\\"]\"}} , {\"id\":\"b\",\"score\":2}\t] } \n"))
	f.Add([]byte(`{"schema":"dteval/results/v1","framework":{"id":"t"},"year":2025,"units":null}`))
	f.Add([]byte(`{"schema":"dteval/results/v1","framework":{"id":"t"},"year":1,"units":[{"id":"a","score":1e308}]} {}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ReadResults(bytes.NewReader(data))
		if err != nil {
			return
		}
		// what the walker and the per-unit decoding accept, encoding/json accepts
		// whole, with the same outcome
		var whole Results
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&whole); err != nil {
			t.Fatalf("accepted, but encoding/json says %v", err)
		}
		if _, err := dec.Token(); err != io.EOF {
			t.Fatalf("accepted, but encoding/json finds more after the object: %v", err)
		}
		if !reflect.DeepEqual(&whole, res) {
			t.Fatalf("decoded differently from encoding/json:\n%+v\n%+v", res, &whole)
		}
		var buf bytes.Buffer
		if err := WriteResults(&buf, res); err != nil {
			t.Fatalf("accepted results do not write back: %v", err)
		}
		// the streamed document is encoding/json's
		if want := encodeWhole(t, res); !bytes.Equal(buf.Bytes(), want) {
			t.Fatalf("WriteResults differs from encoding/json:\n%s\nwant\n%s", buf.Bytes(), want)
		}
		if _, err := ReadResults(&buf); err != nil {
			t.Fatalf("written results do not read back: %v", err)
		}
	})
}

// ReadAdjustments never panics and every error it returns is positioned.
func FuzzReadAdjustments(f *testing.F) {
	fw := testFramework(f, threeUnits, numFields("x")+"  - {id: ok, name: 是否, type: boolean}\n", "",
		"    - {id: x, name: X, normalize: minmax}\n")
	f.Add("adjustments:\n  - {unit: a, field: x, value: 1, reason: r}\n")
	f.Add("adjustments:\n  - {unit: a, field: ok, value: yes, reason: r, date: 2026-01-01}\n")
	f.Add("adjustments: &a [*a]\n")
	f.Add("schema: 1\nadjustments: {}\n")
	f.Add("adjustments:\n  - {unit: a, field: x, value: [1], reason: r}\n")
	f.Fuzz(func(t *testing.T, src string) {
		adjs, err := ReadAdjustments(fw, "adj.yaml", []byte(src))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "adj.yaml:") {
				t.Fatalf("error without position: %v", err)
			}
			return
		}
		ds := &Dataset{}
		if err := ApplyAdjustments(fw, ds, adjs, "adj.yaml"); err != nil {
			t.Fatalf("accepted adjustments do not apply: %v", err)
		}
	})
}
