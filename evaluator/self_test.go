package evaluator

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

func TestAchievementHandComputed(t *testing.T) {
	for _, tt := range []struct {
		name      string
		x, b, tg  float64
		lower     bool
		a, score  float64
		met       bool
		y, yb, yt int
		status    string
	}{
		// higher: (52 − 40)/(60 − 40) = 0.6; elapsed (2023 − 2020)/(2025 − 2020) = 0.6 → on track (a ≥ elapsed)
		{"higher on track", 52, 40, 60, false, 0.6, 60, false, 2023, 2020, 2025, StatusOnTrack},
		// (47 − 40)/20 = 0.35 < 0.4
		{"higher behind", 47, 40, 60, false, 0.35, 35, false, 2022, 2020, 2025, StatusBehind},
		// the target year reached without the target: 0.75 < 1
		{"higher target year missed", 55, 40, 60, false, 0.75, 75, false, 2025, 2020, 2025, StatusBehind},
		{"higher beyond target", 66, 40, 60, false, 1.3, 100, true, 2024, 2020, 2025, StatusMet},
		{"higher below baseline", 35, 40, 60, false, -0.25, 0, false, 2021, 2020, 2025, StatusBehind},
		// lower (days): (10 − 7)/(10 − 4) = 0.5 < 0.6
		{"lower behind", 7, 10, 4, true, 0.5, 50, false, 2023, 2020, 2025, StatusBehind},
		// lower met: 3.5 ≤ 4; a = 6.5/6
		{"lower met", 3.5, 10, 4, true, 6.5 / 6, 100, true, 2025, 2020, 2025, StatusMet},
		// target already met at baseline (98 ≥ 95): met while it stays met, 0 once not
		{"met at baseline, still met", 97, 98, 95, false, 1, 100, true, 2024, 2020, 2025, StatusMet},
		{"met at baseline, lost", 94, 98, 95, false, 0, 0, false, 2024, 2020, 2025, StatusBehind},
		{"lower met at baseline", 3, 2, 4, true, 1, 100, true, 2023, 2020, 2025, StatusMet},
		{"target equals baseline, not met", 49, 50, 50, false, 0, 0, false, 2023, 2020, 2025, StatusBehind},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, met := Achievement(tt.x, tt.b, tt.tg, tt.lower)
			checkNear(t, "a", a, tt.a)
			if met != tt.met {
				t.Errorf("met = %v, want %v", met, tt.met)
			}
			checkNear(t, "score", AchievementScore(tt.x, tt.b, tt.tg, tt.lower), tt.score)
			if st := PlanStatus(a, met, tt.y, tt.yb, tt.yt); st != tt.status {
				t.Errorf("status = %s, want %s", st, tt.status)
			}
		})
	}
}

const selfFramework = `schema: dteval/framework/v1
id: t-self
title: 本级评估测试
version: "1"
year: 2025
kind: self
units:
  - {id: wx, name: 某市}
fields:
  - {id: up, name: 上升指标, type: number}
  - {id: down, name: 下降指标, type: number}
  - {id: kept, name: 保持指标, type: number}
  - {id: gap, name: 缺年指标, type: number, required: false}
method:
  missing: reweight
index:
  id: dti
  name: 总体完成度
  children:
    - id: g1
      name: 第一组
      children:
        - {id: up, name: 上升指标, baseline: {year: 2020, value: 40}, target: {year: 2025, value: 60}}
        - {id: down, name: 下降指标, direction: lower, baseline: {year: 2020, value: 10}, target: {year: 2025, value: 4}}
    - id: g2
      name: 第二组
      children:
        - {id: kept, name: 保持指标, baseline: {year: 2020, value: 98}, target: {year: 2025, value: 95, source: 示例（未经核实）}}
        - {id: gap, name: 缺年指标, baseline: {year: 2021, value: 100}, target: {year: 2026, value: 200}}
`

func selfDataset(y int, vals map[string]any) *Dataset {
	ds := testDataset(map[string]map[string]any{"wx": vals})
	ds.Year = y
	return ds
}

func TestScoreSelfHandComputed(t *testing.T) {
	fw, err := LoadBytes("self.yaml", []byte(selfFramework))
	if err != nil {
		t.Fatal(err)
	}
	if fw.Kind != FrameworkSelf || fw.Method.Sensitivity.Runs != 0 {
		t.Fatalf("kind %q runs %d", fw.Kind, fw.Method.Sensitivity.Runs)
	}
	years := map[int]*Dataset{
		2021: selfDataset(2021, map[string]any{"up": 42, "down": 9.5, "kept": 98}),
		2022: selfDataset(2022, map[string]any{"up": 47, "down": 8, "kept": 97}),
		2023: selfDataset(2023, map[string]any{"up": 52, "down": 7, "kept": 96, "gap": 150}),
		// 2024: no row at all
		2025: selfDataset(2025, map[string]any{"up": 55, "down": 3.5, "kept": 97}), // gap missing
	}
	res, err := ScoreSelf(fw, years, ScoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != FrameworkSelf || res.Year != 2025 || len(res.Units) != 1 {
		t.Fatalf("kind %q year %d units %d", res.Kind, res.Year, len(res.Units))
	}
	u := res.Units[0]
	// 2025: up (55 − 40)/20 = 0.75 → 75, behind (elapsed 1); down 3.5 ≤ 4 met → 100;
	// kept 97 ≥ 95 met → 100; gap missing → dropped (reweight).
	// g1 = (75 + 100)/2 = 87.5; g2 = 100; index = (87.5 + 100)/2 = 93.75
	checkNear(t, "g1", u.Nodes["g1"].Score, 87.5)
	checkNear(t, "g2", u.Nodes["g2"].Score, 100)
	checkNear(t, "score", u.Score, 93.75)
	up := u.Indicators["up"]
	checkNear(t, "up.achievement", *up.Achievement, 0.75)
	if up.Status != StatusBehind || up.Baseline.Year != 2020 || up.Target.Value != 60 {
		t.Errorf("up = %+v", up)
	}
	if len(up.Series) != 5 || up.Series[0].Year != 2021 || up.Series[4].Year != 2025 {
		t.Fatalf("up series = %+v", up.Series)
	}
	// 2023: 0.6 = elapsed 0.6 → on track; 2022: 0.35 < 0.4 → behind; 2024: no row → null
	if up.Series[2].Status != StatusOnTrack || up.Series[1].Status != StatusBehind {
		t.Errorf("up statuses %s %s", up.Series[1].Status, up.Series[2].Status)
	}
	if p := up.Series[3]; p.Value != nil || p.Achievement != nil || p.Score != nil || p.Status != "" {
		t.Errorf("2024 should be null: %+v", p)
	}
	down := u.Indicators["down"]
	if down.Status != StatusMet {
		t.Errorf("down status %s", down.Status)
	}
	checkNear(t, "down.achievement", *down.Achievement, 6.5/6)
	checkNear(t, "down 2023 score", *down.Series[2].Score, 50)
	kept := u.Indicators["kept"]
	if kept.Status != StatusMet || kept.Target.Source != "示例（未经核实）" {
		t.Errorf("kept = %+v", kept)
	}
	// gap: series 2022–2025; only 2023 has a value: (150 − 100)/100 = 0.5 ≥ elapsed 2/5 → on track
	gap := u.Indicators["gap"]
	if len(gap.Series) != 4 || gap.Series[0].Year != 2022 {
		t.Fatalf("gap series = %+v", gap.Series)
	}
	if gap.Series[1].Status != StatusOnTrack || gap.Achievement != nil || gap.Status != "" || !gap.Missing {
		t.Errorf("gap = %+v", gap)
	}
	// Unit series: the years with data. 2023: up 60, down 50 → g1 55; kept 100, gap 50
	// → g2 75; index 65.
	if len(u.Series) != 4 || u.Series[2].Year != 2023 {
		t.Fatalf("unit series = %+v", u.Series)
	}
	checkNear(t, "2023 index", u.Series[2].Score, 65)
	checkNear(t, "2023 g2", u.Series[2].Nodes["g2"], 75)

	// results.json: the optional keys written as encoding/json would, read back.
	var buf bytes.Buffer
	if err := WriteResults(&buf, res); err != nil {
		t.Fatal(err)
	}
	if want := encodeWhole(t, res); !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("streamed results differ from encoding/json:\n%s\nwant\n%s", buf.Bytes(), want)
	}
	back, err := ReadResults(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if back.Kind != FrameworkSelf || len(back.Units[0].Indicators["up"].Series) != 5 || back.Units[0].Indicators["gap"].Series[0].Value != nil {
		t.Errorf("read back: %+v", back.Units[0].Indicators["up"])
	}

	// No row for the evaluated year: refused.
	delete(years, 2025)
	if _, err := ScoreSelf(fw, years, ScoreOptions{}); !errors.Is(err, ErrNoCurrentYear) {
		t.Errorf("err = %v, want ErrNoCurrentYear", err)
	}
}

func TestCheckSelfPositioned(t *testing.T) {
	for _, tt := range []struct{ name, old, new, want string }{
		{"target year before baseline", "target: {year: 2025, value: 60}", "target: {year: 2019, value: 60}", "self.yaml:23:82: target 的年度 2019 应晚于 baseline 的年度 2020"},
		{"two units", "  - {id: wx, name: 某市}\n", "  - {id: wx, name: 某市}\n  - {id: wy, name: 另一市}\n", "self.yaml:8:3: 本级评估（kind: self）只评估一个单位"},
		{"target on a rank method", "{id: up, name: 上升指标, baseline", "{id: up, name: 上升指标, normalize: rank, baseline", "self.yaml:23:43: 指标 \"up\" 有 target，按目标完成度计分"},
		{"missing target", ", target: {year: 2026, value: 200}}", "}", "本级评估（kind: self）的指标 \"gap\" 需要 target"},
		{"baseline in a ranking framework", "kind: self\n", "", "baseline 和 target 只用于本级评估（kind: self）"},
		{"baseline not before the year", "baseline: {year: 2020, value: 40}", "baseline: {year: 2025, value: 40}", "baseline 的年度 2025 应早于评估年度 2025"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(selfFramework, tt.old) {
				t.Fatalf("fixture lacks %q", tt.old)
			}
			_, err := LoadBytes("self.yaml", []byte(strings.Replace(selfFramework, tt.old, tt.new, 1)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v\nwant %q", err, tt.want)
			}
		})
	}
}

func TestSplitYears(t *testing.T) {
	fw, err := LoadBytes("self.yaml", []byte(selfFramework))
	if err != nil {
		t.Fatal(err)
	}
	csv := "unit,year,up,down,kept,gap\nwx,2023,52,7,96,150\nwx,2024年,57,5,94,\nwx,2026,1,1,1,1\nwx,,55,3.5,97,\n"
	raws, fs := ReadTableBytes("plan.csv", []byte(csv), fw)
	if len(fs) != 0 {
		t.Fatalf("read: %v", fs)
	}
	by, fs := SplitYears(fw, raws)
	if len(by[2023]) != 1 || len(by[2024]) != 1 || len(by[2025]) != 1 || len(by) != 3 {
		t.Errorf("years = %v", by)
	}
	if len(fs) != 1 || fs[0].Code != CodeYearMismatch || fs[0].Cell != "B4" {
		t.Errorf("findings = %+v", fs)
	}
}

// dteval validate on a self-assessment's table: the rows of several years are
// validated year by year (no field-conflict between years), and a year after the
// evaluated one is a year-mismatch error.
func TestValidateSelfTable(t *testing.T) {
	fw, err := LoadBytes("self.yaml", []byte(selfFramework))
	if err != nil {
		t.Fatal(err)
	}
	csv := "unit,year,up,down,kept,gap\nwx,2023,52,7,96,150\nwx,2024,57,5,94,\nwx,2025,55,3.5,97,\n"
	raws, _ := ReadTableBytes("plan.csv", []byte(csv), fw)
	ds, fs, _ := ValidateAll(context.Background(), fw, raws, ValidateOptions{Scope: ScopeSet})
	if len(fs) != 0 {
		t.Errorf("findings: %+v", fs)
	}
	if ds.Year != 2025 || ds.Units["wx"]["up"].Num != 55 {
		t.Errorf("dataset of the evaluated year: %+v", ds)
	}
	raws, _ = ReadTableBytes("plan.csv", []byte(csv+"wx,2026,1,1,1,1\n"), fw)
	if _, fs, _ = ValidateAll(context.Background(), fw, raws, ValidateOptions{}); len(fs) != 1 || fs[0].Code != CodeYearMismatch {
		t.Errorf("a later year: %+v", fs)
	}
}
