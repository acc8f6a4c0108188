package evaluator

import (
	"math"
	"strings"
	"testing"
)

// The UNDP Human Development Index: the geometric mean of goalpost indices (health,
// education, income on log10). SPEC §5.5: any method may sit under a geometric group;
// a child at exactly 0 makes the group 0 with a score-zero-geometric warning.
const hdiIndex = `    - {id: le, name: 预期寿命指数, normalize: {method: goalpost, lo: 20, hi: 85}}
    - {id: edu, name: 受教育年限指数, normalize: {method: goalpost, lo: 0, hi: 15}}
    - {id: gni, name: 人均收入指数, normalize: {method: goalpost, lo: 100, hi: 75000, log: true}}
`

func hdiFramework(t *testing.T, leMin string) *Framework {
	t.Helper()
	fields := "  - {id: le, name: 预期寿命, type: number, min: " + leMin + "}\n" +
		"  - {id: edu, name: 受教育年限, type: number}\n" +
		"  - {id: gni, name: 人均收入, type: number, min: 100}\n"
	return testFramework(t, threeUnits, fields, "  aggregate: geometric\n  sensitivity: {runs: 0}\n", hdiIndex)
}

func TestScoreGeometricGoalposts(t *testing.T) {
	fw := hdiFramework(t, "0")
	ds := testDataset(map[string]map[string]any{
		"a": {"le": 72.5, "edu": 12, "gni": 10000},
		"b": {"le": 20, "edu": 15, "gni": 75000}, // at the lower goalpost of health
		"c": {"le": 60, "edu": 15, "gni": 80000}, // above the upper goalpost of income: clipped
	})
	res := mustScore(t, fw, ds, ScoreOptions{})
	// a: health (72.5−20)/65 = 80.769230…; education 12/15 = 80; income
	// (log10 10000 − 2)/(log10 75000 − 2) = 2/2.875061… = 69.563735…;
	// (80.769230… · 80 · 69.563735…)^(1/3) = 76.601911…
	a := unitRes(t, res, "a")
	checkNear(t, "a.le", a.Indicators["le"].Score, 80.76923076923077)
	checkNear(t, "a.edu", a.Indicators["edu"].Score, 80)
	checkNear(t, "a.gni", a.Indicators["gni"].Score, 69.56373505726994)
	checkNear(t, "a", a.Score, 76.60191179757297)
	// c: (61.538461… · 100 · 100)^(1/3) = 85.058074…
	checkNear(t, "c", unitRes(t, res, "c").Score, 85.05807405659802)
	// b sits at the lower goalpost of health: 0 there makes the index 0, with a
	// warning naming the unit and the indicator.
	b := unitRes(t, res, "b")
	checkNear(t, "b.edu", b.Indicators["edu"].Score, 100)
	checkNear(t, "b", b.Score, 0)
	if got := res.Findings.ByCode[CodeZeroGeometric]; got != 1 {
		t.Fatalf("score-zero-geometric findings = %d, want 1", got)
	}
	for _, f := range res.AllFindings {
		if f.Code == CodeZeroGeometric {
			if f.Unit != "b" || f.Field != "le" || f.Severity != SevWarning || !strings.Contains(f.Message, "预期寿命指数") {
				t.Errorf("finding = %+v", f)
			}
		}
	}
	if b.Rank != 3 {
		t.Errorf("b rank = %d, want 3", b.Rank)
	}
	if math.IsNaN(b.Score) || math.IsInf(b.Score, 0) {
		t.Errorf("b score = %v", b.Score)
	}
}

// check warns (does not refuse) where a child of a geometric group can score 0; a
// goalpost whose field cannot reach its lower goalpost gives no warning.
func TestCheckGeometricWarns(t *testing.T) {
	fw := hdiFramework(t, "0")
	var got []string
	for _, w := range fw.Warnings {
		got = append(got, w.Error())
	}
	all := strings.Join(got, "\n")
	// le (min 0 ≤ lo 20) and edu (no min) can reach their lower goalposts; gni is on log10: warned too.
	for _, id := range []string{`"le"`, `"edu"`, `"gni"`} {
		if !strings.Contains(all, id) {
			t.Errorf("no warning for %s in\n%s", id, all)
		}
	}
	if len(fw.Warnings) > 0 && (fw.Warnings[0].Pos.Line == 0 || fw.Warnings[0].Pos.Col == 0) {
		t.Errorf("warning without a position: %v", fw.Warnings[0])
	}
	fw = hdiFramework(t, "25")
	for _, w := range fw.Warnings {
		if strings.Contains(w.Msg, `"le"`) {
			t.Errorf("le has min 25 > lo 20 and cannot score 0, but: %v", w)
		}
	}
	// An arithmetic tree has no such warning.
	fw = testFramework(t, threeUnits, numFields("le", "edu", "gni"), "", hdiIndex)
	if len(fw.Warnings) != 0 {
		t.Errorf("arithmetic tree warned: %v", fw.Warnings)
	}
}
