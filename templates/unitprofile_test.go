package templates

import (
	"bytes"
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
	if c := strings.Count(text, "各项指标数值与上年、全市平均和最好水平"); c < len(m.units) {
		t.Errorf("%d profile tables for %d units", c, len(m.units))
	}
	n := m.leaves[0]
	u := m.units[0]
	ir := u.Indicators[n.ID]
	vs := m.valStat[n.ID]
	for _, want := range []string{m.nameWithUnit(n), m.number(n, *ir.Raw), m.number(n, vs.mean), m.number(n, vs.max)} {
		if !strings.Contains(text, squash(want)) {
			t.Errorf("the profile lacks %s (%s)", want, n.ID)
		}
	}
}

// The profile's last-year columns, hand-computed on the fixture (江阴市, decimals 2):
// 每万人5G基站数 35.2 against 30 last year → 30.00, +5.20; 智能工厂数 (an integer
// field) 40 against 37 → 37, +3; 生活服务平台注册用户占比 65 against 70 → −5.00; the
// boolean 专项规划 last year 否 → 否, no change; 千兆宽带 dropped last year as faulty
// and 工业企业上云率 not collected last year → 不可比, no change, each named in the
// note with its reason. 数字技术创新与基础设施建设 = (79 × 2 + 100) / 3 = 86 this
// year against a comparable 80.5 → 80.50, +5.50; 经济数字化转型 has no comparable
// score → —.
func TestUnitProfileLastYear(t *testing.T) {
	fw, res, fs := pdfFixture(t)
	var jy *evaluator.UnitResult
	for i := range res.Units {
		if res.Units[i].ID == "jy" {
			jy = &res.Units[i]
		}
	}
	jy.Previous = &evaluator.PreviousResult{Score: 70, Rank: 2,
		Nodes: map[string]float64{"infra": 80.5},
		Indicators: map[string]any{"inf_5g": 30.0, "eco_smart": 37.0, "lif_app": 70.0, "inf_plan": "否",
			"inf_gig": nil, "eco_cloud": nil},
		NotComparable: map[string]string{"inf_gig": evaluator.PrevFaulty, "eco_cloud": evaluator.PrevEdition}}
	m, err := newReportModel(fw, res, ReportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tbl, notes := m.profileTable(m.byID["jy"], profileOpts{})
	rows := map[string][]string{}
	for _, r := range tbl.rows {
		rows[strings.TrimSpace(r[0])] = r
	}
	nc, none := evaluator.WordNotComparable, evaluator.WordNoComparable
	for name, want := range map[string][3]string{ // this year, last year, change
		"每万人5G基站数（个/万人）":  {"35.20", "30.00", "+5.20"},
		"智能工厂数（个）":        {"40", "37", "+3"},
		"生活服务平台注册用户占比（%）": {"65.00", "70.00", "−5.00"},
		"数字基础设施专项规划编制实施":  {"是", "否", none},
		"千兆宽带用户占比（%）":     {"45.00", nc, none},
		"工业企业上云率（%）":      {"37.00", nc, none},
		"数字技术创新与基础设施建设":   {"", "80.50", "+5.50"},
		"经济数字化转型":         {"", none, none},
	} {
		r, ok := rows[name]
		if !ok {
			t.Errorf("no row %s", name)
			continue
		}
		if got := [3]string{r[1], r[2], r[3]}; got != want {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
	if r := rows["数字技术创新与基础设施建设"]; r[6] != "86.00" {
		t.Errorf("chapter score %q, want 86.00", r[6])
	}
	note := strings.Join(notes, "\n")
	for _, want := range []string{evaluator.PrevReasonName(evaluator.PrevFaulty) + "：千兆宽带用户占比",
		evaluator.PrevReasonName(evaluator.PrevEdition) + "：工业企业上云率"} {
		if !strings.Contains(note, want) {
			t.Errorf("the note lacks %q:\n%s", want, note)
		}
	}
	// a unit without last year's results: every last-year cell —, and a note saying so
	tbl, notes = m.profileTable(m.byID["xs"], profileOpts{})
	for _, r := range tbl.rows {
		if r[2] != none && r[2] != "" || r[3] != none && r[3] != "" {
			t.Errorf("锡山区 has no previous, yet row %v", r)
		}
	}
	if !strings.Contains(strings.Join(notes, ""), "上年无该地区评估结果") {
		t.Errorf("no note for a unit not evaluated last year: %v", notes)
	}

	// the public PDF and the feedback print the same cells
	var pub, fb bytes.Buffer
	if _, err := RenderPDF(&pub, fw, res, ReportOptions{Date: "2026-03-01", Findings: fs}); err != nil {
		t.Fatal(err)
	}
	if _, err := RenderFeedbackPDF(&fb, fw, res, "jy", ReportOptions{Date: "2026-03-01", Findings: fs}); err != nil {
		t.Fatal(err)
	}
	for what, b := range map[string][]byte{"report": pub.Bytes(), "feedback": fb.Bytes()} {
		text := squash(strings.Join(pdfPages(t, b), ""))
		for _, want := range []string{"35.2030.00+5.20", "4037+3", "80.50+5.50", squash(evaluator.PrevReasonName(evaluator.PrevFaulty))} {
			if !strings.Contains(text, squash(want)) {
				t.Errorf("%s lacks %q", what, want)
			}
		}
	}
}

// Above profileMaxUnits units the public PDF carries each unit's summary only, on
// one page, and says where the full profile is; the web edition and the feedback
// keep it.
func TestUnitProfileAboveMax(t *testing.T) {
	fw, res, fs := pdfFixture(t)
	defer func(n int) { profileMaxUnits = n }(profileMaxUnits)
	profileMaxUnits = 4 // the fixture has 8
	var pub, fb bytes.Buffer
	if _, err := RenderPDF(&pub, fw, res, ReportOptions{Date: "2026-03-01", Findings: fs}); err != nil {
		t.Fatal(err)
	}
	text := squash(strings.Join(pdfPages(t, pub.Bytes()), ""))
	if strings.Contains(text, "各项指标数值与上年") {
		t.Error("the public PDF of more than profileMaxUnits units has full profiles")
	}
	for _, want := range []string{"见本报告网页版各地区页面和各地区的评估反馈材料", evaluator.WordChange, evaluator.WordStrong} {
		if !strings.Contains(text, squash(want)) {
			t.Errorf("the public PDF lacks %q", want)
		}
	}
	// in a first year (no results of last year to compare with), each unit's
	// radar, chapter table and strongest and weakest indicators on one page (the
	// next unit starts the next page)
	for i := range res.Units {
		res.Units[i].Previous = nil
	}
	var first bytes.Buffer
	if _, err := RenderPDF(&first, fw, res, ReportOptions{Date: "2026-03-01", Findings: fs}); err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(pdftotext(t, first.Bytes(), "-raw"), "\f")
	for _, u := range res.Units {
		var on []int
		for i, pg := range pages {
			if strings.Contains(squash(pg), u.Name+"各领域得分") || strings.Contains(squash(pg), u.Name+"较强指标和较弱指标") {
				on = append(on, i+1)
			}
		}
		if len(on) != 1 {
			t.Errorf("%s's summary is on pages %v, want one page", u.Name, on)
		}
	}
	files := renderWebFixture(t, fw, res, ReportOptions{Date: "2026-03-01", Findings: fs}, nil)
	if page := webText(files["unit-jy.html"]); !strings.Contains(page, "各项指标数值与上年") || !strings.Contains(page, "每万人5G基站数（个/万人）") {
		t.Error("the web edition's unit page lacks the full profile")
	}
	if _, err := RenderFeedbackPDF(&fb, fw, res, "jy", ReportOptions{Date: "2026-03-01", Findings: fs}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(pdfFlat(t, fb.Bytes()), squash("每万人5G基站数（个/万人）35.20")) {
		t.Error("the feedback lacks the full profile")
	}
}
