package evaluator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func sampleResults(t *testing.T) *Results {
	fw := testFramework(t, threeUnits, numFields("x", "y"),
		"  sensitivity: {runs: 20, seed: 7}\n", `
    - id: g
      name: G
      children:
        - {id: x, name: X, normalize: minmax}
    - {id: y, name: Y, normalize: none, applies_to: [县级市]}
`)
	ds := testDataset(map[string]map[string]any{"a": {"x": 1.0 / 3, "y": 5}, "c": {"x": 0.1, "y": 7}})
	ds.Inputs = []Input{{Unit: "c", File: "c.xlsx", SHA256: "cc"}, {Unit: "a", File: "a.xlsx", SHA256: "aa"}}
	res := mustScore(t, fw, ds, ScoreOptions{Date: "2026-03-01", Tool: ToolRef{Name: "dteval", Version: "test"},
		Findings: Findings{{Severity: SevError, Code: CodeValueRequired}, {Severity: SevWarning, Code: CodeValueCoerced}}})
	return res
}

func TestResultsRoundTrip(t *testing.T) {
	res := sampleResults(t)
	var buf bytes.Buffer
	if err := WriteResults(&buf, res); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	// full precision: 1/3 is written with all its digits
	if !strings.Contains(out, "0.3333333333333333") {
		t.Error("raw value not at full precision")
	}
	// inputs in unit order; not_submitted and adjustments present as lists
	if strings.Index(out, `"aa"`) > strings.Index(out, `"cc"`) {
		t.Error("inputs not in unit order")
	}
	// never a file name (SPEC §10)
	if strings.Contains(out, `"file"`) || strings.Contains(out, ".xlsx") {
		t.Error("results.json names input files")
	}
	for _, key := range []string{`"not_submitted": [`, `"adjustments": []`, `"nodes": {`, `"dti": {`, `"g": {`, `"mean_abs_rank_shift"`, `"by_code": {`} {
		if !strings.Contains(out, key) {
			t.Errorf("results.json lacks %s", key)
		}
	}
	if res.Findings.Error != 1 || res.Findings.Warning != 1 {
		t.Errorf("finding counts %+v", res.Findings)
	}
	back, err := ReadResults(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	res.AllFindings = nil
	for i := range res.Inputs {
		res.Inputs[i].File = "" // not written
	}
	if !reflect.DeepEqual(back, res) {
		t.Errorf("round trip differs:\n%+v\n%+v", back, res)
	}
	// byte-identical when written twice
	var again bytes.Buffer
	if err := WriteResults(&again, back); err != nil || !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Error("writing is not deterministic")
	}
}

func TestReadResultsStrict(t *testing.T) {
	res := sampleResults(t)
	var buf bytes.Buffer
	if err := WriteResults(&buf, res); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	tests := []struct {
		name, src, want string
	}{
		{"not json", "hello", `第 1 行第 1 列：这里不应出现字符 "h"`},
		{"unknown key", strings.Replace(good, `"year":`, `"yaer": 1, "year":`, 1), `不认识的键 "yaer"`},
		{"wrong schema", strings.Replace(good, ResultsSchema, "dteval/results/v0", 1), `格式标识 "schema" 是 "dteval/results/v0"`},
		{"trailing data", good + "{}", "JSON 对象结束后还有多余的内容"},
		{"wrong type", strings.Replace(good, `"year": 2025`, `"year": "2025"`, 1), `第 9 行第 17 列："year" 的值类型不对（这里是文字）`},
		{"duplicate unit", strings.Replace(good, `"id": "c"`, `"id": "a"`, 1), `单位 "a" 出现了两次`},
		{"field object", strings.Replace(good, `"fields": {`, `"fields": {"zz": {"a": 1},`, 1), `"fields.zz" 既不是数字`},
		{"no framework", strings.Replace(good, `"id": "t"`, `"id": ""`, 1), `"framework.id" 是空的`},
		{"truncated", good[:len(good)/2], "文件在中途结束"},
		{"no year", strings.Replace(good, `"year": 2025`, `"year": 0`, 1), `缺少评估年度 "year"`},
		{"repeated key", strings.Replace(good, `"year":`, `"date": "x", "year":`, 1), `第 10 行第 3 列：键 "date" 出现了两次`},
		{"units not a list", strings.Replace(good, `"units": [`, `"units": 5, "x": [`, 1), `"units" 应是列表`},
		{"unit field wrong type", strings.Replace(good, `"rank": 1,`, `"rank": "1",`, 1), `"units" 第 1 项：第 32 行第 18 列："rank" 的值类型不对（这里是文字）`},
		{"unknown unit key", strings.Replace(good, `"rank": 1,`, `"rank": 1, "rnak": 1,`, 1), `"units" 第 1 项：有不认识的键 "rnak"`},
		{"unit syntax", strings.Replace(good, `"rank": 1,`, `"rank": 1,,`, 1), `第 32 行第 17 列：这里不应出现字符 ","`},
		{"an array", "[]", "应以 { 开始"},
		{"case of a key", strings.Replace(good, `"year":`, `"Year":`, 1), `有不认识的键 "Year"`},
		{"value missing", strings.Replace(good, `"year": 2025`, `"year": `, 1), `这里不应出现字符 ","`},
		{"two values", strings.Replace(good, `"year": 2025`, `"year": 2025 2026`, 1), `这里不应出现字符 "2"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadResults(strings.NewReader(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to mention %q", err, tt.want)
			}
			if err != nil {
				checkChineseError(t, err.Error())
			}
		})
	}
	// size cap (lowered here: the real one is 256 MiB): the reader's, and the
	// file's (refused by its size, unread)
	restore := SetMaxResultsSize(int64(len(good)))
	if _, err := ReadResults(strings.NewReader(good + " ")); err == nil || !strings.Contains(err.Error(), "文件超过 0 MiB 的上限") {
		t.Errorf("oversized: %v", err)
	}
	if _, err := ReadResults(io.MultiReader(strings.NewReader(good), strings.NewReader(" "))); err == nil || !strings.Contains(err.Error(), "的上限") {
		t.Errorf("oversized, size unknown: %v", err)
	}
	if _, err := ReadResults(strings.NewReader(good)); err != nil {
		t.Errorf("at the cap: %v", err)
	}
	restore()
	path := filepath.Join(t.TempDir(), "results.json")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, 1<<40); err != nil { // sparse: no terabyte is written or read
		t.Fatal(err)
	}
	if _, err := ReadResultsFile(path); err == nil || !strings.Contains(err.Error(), "无法读取评估结果文件 "+path+"：文件超过 256 MiB 的上限") {
		t.Errorf("oversized file: %v", err)
	}
}

// checkChineseError fails when an error text has an English word (englishIn).
func checkChineseError(t *testing.T, msg string) {
	t.Helper()
	if w := englishIn(msg); w != "" {
		t.Errorf("English word %q in %q", w, msg)
	}
}

// englishIn is the first English word of msg outside double quotes (which quote
// keys, values and library text back), file names and the tokens a Chinese
// message may carry (dteval and its commands, JSON, YAML, MiB); "" when none.
func englishIn(msg string) string {
	plain := regexp.MustCompile(`"[^"]*"|[^\s（）：，；]*\.(json|yaml|xlsx|csv)|dteval( [a-z]+)?|JSON|YAML|MiB`).ReplaceAllString(msg, "")
	return regexp.MustCompile(`[A-Za-z]{2,}`).FindString(plain)
}

func TestWriteResultsRejectsNaN(t *testing.T) {
	r := &Results{Schema: ResultsSchema, Units: []UnitResult{{ID: "a", Score: math.NaN()}}}
	if err := WriteResults(&bytes.Buffer{}, r); err == nil {
		t.Error("NaN written")
	}
}

func TestResultsFieldsJSON(t *testing.T) {
	res := sampleResults(t)
	var buf bytes.Buffer
	if err := WriteResults(&buf, res); err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	u := raw["units"].([]any)[0].(map[string]any)
	if u["id"] != "a" || u["fields"].(map[string]any)["y"] != 5.0 {
		t.Errorf("unit a: %v", u)
	}
	// y is 不适用 for a (区): its indicator says so, and the score is not shown as a rank
	y := u["indicators"].(map[string]any)["y"].(map[string]any)
	if y["na"] != true || y["rank"] != 0.0 {
		t.Errorf("a.y = %v", y)
	}
}

// TestWriteResultsStreamed: the unit-by-unit writer gives the bytes of encoding the
// whole document at once.
func TestWriteResultsStreamed(t *testing.T) {
	whole := func(r *Results) []byte { return encodeWhole(t, r) }
	one := sampleResults(t)
	one.Units = one.Units[:1]
	html := sampleResults(t)
	html.Units[0].Name = `<江阴&"市">` + "\n"
	for name, r := range map[string]*Results{"sample": sampleResults(t), "one unit": one, "no units": {Schema: ResultsSchema},
		"escapes": html} {
		var got bytes.Buffer
		if err := WriteResults(&got, r); err != nil {
			t.Fatal(err)
		}
		if want := whole(r); !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: streamed results.json differs:\n%s\nwant\n%s", name, got.Bytes(), want)
		}
	}
}

// TestWriteResultsRandom: the unit-by-unit writer gives the bytes of encoding/json
// (the whole document at once) on random results: floats of every magnitude (e-notation
// below 1e-6 and from 1e21, -0), texts and keys needing escapes, every kind of
// field value.
func TestWriteResultsRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	floats := []float64{0, math.Copysign(0, -1), 1e-7, -3.5e-9, 1e21, 2.5e22, 1e20, 0.1, 100, 59.995, 1.0 / 3, -42, 1e-6, 123456789.125}
	texts := []string{"A", "是", "否", `q"uote`, `back\\slash`, "tab\tnew\nline", "\x01\x1f", "<&>", "\u2028\u2029", "bad\xffutf8", "不适用"}
	f := func() float64 {
		if rng.IntN(3) == 0 {
			return floats[rng.IntN(len(floats))]
		}
		return (rng.Float64() - 0.5) * math.Pow(10, float64(rng.IntN(30)-10))
	}
	res := &Results{Schema: ResultsSchema, Year: 2025}
	for u := 0; u < 30; u++ {
		ur := UnitResult{ID: fmt.Sprintf("u%d", u), Name: texts[rng.IntN(len(texts))], Score: f(),
			Nodes: map[string]NodeResult{"dti": {Score: f(), Rank: 1}}, Indicators: map[string]IndicatorResult{}, Fields: map[string]any{}}
		for k := 0; k < rng.IntN(12); k++ {
			ir := IndicatorResult{Score: f(), Rank: rng.IntN(50), Missing: rng.IntN(2) == 0, Imputed: rng.IntN(2) == 0,
				Treated: rng.IntN(2) == 0, NA: rng.IntN(3) == 0, Dropped: rng.IntN(3) == 0}
			if rng.IntN(3) > 0 {
				ir.Raw = ptr(f())
			}
			if rng.IntN(3) > 0 {
				ir.Value = ptr(f())
			}
			if rng.IntN(3) == 0 {
				ir.Text = texts[rng.IntN(len(texts))]
			}
			key := fmt.Sprintf("i%02d", rng.IntN(40))
			if rng.IntN(8) == 0 {
				key = texts[rng.IntN(len(texts))]
			}
			ur.Indicators[key] = ir
		}
		for k := 0; k < rng.IntN(12); k++ {
			var v any
			switch rng.IntN(5) {
			case 0:
				v = nil
			case 1:
				v = texts[rng.IntN(len(texts))]
			case 2:
				v = true
			case 3:
				v = []any{1.5, "x"}
			default:
				v = f()
			}
			ur.Fields[fmt.Sprintf("f%02d", rng.IntN(40))] = v
		}
		res.Units = append(res.Units, ur)
	}
	var got bytes.Buffer
	if err := WriteResults(&got, res); err != nil {
		t.Fatal(err)
	}
	if want := encodeWhole(t, res); !bytes.Equal(got.Bytes(), want) {
		g, w := got.String(), string(want)
		i := 0
		for i < len(g) && i < len(w) && g[i] == w[i] {
			i++
		}
		t.Fatalf("streamed results.json differs at byte %d:\n got …%q…\nwant …%q…", i, g[max(0, i-80):min(len(g), i+80)], w[max(0, i-80):min(len(w), i+80)])
	}
	// a NaN is refused, as encoding/json refuses it
	res.Units[0].Indicators["nan"] = IndicatorResult{Score: math.NaN()}
	if err := WriteResults(&bytes.Buffer{}, res); err == nil {
		t.Error("NaN score written")
	}
}

// encodeWhole is results.json as encoding/json writes the whole document at once:
// what WriteResults must give, byte for byte.
func encodeWhole(t testing.TB, r *Results) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	c := jsonReady(r)
	if err := enc.Encode(&c); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
