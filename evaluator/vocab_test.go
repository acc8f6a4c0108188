package evaluator

import (
	"errors"
	"strings"
	"testing"
)

// region, unit_noun and a field's period are read from the framework; without
// unit_noun the units are 地区; an empty unit_noun is an error at its position.
func TestFrameworkRegionUnitNounPeriod(t *testing.T) {
	src := readSmall(t)
	fw, err := LoadBytes("small.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if fw.Region != "" || fw.UnitNoun() != "地区" || fw.Field("population").Period != "" {
		t.Errorf("defaults: region %q, unit noun %q, period %q", fw.Region, fw.UnitNoun(), fw.Field("population").Period)
	}
	s := strings.Replace(src, "issuer: 测试局\n", "issuer: 测试局\nregion: 测试市\nunit_noun: 镇（街道）\n", 1)
	s = strings.Replace(s, "type: number, min: 0, max: 2000}", "type: number, min: 0, max: 2000, period: 2025年末}", 1)
	fw, err = LoadBytes("small.yaml", []byte(s))
	if err != nil {
		t.Fatal(err)
	}
	if fw.Region != "测试市" || fw.UnitNoun() != "镇（街道）" || fw.Field("population").Period != "2025年末" {
		t.Errorf("got region %q, unit noun %q, period %q", fw.Region, fw.UnitNoun(), fw.Field("population").Period)
	}
	bad := strings.Replace(src, "issuer: 测试局\n", "issuer: 测试局\nunit_noun: \"\"\n", 1)
	_, err = LoadBytes("small.yaml", []byte(bad))
	var le *LoadError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "small.yaml:8") || !strings.Contains(err.Error(), "unit_noun") {
		t.Errorf("empty unit_noun: %v", err)
	}
}

func TestChangeTexts(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{{6.54, "+6.54"}, {-0.35, "−0.35"}, {0, "0.00"}, {-0.001, "0.00"}, {0.004, "0.00"}, {0.005, "+0.01"}} {
		if got := ScoreChangeText(c.x, 2); got != c.want {
			t.Errorf("ScoreChangeText(%v) = %q, want %q", c.x, got, c.want)
		}
	}
	for c, want := range map[int]string{2: "↑2", -1: "↓1", 0: "持平", 12: "↑12"} {
		if got := RankChangeText(c); got != want {
			t.Errorf("RankChangeText(%d) = %q, want %q", c, got, want)
		}
	}
	if got := ScoreChangeNumFmt(2); got != `"+"0.00;"−"0.00;0.00` {
		t.Errorf("ScoreChangeNumFmt(2) = %s", got)
	}
	if got := ScoreChangeNumFmt(0); got != `"+"0;"−"0;0` {
		t.Errorf("ScoreChangeNumFmt(0) = %s", got)
	}
}

// Every normalisation method has a name in the table, and no two share one; no
// name in the table is also listed as a spelling to avoid.
func TestVocabularyTable(t *testing.T) {
	seen := map[string]string{}
	for _, m := range normMethods {
		n := MethodName(m)
		if n == m {
			t.Errorf("method %s has no Chinese name", m)
		}
		if o, dup := seen[n]; dup {
			t.Errorf("methods %s and %s are both called %s", o, m, n)
		}
		seen[n] = m
	}
	names := map[string]bool{}
	for _, term := range Vocabulary {
		names[term.Name] = true
	}
	for _, term := range Vocabulary {
		for _, a := range term.Avoid {
			for n := range names {
				if strings.Contains(n, a) {
					t.Errorf("%q is to be avoided (%s) but the vocabulary's %q contains it", a, term.Key, n)
				}
			}
		}
	}
}
