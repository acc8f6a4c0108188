package evaluator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// validateYAML is a small framework with one field of every type and option.
const validateYAML = `schema: dteval/framework/v1
id: val-test
title: 校验测试指标体系
version: "2025.1"
year: 2025
issuer: 测试局
units:
  - {id: a, name: 甲区, group: 区}
  - {id: b, name: 乙市, group: 县级市}
  - {id: c, name: 丙区, group: 区}
  - {id: d, name: 丁区, group: 区}
  - {id: e, name: 戊区, group: 区}
  - {id: f, name: 己区, group: 区}
fields:
  - {id: population, name: 常住人口, unit: 万人, type: number, min: 0, max: 2000}
  - {id: online_items, name: 全程网办事项数, unit: 项, type: integer, min: 0}
  - {id: gov_items, name: 政务服务事项总数, unit: 项, type: integer, min: 1}
  - {id: cloud_rate, name: 上云率, type: percent, min: 0, max: 100}
  - {id: cdo, name: 首席数据官制度, type: boolean, evidence: true}
  - {id: plan_grade, name: 规划实施等级, type: grade, grades: [A, B, C]}
  - {id: agri_rate, name: 农业数字化率, type: percent, min: 0, max: 100, allow_na: true}
  - {id: infra_plan, name: 基础设施专项规划, type: boolean}
  - {id: remark, name: 工作亮点, type: text, required: false}
checks:
  - rule: online_items <= gov_items
    message: 全程网办事项数不得大于政务服务事项总数
index:
  id: dti
  name: 指数
  children:
    - id: gov
      name: 治理
      children:
        - {id: online_rate, name: 全程网办率, value: online_items / gov_items * 100, normalize: {method: target, target: 90}}
        - {id: per_cap, name: 人均, value: gov_items / population}
        - {id: cloud_rate, name: 上云率, normalize: none}
        - {id: cdo, name: 首席数据官, normalize: boolean}
        - {id: plan_grade, name: 规划, normalize: {method: grade, scores: {A: 100, B: 80, C: 60}}}
        - {id: agri_rate, name: 农业, normalize: none}
        - {id: infra_plan, name: 规划编制, normalize: boolean, applies_to: [县级市]}
`

func valFramework(t testing.TB) *Framework {
	t.Helper()
	fw, err := LoadBytes("val-test.yaml", []byte(validateYAML))
	if err != nil {
		t.Fatalf("load test framework: %v", err)
	}
	return fw
}

// cleanRows are a complete, valid submission: field id → value text.
var cleanRows = []struct{ id, text string }{
	{"population", "100"},
	{"online_items", "300"},
	{"gov_items", "400"},
	{"cloud_rate", "85"},
	{"cdo", "是"},
	{"plan_grade", "A"},
	{"agri_rate", "40"},
	{"infra_plan", "是"},
	{"remark", ""},
}

// rawBook builds a workbook submission as the reader would: row i+7 holds field i,
// its value in column E, evidence in F, note in G. edit may change any row.
func rawBook(fw *Framework, unit string, edit func(r *RawRow)) *RawSubmission {
	file := unit + ".xlsx"
	raw := &RawSubmission{Kind: "workbook", File: file, SHA256: "sha-" + unit, Sheet: SheetData,
		FrameworkID: fw.ID, FrameworkVersion: fw.Version, FrameworkSHA256: fw.SHA256,
		Unit: unit, UnitCell: Provenance{File: file, Sheet: SheetData, Cell: "C3"},
		Year: "2025", YearCell: Provenance{File: file, Sheet: SheetData, Cell: "E3"}}
	for i, c := range cleanRows {
		r := 7 + i
		row := RawRow{Field: c.id, Row: r,
			Value:    RawCell{Text: c.text, Prov: Provenance{File: file, Sheet: SheetData, Cell: fmt.Sprintf("E%d", r)}},
			Evidence: RawCell{Prov: Provenance{File: file, Sheet: SheetData, Cell: fmt.Sprintf("F%d", r)}},
			Note:     RawCell{Prov: Provenance{File: file, Sheet: SheetData, Cell: fmt.Sprintf("G%d", r)}}}
		if c.id == "cdo" {
			row.Evidence.Text = "cdo-2025.pdf"
		}
		if c.id == "cloud_rate" {
			row.Value.PercentFormat = true
			row.Value.Text = "0.85"
		}
		if edit != nil {
			edit(&row)
		}
		raw.Rows = append(raw.Rows, row)
	}
	return raw
}

func setField(id, text string) func(r *RawRow) {
	return func(r *RawRow) {
		if r.Field == id {
			r.Value.Text = text
			r.Value.PercentFormat = false
		}
	}
}

func TestValidateCleanGivesNoFinding(t *testing.T) {
	fw := valFramework(t)
	ds, fs, _ := ValidateAll(context.Background(), fw, []*RawSubmission{rawBook(fw, "a", nil)}, ValidateOptions{})
	if len(fs) != 0 {
		t.Fatalf("clean submission: want no finding, got %v", fs)
	}
	v := ds.Units["a"]
	if v["cloud_rate"].Num != 85 || v["population"].Num != 100 || v["cdo"].Text != "是" || v["cdo"].Num != 1 {
		t.Errorf("values read wrong: %+v", v)
	}
	// infra_plan applies to 县级市 only: a 区 may leave it empty.
	_, fs, _ = ValidateAll(context.Background(), fw, []*RawSubmission{rawBook(fw, "a", setField("infra_plan", ""))}, ValidateOptions{})
	if len(fs) != 0 {
		t.Errorf("field not applicable to the unit left empty: want no finding, got %v", fs)
	}
	_, fs, _ = ValidateAll(context.Background(), fw, []*RawSubmission{rawBook(fw, "b", setField("infra_plan", ""))}, ValidateOptions{})
	if len(fs) != 1 || fs[0].Code != CodeValueRequired {
		t.Errorf("field applicable to 县级市 left empty: want value-required, got %v", fs)
	}
}

// validateCase is one input of valFramework's that gives a finding: its code,
// severity, cell and the message's substance.
type validateCase struct {
	name  string
	raws  func() []*RawSubmission
	opt   ValidateOptions
	code  string
	sev   string
	cell  string
	field string
	msg   []string // substrings of the message
}

// validateCases are the validation stage's findings, one case or more per code
// (TestValidateCodes; TestEveryFindingCodeMessage walks them too).
func validateCases(fw *Framework) []validateCase {
	one := func(edit func(r *RawRow)) func() []*RawSubmission {
		return func() []*RawSubmission { return []*RawSubmission{rawBook(fw, "a", edit)} }
	}
	return []validateCase{
		{name: "not a number", raws: one(setField("online_items", "约300")), code: CodeValueNotNumber, sev: SevError, cell: "E8", field: "online_items",
			msg: []string{"数据填报!E8「全程网办事项数」应为不小于 0 的整数（单位：项），当前为「约300」", "请只填写数字"}},
		{name: "trailing unit other than the field's", raws: one(setField("online_items", "300个")), code: CodeValueNotNumber, sev: SevError, cell: "E8",
			msg: []string{"当前为「300个」", "请只填写数字 300", "不要带文字「个」"}},
		{name: "NaN text", raws: one(setField("population", "NaN")), code: CodeValueNotNumber, cell: "E7", msg: []string{"不是一个有限的数"}},
		{name: "overflow", raws: one(setField("population", "1e309")), code: CodeValueNotNumber, cell: "E7", msg: []string{"超出可表示的范围"}},
		{name: "date in a number cell", raws: one(setField("population", "2025-01-01")), code: CodeValueNotNumber, cell: "E7", msg: []string{"像是日期"}},
		{name: "not an integer", raws: one(setField("online_items", "12.5")), code: CodeValueNotInteger, sev: SevError, cell: "E8",
			msg: []string{"「全程网办事项数」应为不小于 0 的整数", "当前为 12.5", "请填写整数"}},
		{name: "below min", raws: one(setField("online_items", "-3")), code: CodeValueOutOfRange, sev: SevError, cell: "E8",
			msg: []string{"应为不小于 0 的整数", "当前为 -3"}},
		{name: "above max", raws: one(setField("population", "2500")), code: CodeValueOutOfRange, cell: "E7",
			msg: []string{"应为 0 到 2000 之间的数（单位：万人）", "当前为 2500"}},
		{name: "absurd magnitude", raws: one(setField("online_items", "1e308")), code: CodeValueOutOfRange, cell: "E8",
			msg: []string{"数值大得不合理"}},
		{name: "bad boolean", raws: one(setField("cdo", "可能")), code: CodeValueBadChoice, cell: "E11",
			msg: []string{"只能填写「是」或「否」", "当前为「可能」"}},
		{name: "bad grade", raws: one(setField("plan_grade", "E")), code: CodeValueBadChoice, cell: "E12",
			msg: []string{"只能填写 「A」、「B」、「C」 之一", "当前为「E」"}},
		{name: "percent scale in a workbook", raws: one(setField("cloud_rate", "0.85")), code: CodeValuePercentScale, sev: SevError, cell: "E10",
			msg: []string{"当前为 0.85", "如实际为 85%，请填写 85"}},
		{name: "percent scale explained in 备注", raws: one(func(r *RawRow) {
			setField("cloud_rate", "0.85")(r)
			if r.Field == "cloud_rate" {
				r.Note.Text = "确实不到 1%"
			}
		}), code: CodeValuePercentScale, sev: SevWarning, cell: "E10", msg: []string{"备注已说明，按 0.85% 读取"}},
		{name: "thousands separator", raws: one(setField("gov_items", "1,234")), code: CodeValueCoerced, sev: SevWarning, cell: "E9", field: "gov_items",
			msg: []string{"填写为「1,234」，已按「1234」读取（已去掉千位分隔符）"}},
		{name: "full-width digits", raws: one(setField("gov_items", "１２３")), code: CodeValueCoerced, sev: SevWarning, cell: "E9",
			msg: []string{"已按「123」读取（全角字符已按半角读取）"}},
		{name: "85% as text", raws: one(setField("cloud_rate", "85%")), code: CodeValueCoerced, sev: SevWarning, cell: "E10",
			msg: []string{"已按「85，即 85%」读取（已去掉百分号）"}},
		{name: "Y for 是", raws: one(setField("cdo", "Y")), code: CodeValueCoerced, sev: SevWarning, cell: "E11",
			msg: []string{"填写为「Y」，已按「是」读取（按同义词识别）"}},
		// issue 13, case 8: 「有」已按「是」读取（「有」已按「是」读取）
		{name: "case 8: 有 for 是 said once", raws: one(setField("cdo", "有")), code: CodeValueCoerced, sev: SevWarning, cell: "E11",
			msg: []string{"填写为「有」，已按「是」读取（按同义词识别）"}},
		{name: "√ for 是", raws: one(setField("cdo", "√")), code: CodeValueCoerced, sev: SevWarning, cell: "E11"},
		{name: "the field's own unit", raws: one(setField("gov_items", "400项")), code: CodeValueCoerced, sev: SevWarning, cell: "E9",
			msg: []string{"已去掉计量单位「项」"}},
		{name: "formula error", raws: one(func(r *RawRow) {
			if r.Field == "gov_items" {
				r.Value.Text, r.Value.Formula, r.Value.FormulaError = "#DIV/0!", "A1/0", true
			}
		}), code: CodeValueFormulaError, sev: SevError, cell: "E9", msg: []string{"公式出错（#DIV/0!）"}},
		{name: "formula without a cached value", raws: one(func(r *RawRow) {
			if r.Field == "gov_items" {
				r.Value.Text, r.Value.Formula, r.Value.FormulaError = "", "SUM(A1:A3)", true
			}
		}), code: CodeValueFormulaError, cell: "E9", msg: []string{"没有计算结果", "重新计算后保存"}},
		{name: "required value empty", raws: one(setField("gov_items", "")), code: CodeValueRequired, sev: SevError, cell: "E9", field: "gov_items",
			msg: []string{"数据填报!E9「政务服务事项总数」为必填项，尚未填写"}},
		{name: "不适用 where not allowed", raws: one(setField("cloud_rate", "不适用")), code: CodeValueNotNumber, cell: "E10",
			msg: []string{"不允许填「不适用」"}},
		{name: "evidence missing", raws: one(func(r *RawRow) {
			if r.Field == "cdo" {
				r.Evidence.Text = ""
			}
		}), code: CodeEvidenceMissing, sev: SevError, cell: "F11", field: "cdo", msg: []string{"需附佐证材料", "「佐证材料」列"}},
		{name: "check failed", raws: one(setField("online_items", "500")), code: CodeCheckFailed, sev: SevError, cell: "E8", field: "online_items",
			msg: []string{"全程网办事项数不得大于政务服务事项总数", "「全程网办事项数」500 项", "「政务服务事项总数」400 项"}},
		{name: "field missing", raws: func() []*RawSubmission {
			r := rawBook(fw, "a", nil)
			r.Rows = append(r.Rows[:2], r.Rows[3:]...) // drop gov_items
			return []*RawSubmission{r}
		}, code: CodeFieldMissing, sev: SevError, cell: "", field: "gov_items", msg: []string{"缺少「政务服务事项总数」（字段编码 gov_items）"}},
		{name: "field unknown", raws: one(func(r *RawRow) {
			if r.Field == "remark" {
				r.Field = "remarks"
			}
		}), code: CodeFieldUnknown, sev: SevWarning, cell: "E15", field: "remarks", msg: []string{"第 15 行的字段编码「remarks」不在指标体系中", "已忽略"}},
		{name: "template from another version", raws: func() []*RawSubmission {
			r := rawBook(fw, "a", nil)
			r.FrameworkVersion = "2024.1"
			return []*RawSubmission{r}
		}, code: CodeTemplateMismatch, sev: SevError, cell: "", msg: []string{"2024.1 版", "2025.1 版"}},
		{name: "template from another framework", raws: func() []*RawSubmission {
			r := rawBook(fw, "a", nil)
			r.FrameworkID = "other"
			return []*RawSubmission{r}
		}, code: CodeTemplateMismatch, sev: SevError, msg: []string{"「other」"}},
		{name: "template edited", raws: func() []*RawSubmission {
			r := rawBook(fw, "a", nil)
			r.FrameworkSHA256 = "0000"
			return []*RawSubmission{r}
		}, code: CodeTemplateMismatch, sev: SevError, msg: []string{"内容有改动"}},
		{name: "unit unknown", raws: func() []*RawSubmission {
			r := rawBook(fw, "a", nil)
			r.Unit = "zz"
			return []*RawSubmission{r}
		}, code: CodeUnitUnknown, sev: SevError, cell: "C3", msg: []string{"地区「zz」不在本次评估的地区名单中", "a 甲区"}},
		{name: "unit mismatch with the file name", raws: func() []*RawSubmission {
			r := rawBook(fw, "a", nil)
			r.File = "b.xlsx"
			return []*RawSubmission{r}
		}, code: CodeUnitMismatch, sev: SevError, cell: "C3", msg: []string{"文件名 b.xlsx 对应「乙市」，但表内地区为「甲区」"}},
		{name: "unit mismatch with the header", raws: func() []*RawSubmission {
			r := rawBook(fw, "a", nil)
			r.UnitText = "乙市数据局"
			return []*RawSubmission{r}
		}, code: CodeUnitMismatch, sev: SevError, cell: "C3", msg: []string{"表头的填报单位为「乙市数据局」，但本表是为「甲区」下发的", "如确为甲区的数据，请把表头改回「甲区」"}},
		{name: "year mismatch", raws: func() []*RawSubmission {
			r := rawBook(fw, "a", nil)
			r.Year = "2024年"
			return []*RawSubmission{r}
		}, code: CodeYearMismatch, sev: SevError, cell: "E3", msg: []string{"年度为「2024年」，本次评估的是 2025 年度"}},
		{name: "unit duplicate", raws: func() []*RawSubmission {
			r2 := rawBook(fw, "a", nil)
			r2.File = "a-final.xlsx"
			return []*RawSubmission{rawBook(fw, "a", nil), r2}
		}, code: CodeUnitDuplicate, sev: SevError, cell: "C3", msg: []string{"「甲区」有 2 份填报表（a.xlsx、a-final.xlsx）"}},
		{name: "unit missing", raws: func() []*RawSubmission {
			return []*RawSubmission{rawBook(fw, "a", nil), rawBook(fw, "b", nil)}
		}, code: CodeUnitMissing, sev: SevError, msg: []string{"没有收到「丙区」（c）的可用填报"}},
		{name: "field conflict", raws: func() []*RawSubmission {
			tbl := &RawSubmission{Kind: "table", File: "stats.csv", Unit: "a", Rows: []RawRow{{Field: "population", Row: 2,
				Value: RawCell{Text: "101", Prov: Provenance{File: "stats.csv", Cell: "B2"}}}}}
			return []*RawSubmission{rawBook(fw, "a", nil), tbl}
		}, code: CodeFieldConflict, sev: SevError, cell: "B2", field: "population",
			msg: []string{"「常住人口」在 a.xlsx 数据填报!E7为 100 万人，在 stats.csv B2为 101 万人"}},
		{name: "outlier", raws: func() []*RawSubmission {
			var rs []*RawSubmission
			for i, u := range []string{"a", "b", "c", "d", "e", "f"} {
				pop := []string{"100", "110", "95", "105", "98", "1100"}[i]
				rs = append(rs, rawBook(fw, u, setField("population", pop)))
			}
			return rs
		}, code: CodeValueOutlier, sev: SevWarning, cell: "E7", field: "population",
			msg: []string{"「常住人口」为 1100 万人，远高于各地区的中位数 102.5 万人"}},
		{name: "change large", raws: one(setField("population", "200")), opt: ValidateOptions{Previous: &Results{Units: []UnitResult{
			{ID: "a", Fields: map[string]any{"population": 100.0}}}}},
			code: CodeChangeLarge, sev: SevWarning, cell: "E7", field: "population", msg: []string{"为 200 万人，上年为 100 万人，变化 +100.0%"}},
	}
}

// TestValidateCodes: one case per finding code, asserting code, severity, cell and
// the message's substance.
func TestValidateCodes(t *testing.T) {
	fw := valFramework(t)
	for _, c := range validateCases(fw) {
		t.Run(c.name, func(t *testing.T) {
			_, fs, _ := ValidateAll(context.Background(), fw, c.raws(), c.opt)
			var got *Finding
			for i := range fs {
				if fs[i].Code == c.code {
					got = &fs[i]
					break
				}
			}
			if got == nil {
				t.Fatalf("want a %s finding, got %v", c.code, fs)
			}
			if c.sev != "" && got.Severity != c.sev {
				t.Errorf("severity %s, want %s", got.Severity, c.sev)
			}
			if got.Cell != c.cell {
				t.Errorf("cell %q, want %q (%s)", got.Cell, c.cell, got.Message)
			}
			if c.field != "" && got.Field != c.field {
				t.Errorf("field %q, want %q", got.Field, c.field)
			}
			for _, m := range c.msg {
				if !strings.Contains(got.Message, m) {
					t.Errorf("message %q lacks %q", got.Message, m)
				}
			}
			if !strings.Contains(got.Message, "请") {
				t.Errorf("message says nothing about how to fix it: %q", got.Message)
			}
			for _, fault := range messageFaults(got.Message) {
				t.Errorf("%s: %q", fault, got.Message)
			}
			if got.File == "" && c.code != CodeUnitMissing {
				t.Errorf("finding without a file: %+v", got)
			}
		})
	}
}

func TestValidateNA(t *testing.T) {
	fw := valFramework(t)
	for _, s := range []string{"不适用", "N/A", "n/a", "Ｎ／Ａ"} {
		ds, fs, _ := ValidateAll(context.Background(), fw, []*RawSubmission{rawBook(fw, "a", setField("agri_rate", s))}, ValidateOptions{})
		if len(fs) != 0 || !ds.Units["a"]["agri_rate"].NA {
			t.Errorf("%q in an allow_na field: want NA and no finding, got %+v %v", s, ds.Units["a"]["agri_rate"], fs)
		}
	}
}

func TestReadNumber(t *testing.T) {
	cases := []struct {
		text    string
		pctFmt  bool
		percent bool
		unit    string
		num     float64
		code    string
		noted   bool
	}{
		{text: "300", num: 300},
		{text: " 300 ", num: 300},
		{text: "-0", num: 0},
		{text: "1.5E3", num: 1500},
		{text: "0.85", pctFmt: true, percent: true, num: 85},
		{text: "0.07", pctFmt: true, percent: true, num: 7},
		{text: "0.0085", pctFmt: true, percent: true, num: 0.85},
		{text: "85%", percent: true, num: 85, noted: true},
		{text: "８５％", percent: true, num: 85, noted: true},
		{text: "85%", code: CodeValueNotNumber},
		{text: "1,234,567.5", num: 1234567.5, noted: true},
		{text: "1,23", code: CodeValueNotNumber},
		{text: "1 234", num: 1234, noted: true},
		{text: "300项", unit: "项", num: 300, noted: true},
		{text: "300项", unit: "个", code: CodeValueNotNumber},
		{text: "约300", code: CodeValueNotNumber},
		{text: "0x10", code: CodeValueNotNumber},
		{text: "1_000", code: CodeValueNotNumber},
		{text: "Inf", code: CodeValueNotNumber},
		{text: "NaN", code: CodeValueNotNumber},
		{text: "1e309", code: CodeValueNotNumber},
		{text: "1e308", code: CodeValueOutOfRange},
		{text: "#REF!", code: CodeValueFormulaError},
		{text: "-", code: CodeValueNotNumber},
		{text: "2024/1/1", code: CodeValueNotNumber},
	}
	for _, c := range cases {
		r := readNumber(RawCell{Text: c.text, PercentFormat: c.pctFmt}, c.percent, c.unit)
		if r.code != c.code || (c.code == "" && r.num != c.num) || (r.note != "") != c.noted {
			t.Errorf("readNumber(%q, pct format %v, percent %v) = %+v; want num %v code %q noted %v", c.text, c.pctFmt, c.percent, r, c.num, c.code, c.noted)
		}
	}
}

func TestFindingsOutput(t *testing.T) {
	fs := Findings{
		{Severity: SevWarning, Code: CodeValueCoerced, File: "a.xlsx", Sheet: SheetData, Cell: "E10", Message: "第十行"},
		{Severity: SevError, Code: CodeUnitMissing, Unit: "c", Message: "缺丙区"},
		{Severity: SevError, Code: CodeValueRequired, File: "a.xlsx", Sheet: SheetData, Cell: "E9", Message: "第九行"},
	}
	var b bytes.Buffer
	if err := WriteFindingsText(&b, fs, []string{"b.xlsx", "a.xlsx"}); err != nil {
		t.Fatal(err)
	}
	want := "b.xlsx：未发现问题\n" +
		"a.xlsx：错误 1 项，警告 1 项\n" +
		"  错误 [value-required] 第九行\n" +
		"  警告 [value-coerced] 第十行\n" +
		"整批检查：错误 1 项，警告 0 项\n" +
		"  错误 [unit-missing] 缺丙区\n" +
		"共检查 2 个文件：错误 2 项，警告 1 项（1 个文件有错误），请改正错误后重新检查\n"
	if b.String() != want {
		t.Errorf("text output:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	if err := WriteFindingsJSON(&b, fs); err != nil {
		t.Fatal(err)
	}
	var back []map[string]string
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if len(back) != 3 || back[0]["cell"] != "E9" || back[2]["code"] != "unit-missing" {
		t.Errorf("json order: %v", back)
	}
	for _, k := range []string{"severity", "code", "unit", "file", "sheet", "cell", "field", "message"} {
		if _, ok := back[0][k]; !ok {
			t.Errorf("json lacks %q", k)
		}
	}
	b.Reset()
	WriteFindingsJSON(&b, nil)
	if strings.TrimSpace(b.String()) != "[]" {
		t.Errorf("no findings: %q, want []", b.String())
	}
}

// FuzzReadNumber: any cell text gives exactly one outcome — empty, a code with a
// hint, or a finite number within the magnitude bound — and never panics.
func FuzzReadNumber(f *testing.F) {
	for _, s := range []string{"300", "1,234", "１２３", "85%", "0.85", "约300", "300项", "NaN", "1e309", "-0", "#DIV/0!", "2024-01-01", "1 234", ""} {
		f.Add(s, true, false)
	}
	f.Fuzz(func(t *testing.T, s string, pctFmt, percent bool) {
		r := readNumber(RawCell{Text: s, PercentFormat: pctFmt}, percent, "项")
		switch {
		case r.empty:
			if r.code != "" || r.note != "" {
				t.Fatalf("%q: empty with %+v", s, r)
			}
		case r.code != "":
			if r.hint == "" {
				t.Fatalf("%q: code %s without a hint", s, r.code)
			}
		default:
			if r.num != r.num || r.num > maxMagnitude || r.num < -maxMagnitude {
				t.Fatalf("%q: read %v", s, r.num)
			}
		}
		b := readBoolean(RawCell{Text: s})
		if !b.empty && b.code == "" && b.text != "是" && b.text != "否" {
			t.Fatalf("%q: boolean %+v", s, b)
		}
	})
}

// TestChangeLargeFloors: a relative change above 50 % is flagged only when it is
// also large in absolute terms for counts (≥ 5) and percentages (≥ 10 points).
func TestChangeLargeFloors(t *testing.T) {
	fw := valFramework(t)
	for _, c := range []struct {
		field, now string
		last       float64
		flagged    bool
	}{
		{"online_items", "2", 1, false},   // +100 %, 1 item
		{"online_items", "14", 10, false}, // +40 %
		{"online_items", "16", 10, true},  // +60 %, 6 items
		{"online_items", "6", 2, false},   // +200 %, 4 items
		{"online_items", "7", 2, true},    // +250 %, 5 items
		{"cloud_rate", "7", 4, false},     // +75 %, 3 points
		{"cloud_rate", "61", 40, true},    // +52.5 %, 21 points
		{"cloud_rate", "12", 25, true},    // −52 %, 13 points
		{"population", "0.6", 0.3, true},  // +100 %: amounts have no floor
		{"population", "140", 100, false}, // +40 %
	} {
		prev := &Results{Units: []UnitResult{{ID: "a", Fields: map[string]any{c.field: c.last}}}}
		_, fs, _ := ValidateAll(context.Background(), fw, []*RawSubmission{rawBook(fw, "a", setField(c.field, c.now))}, ValidateOptions{Previous: prev})
		got := false
		for _, f := range fs {
			if f.Code == CodeChangeLarge && f.Field == c.field {
				got = true
			}
		}
		if got != c.flagged {
			t.Errorf("%s %v → %s: change-large %v, want %v", c.field, c.last, c.now, got, c.flagged)
		}
	}
}

// TestHeaderUnitText: the header's 单位 is judged only when it names another unit.
func TestHeaderUnitText(t *testing.T) {
	fw := valFramework(t)
	for text, mismatch := range map[string]bool{"": false, "甲区": false, "a": false, "甲区数据局": false, "某某局": false,
		"乙市": true, "b": true, "乙市大数据管理局": true} {
		r := rawBook(fw, "a", nil)
		r.UnitText = text
		_, fs, _ := ValidateAll(context.Background(), fw, []*RawSubmission{r}, ValidateOptions{})
		got := false
		for _, f := range fs {
			got = got || f.Code == CodeUnitMismatch
		}
		if got != mismatch {
			t.Errorf("header 单位 %q: unit-mismatch %v, want %v", text, got, mismatch)
		}
	}
}

// messageFaults lists what is wrong with how a message is written (issue 13, case
// 8): a clause of 4 or more characters said twice, a cell reference doubled
// (数据填报!E8: 数据填报!E8), a cell reference followed by a 第 N 行 restating it, an
// English word, a percent advice that both asks for 85% typed and a plain number.
func messageFaults(msg string) []string {
	var out []string
	plain := reQuoted.ReplaceAllString(msg, "「」")
	plain = reFileName.ReplaceAllString(plain, "文件")
	rs := []rune(plain)
	const n = 8
	seen := map[string]bool{}
	for i := 0; i+n <= len(rs); i++ {
		frag := string(rs[i : i+n])
		if strings.ContainsAny(frag, "0123456789%!") || reASCIIWord.MatchString(frag) {
			continue // numbers and the field's own name may recur
		}
		if seen[frag] && !strings.Contains(frag, "「") && !strings.Contains(frag, "」") {
			out = append(out, "repeats "+frag)
			break
		}
		seen[frag] = true
	}
	if m := reDoubledRef.FindString(msg); m != "" {
		out = append(out, "doubled cell reference "+m)
	}
	if m := reRefThenRow.FindString(msg); m != "" {
		out = append(out, "cell reference restated as a row "+m)
	}
	for _, m := range reEnglish.FindAllString(plain, -1) {
		if !allowedWords[m] {
			out = append(out, "English word "+m)
			break
		}
	}
	if strings.Contains(msg, "不要粘贴小数以外") || (strings.Contains(msg, "直接输入 85%") && strings.Contains(msg, "请填写")) {
		out = append(out, "contradictory advice")
	}
	return out
}

var (
	reDoubledRef = regexp.MustCompile(`([^\s:：!]+![A-Z]+[0-9]+)[:：]\s*([^\s:：!]+![A-Z]+[0-9]+)`)
	reRefThenRow = regexp.MustCompile(`![A-Z]+[0-9]+第 ?[0-9]+ ?行`)
	reEnglish    = regexp.MustCompile(`\b[A-Za-z]{3,}\b`)
	reQuoted     = regexp.MustCompile(`「[^」]*」`)
	reASCIIWord  = regexp.MustCompile(`[A-Za-z]`)
	// product names; field ids (snake_case) and rules in parentheses are codes
	allowedWords = map[string]bool{"Excel": true, "WPS": true, "dteval": true, "UTF": true, "CSV": true, "DIV": true, "REF": true, "VALUE": true, "NAME": true, "NUM": true, "NULL": true}
	reFileName   = regexp.MustCompile(`[^\s（）、，：]+\.(xlsx|csv|yaml|json|pdf)`)
)

// The case-8 messages of issue 13, each written once and without contradiction.
func TestMessagesIssue13Case8(t *testing.T) {
	fw := valFramework(t)
	check := func(name string, fs Findings, code, want string) {
		t.Helper()
		for _, f := range fs {
			if f.Code != code {
				continue
			}
			if !strings.Contains(f.Message, want) {
				t.Errorf("%s: %q lacks %q", name, f.Message, want)
			}
			for _, fault := range messageFaults(f.Message) {
				t.Errorf("%s: %s: %q", name, fault, f.Message)
			}
			return
		}
		t.Errorf("%s: no %s finding in %v", name, code, fs)
	}
	// 数据填报!E25第 25 行的字段编码: the row, not the cell and the row.
	raw := rawBook(fw, "a", nil)
	raw.Rows = append(raw.Rows, RawRow{Field: "remarks", Row: 25, Value: RawCell{Text: "1", Prov: Provenance{File: raw.File, Sheet: SheetData, Cell: "E25"}}})
	_, fs, _ := ValidateAll(context.Background(), fw, []*RawSubmission{raw}, ValidateOptions{})
	check("field-unknown", fs, CodeFieldUnknown, "数据填报第 25 行的字段编码「remarks」")
	// A percent-formatted cell holding 85 (shown 8500%): one piece of advice.
	raw = rawBook(fw, "a", func(r *RawRow) {
		if r.Field == "cloud_rate" {
			r.Value.Text, r.Value.PercentFormat = "85", true
		}
	})
	_, fs, _ = ValidateAll(context.Background(), fw, []*RawSubmission{raw}, ValidateOptions{})
	check("percent cell pasted", fs, CodeValueOutOfRange, "直接键入 85% 即可")
}
