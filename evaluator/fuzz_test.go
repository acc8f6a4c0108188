package evaluator

import (
	"math"
	"os"
	"testing"
)

// FuzzLoad: the loader never panics or hangs, whatever the bytes; it either loads a
// framework whose 分值 are finite, or returns an error.
func FuzzLoad(f *testing.F) {
	small, _ := os.ReadFile("testdata/small.yaml")
	f.Add(small)
	// The 40 KB Wuxi frameworks are not seeds: minimising an interesting mutation of
	// them takes the fuzzer minutes. TestLoadEmbedded covers them.
	f.Add([]byte("schema: dteval/framework/v1\n---\nx: 1\n"))
	f.Add([]byte("a: &a [*a, *a]\n"))
	f.Add([]byte("index: {id: r, name: r, children: [{id: x, name: x, normalize: {method: ladder, steps: [{min: 1, score: 2}]}}]}"))
	f.Fuzz(func(t *testing.T, src []byte) {
		fw, err := LoadBytes("fuzz.yaml", src)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		for _, l := range fw.Leaves() {
			if l.Points != l.Points { // NaN
				t.Fatalf("NaN points for %s", l.ID)
			}
		}
	})
}

// FuzzExpr: parsing and evaluating never panics; evaluation is finite or says why not.
func FuzzExpr(f *testing.F) {
	for _, s := range []string{"a + b * 2", "min(a, prev(b)) / (c - 1)", "a // b", "-(-a)", "prev(a)", "1e309", "a[0]", "f(x)(y)"} {
		f.Add(s)
	}
	env := MapEnv{Cur: map[string]float64{"a": 1, "b": 2, "c": 1}, Last: map[string]float64{"b": 3}}
	f.Fuzz(func(t *testing.T, src string) {
		for _, rule := range []bool{false, true} {
			e, err := parseExpr(src, rule)
			if err != nil {
				if _, ok := err.(*ExprError); !ok {
					t.Fatalf("error %T, want *ExprError", err)
				}
				continue
			}
			if rule {
				e.Holds(env)
				continue
			}
			v, st := e.Eval(env)
			if st == EvalOK && (math.IsNaN(v) || math.IsInf(v, 0)) {
				t.Fatalf("%q = %v with status OK", src, v)
			}
		}
	})
}
