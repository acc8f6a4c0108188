package evaluator

import (
	"context"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// scoreAllowingErrors is the score/run pipeline with -allow-errors: validate the
// whole set, then score whatever the findings.
func scoreAllowingErrors(t *testing.T, fw *Framework, raws []*RawSubmission) (*Results, Findings) {
	t.Helper()
	ds, fs, _ := ValidateAll(context.Background(), fw, raws, ValidateOptions{Scope: ScopeSet})
	res, err := Score(fw, ds, ScoreOptions{Date: "2026-03-01", Findings: fs, NoSensitivity: true})
	if err != nil {
		t.Fatalf("score: %v", err)
	}
	return res, fs
}

func unitResult(res *Results, id string) *UnitResult {
	for i := range res.Units {
		if res.Units[i].ID == id {
			return &res.Units[i]
		}
	}
	return nil
}

func cleanSet(fw *Framework, edits map[string]func(*RawRow)) []*RawSubmission {
	var raws []*RawSubmission
	for _, u := range fw.Units {
		raws = append(raws, rawBook(fw, u.ID, edits[u.ID]))
	}
	return raws
}

// The cases of issue 13 item 1: an out-of-range value (150 where the maximum is
// 100) scored 100 and ranked first; likewise a percent given as a fraction and the
// two sides of a failed check.
func TestFaultyValuesNeverScored(t *testing.T) {
	fw := valFramework(t)
	raws := cleanSet(fw, map[string]func(*RawRow){
		"a": setField("cloud_rate", "150"),   // value-out-of-range (max 100)
		"b": setField("cloud_rate", "0.35"),  // value-percent-scale (no percent format, no note)
		"c": setField("online_items", "500"), // check-failed: online_items <= gov_items (400)
	})
	res, fs := scoreAllowingErrors(t, fw, raws)
	codes := fs.ByCode()
	for _, c := range []string{CodeValueOutOfRange, CodeValuePercentScale, CodeCheckFailed} {
		if codes[c] != 1 {
			t.Fatalf("want one %s, got findings %v", c, fs)
		}
	}
	for _, tc := range []struct {
		unit, code string
		fields     []string
		indicators []string
	}{
		{"a", CodeValueOutOfRange, []string{"cloud_rate"}, []string{"cloud_rate"}},
		{"b", CodeValuePercentScale, []string{"cloud_rate"}, []string{"cloud_rate"}},
		{"c", CodeCheckFailed, []string{"online_items", "gov_items"}, []string{"online_rate", "per_cap"}},
	} {
		u := unitResult(res, tc.unit)
		if u == nil {
			t.Fatalf("unit %s not scored", tc.unit)
		}
		for _, f := range tc.fields {
			if v, ok := u.Fields[f]; !ok || v != nil {
				t.Errorf("unit %s: fields.%s = %v, want null (dropped)", tc.unit, f, v)
			}
		}
		for _, id := range tc.indicators {
			ir := u.Indicators[id]
			if !ir.Missing || ir.Raw != nil || ir.Value != nil || ir.Score != 0 || ir.Error != tc.code {
				t.Errorf("unit %s indicator %s = %+v, want missing with error %s and score 0", tc.unit, id, ir, tc.code)
			}
		}
	}
	// The clean units keep their values.
	if d := unitResult(res, "d"); d.Fields["cloud_rate"] != 85.0 || d.Indicators["cloud_rate"].Error != "" {
		t.Errorf("clean unit d: %v %+v", d.Fields["cloud_rate"], d.Indicators["cloud_rate"])
	}
}

// A submission-level error (template, unit, year, duplicate) makes the unit 未提交.
func TestSubmissionLevelErrorNotScored(t *testing.T) {
	fw := valFramework(t)
	raws := cleanSet(fw, nil)
	raws[0].Year = "2024"               // a: year-mismatch
	raws[1].FrameworkVersion = "2024.1" // b: template-mismatch
	dup := rawBook(fw, "c", nil)        // c: two workbooks
	dup.File, dup.SHA256 = "c-final.xlsx", "sha-c2"
	raws = append(raws, dup)
	res, fs := scoreAllowingErrors(t, fw, raws)
	if fs.Errors() == 0 {
		t.Fatal("want errors")
	}
	for _, id := range []string{"a", "b", "c"} {
		if !slices.Contains(res.NotSubmitted, id) || unitResult(res, id) != nil {
			t.Errorf("unit %s: want 未提交 (not_submitted %v)", id, res.NotSubmitted)
		}
	}
	if unitResult(res, "d") == nil {
		t.Errorf("unit d should be scored")
	}
}

// A property: for random error injections, no erroneous value ever appears as a
// scored value or in fields.
func TestPropertyFaultyNeverScored(t *testing.T) {
	fw := valFramework(t)
	bad := map[string][]string{
		"population":   {"2500", "-3", "约100", "#DIV/0!", "1e400"},
		"online_items": {"12.5", "-1", "三百", "9999"}, // 9999 > gov_items: check-failed
		"gov_items":    {"0", "1.5", "abc", "1"},     // 1 < online_items: check-failed
		"cloud_rate":   {"150", "0.35", "-5", "很高"},
		"cdo":          {"可能", "5"},
		"plan_grade":   {"Z", "优"},
		"agri_rate":    {"101", "0.2", "无"},
		"infra_plan":   {"也许"},
	}
	ids := make([]string, 0, len(bad))
	for _, r := range cleanRows {
		if len(bad[r.id]) > 0 {
			ids = append(ids, r.id)
		}
	}
	rng := rand.New(rand.NewPCG(13, 13))
	for iter := 0; iter < 300; iter++ {
		edits := map[string]func(*RawRow){}
		type inj struct{ field, text string }
		injected := map[string][]inj{}
		for _, u := range fw.Units {
			n := rng.IntN(3)
			for k := 0; k < n; k++ {
				f := ids[rng.IntN(len(ids))]
				injected[u.ID] = append(injected[u.ID], inj{f, bad[f][rng.IntN(len(bad[f]))]})
			}
			list := injected[u.ID]
			noEvidence := rng.IntN(8) == 0
			edits[u.ID] = func(r *RawRow) {
				for _, x := range list {
					if r.Field == x.field {
						r.Value.Text, r.Value.PercentFormat = x.text, false
					}
				}
				if noEvidence && r.Field == "cdo" {
					r.Evidence.Text = "" // evidence-missing
				}
			}
		}
		raws := cleanSet(fw, edits)
		if rng.IntN(6) == 0 {
			raws[rng.IntN(len(raws))].Year = "2024"
		}
		res, fs := scoreAllowingErrors(t, fw, raws)
		for _, f := range fs {
			if f.Severity != SevError || f.Unit == "" {
				continue
			}
			u := unitResult(res, f.Unit)
			if SubmissionLevel(f.Code) {
				if u != nil {
					t.Fatalf("iter %d: unit %s scored despite %s", iter, f.Unit, f.Code)
				}
				continue
			}
			if u == nil {
				continue
			}
			fields := []string{f.Field}
			if f.Code == CodeCheckFailed {
				fields = fw.Checks[0].Expr.Fields
			}
			for _, id := range fields {
				if v := u.Fields[id]; v != nil {
					t.Fatalf("iter %d: unit %s field %s = %v in fields despite %s (%s)", iter, f.Unit, id, v, f.Code, f.Message)
				}
				fw.Walk(func(n *Node) {
					if n.Kind != KindIndicator || !slices.Contains(fieldsRead(n), id) {
						return
					}
					ir := u.Indicators[n.ID]
					if ir.NA {
						return
					}
					if ir.Raw != nil || ir.Value != nil || ir.Score != 0 || (!ir.Missing) {
						t.Fatalf("iter %d: unit %s indicator %s scored from faulty %s (%s): %+v", iter, f.Unit, n.ID, id, f.Code, ir)
					}
				})
			}
		}
	}
}

// One unit repeated n times in a table gives one unit-duplicate of bounded length,
// and the work grows linearly: bytes allocated at 10·n are about 10× those at n,
// not 100× (issue 13 item 9: 10,000 repeats took 50 s and 4.3 GB).
func TestUnitDuplicateLinear(t *testing.T) {
	fw := valFramework(t)
	rows := func(n int) []*RawSubmission {
		out := make([]*RawSubmission, n)
		for i := range out {
			out[i] = &RawSubmission{Kind: "table", File: "t.csv", Unit: "a",
				UnitCell: Provenance{File: "t.csv", Cell: "A" + strconv.Itoa(i+2)}}
		}
		return out
	}
	measure := func(raws []*RawSubmission) (uint64, Findings) {
		var a, b runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&a)
		fs := unitDuplicates(fw, raws)
		runtime.ReadMemStats(&b)
		return b.TotalAlloc - a.TotalAlloc, fs
	}
	small, large := rows(1000), rows(10000)
	b1, fs1 := measure(small)
	b10, fs10 := measure(large)
	if len(fs1) != 1 || len(fs10) != 1 {
		t.Fatalf("want one unit-duplicate per duplicated unit, got %d and %d", len(fs1), len(fs10))
	}
	if len(fs10[0].Message) > 400 || !strings.Contains(fs10[0].Message, "10000 次") {
		t.Errorf("message not bounded or count missing: %q", fs10[0].Message)
	}
	if ratio := float64(b10) / float64(max(b1, 1)); ratio > 30 {
		t.Errorf("bytes allocated grew %.1f× for 10× the rows (%d → %d): not linear", ratio, b1, b10)
	}
}
