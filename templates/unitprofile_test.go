package templates

import (
	"strings"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
)

// 较弱指标 are chosen by the signed difference from the city mean: a unit at the top
// of every indicator has no weak one (before, the bottom three were called 较弱
// whatever their value: 100.00 against a mean of 98.25); with every unit equal there
// is neither; a unit below on some and above on others gets both, each on its side.
func TestStrongWeakSigned(t *testing.T) {
	fw, res, _ := pdfFixture(t)
	top := &res.Units[0]
	for id, ir := range top.Indicators {
		if !ir.NA && !ir.Dropped {
			ir.Score = 100
			top.Indicators[id] = ir
		}
	}
	m, err := newReportModel(fw, res, ReportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	strong, weak := m.strongWeak(m.byID[top.ID], 3)
	if len(weak) != 0 {
		t.Errorf("a unit at 100 on every indicator has weak ones: %v", weak[0].n.ID)
	}
	if len(strong) == 0 || len(strong) > 3 {
		t.Errorf("%d strong indicators, want 1–3", len(strong))
	}
	for _, u := range m.units {
		s, w := m.strongWeak(u, 3)
		for _, x := range s {
			if evaluator.Round(x.ir.Score, m.dec) <= evaluator.Round(m.indStat[x.n.ID].mean, m.dec) {
				t.Errorf("%s: %s called strong at %v against a mean of %v", u.ID, x.n.ID, x.ir.Score, m.indStat[x.n.ID].mean)
			}
		}
		for _, x := range w {
			if evaluator.Round(x.ir.Score, m.dec) >= evaluator.Round(m.indStat[x.n.ID].mean, m.dec) {
				t.Errorf("%s: %s called weak at %v against a mean of %v", u.ID, x.n.ID, x.ir.Score, m.indStat[x.n.ID].mean)
			}
		}
	}
	// all equal: neither strong nor weak
	for i := range res.Units {
		for id, ir := range res.Units[i].Indicators {
			ir.Score = 50
			res.Units[i].Indicators[id] = ir
		}
	}
	m, err = newReportModel(fw, res, ReportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range m.units {
		if s, w := m.strongWeak(u, 3); len(s)+len(w) != 0 {
			t.Errorf("%s: all units equal, yet %d strong and %d weak", u.ID, len(s), len(w))
		}
	}
}

// The annex's bonus rows: no direction and no normalisation method (they score
// points per item), and the group label says 加分项 once: 加分项（上限5分）.
func TestAnnexBonusRows(t *testing.T) {
	b, _ := renderFixture(t, nil)
	text := pdftotext(t, b, "-layout")
	var row string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, "国家级试点示范") && strings.Contains(l, "每项") {
			row = l
		}
	}
	if row == "" {
		t.Fatal("the annex has no row for the bonus item")
	}
	for _, bad := range []string{evaluator.WordHigher, evaluator.MethodName(evaluator.NormMinmax)} {
		if strings.Contains(row, bad) {
			t.Errorf("the bonus row says %s: %s", bad, row)
		}
	}
	if !strings.Contains(row, evaluator.WordPerItem) {
		t.Errorf("the bonus row does not say %s: %s", evaluator.WordPerItem, row)
	}
	flat := squash(text)
	if strings.Contains(flat, "加分项（加分项") || !strings.Contains(flat, "加分项（上限5分）") {
		t.Errorf("the bonus group label is not 加分项（上限5分）")
	}
}

// A unit's profile lists every indicator's raw value with its unit beside the city
// mean and best raw values (not only scores).
func TestUnitProfileRawValues(t *testing.T) {
	fw, res, fs := pdfFixture(t)
	m, err := newReportModel(fw, res, ReportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := renderFixture(t, func(o *ReportOptions) { o.Findings = fs })
	text := squash(strings.Join(pdfPages(t, b), ""))
	if c := strings.Count(text, "各项指标数值与全市平均和最好水平"); c < len(m.units) {
		t.Errorf("%d profile tables for %d units", c, len(m.units))
	}
	n := m.leaves[0]
	u := m.units[0]
	ir := u.Indicators[n.ID]
	vs := m.valStat[n.ID]
	for _, want := range []string{m.value(n, *ir.Raw), m.value(n, vs.mean), m.value(n, vs.max)} {
		if !strings.Contains(text, squash(want)) {
			t.Errorf("the profile lacks %s (%s)", want, n.ID)
		}
	}
}
