package evaluator

import (
	"strings"
	"testing"
)

func adjustFramework(t *testing.T) *Framework {
	fields := numFields("x") +
		"  - {id: pct, name: 比例, type: percent, min: 0, max: 100}\n" +
		"  - {id: cnt, name: 个数, type: integer, min: 0}\n" +
		"  - {id: ok, name: 是否, type: boolean}\n" +
		"  - {id: lvl, name: 等级, type: grade, grades: [A, B, C]}\n" +
		"  - {id: agri, name: 农业, type: number, allow_na: true}\n" +
		"  - {id: note, name: 说明, type: text, required: false}\n"
	return testFramework(t, threeUnits, fields, "", `
    - {id: x, name: X, normalize: minmax}
    - {id: pct, name: P, normalize: none}
    - {id: ok, name: OK, normalize: boolean}
`)
}

func TestReadAdjustments(t *testing.T) {
	fw := adjustFramework(t)
	src := `schema: dteval/adjustments/v1
adjustments:
  - {unit: a, field: x, value: 1.5e2, reason: 核减, by: 市数据局, date: 2026-02-20}
  - {unit: a, field: pct, value: "85%", reason: 百分号}
  - {unit: b, field: ok, value: 否, reason: 无佐证}
  - {unit: b, field: lvl, value: b, reason: 等级}
  - {unit: c, field: agri, value: 不适用, reason: 无农业}
  - {unit: c, field: x, value: ~, reason: 无法核实}
  - {unit: c, field: cnt, value: "１２", reason: 全角}
`
	adjs, err := ReadAdjustments(fw, "adj.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(adjs) != 7 {
		t.Fatalf("%d adjustments", len(adjs))
	}
	if *adjs[0].New != 150 || adjs[0].Date != "2026-02-20" || adjs[0].By != "市数据局" {
		t.Errorf("0: %+v", adjs[0])
	}
	if *adjs[1].New != 85 {
		t.Errorf("85%% read as %v", *adjs[1].New)
	}
	if *adjs[2].New != 0 || adjs[2].NewText != "否" {
		t.Errorf("boolean: %+v", adjs[2])
	}
	if adjs[3].NewText != "B" || adjs[4].NewText != "不适用" || adjs[5].New != nil || adjs[5].NewText != "" || *adjs[6].New != 12 {
		t.Errorf("grade/NA/missing/full-width: %+v", adjs[3:])
	}
}

func TestReadAdjustmentsErrors(t *testing.T) {
	fw := adjustFramework(t)
	tests := []struct{ name, src, want string }{
		{"unknown key", "adjustments:\n  - {unit: a, field: x, value: 1, reason: r, who: me}\n", "adj.yaml:2:46: "},
		{"unknown unit", "adjustments:\n  - {unit: zz, field: x, value: 1, reason: r}\n", "adj.yaml:2:12: 单位 \"zz\""},
		{"unknown field", "adjustments:\n  - {unit: a, field: zz, value: 1, reason: r}\n", "adj.yaml:2:22: 字段 \"zz\""},
		{"not a number", "adjustments:\n  - {unit: a, field: x, value: abc, reason: r}\n", "adj.yaml:2:32: "},
		{"out of range", "adjustments:\n  - {unit: a, field: pct, value: 120, reason: r}\n", "超出字段允许的范围"},
		{"not integer", "adjustments:\n  - {unit: a, field: cnt, value: 1.5, reason: r}\n", "应为整数"},
		{"bad grade", "adjustments:\n  - {unit: a, field: lvl, value: E, reason: r}\n", "adj.yaml:2:34: "},
		{"NA not allowed", "adjustments:\n  - {unit: a, field: x, value: 不适用, reason: r}\n", "不允许「不适用」"},
		{"text field", "adjustments:\n  - {unit: a, field: note, value: t, reason: r}\n", "文字字段"},
		{"missing reason", "adjustments:\n  - {unit: a, field: x, value: 1}\n", "reason"},
		{"missing value", "adjustments:\n  - {unit: a, field: x, reason: r}\n", "value"},
		{"twice", "adjustments:\n  - {unit: a, field: x, value: 1, reason: r}\n  - {unit: a, field: x, value: 2, reason: r}\n", "adj.yaml:3:5: 单位 a 的字段 x 已在第 2 行"},
		{"duplicate key", "adjustments:\n  - {unit: a, unit: b, field: x, value: 1, reason: r}\n", "重复"},
		{"bad date", "adjustments:\n  - {unit: a, field: x, value: 1, reason: r, date: 20.2.2026}\n", "YYYY-MM-DD"},
		{"tab", "adjustments:\n\t- {unit: a}\n", "adj.yaml:2:1: "},
		{"wrong schema", "schema: x\nadjustments: []\n", "schema"},
		{"empty", "", "空"},
		{"second document", "adjustments: []\n---\nadjustments: []\n", "第二个"},
		// by and reason are public: an office, no person, no contact details.
		{"unit typo", "adjustments:\n  - {unit: aa, field: x, value: 1, reason: r}\n", "是否为 a？"},
		{"person as by", "adjustments:\n  - {unit: a, field: x, value: 1, reason: r, by: 张局}\n", "adj.yaml:2:50: by 应为核查机构的名称（市数据局）"},
		{"person within the issuer", "adjustments:\n  - {unit: a, field: x, value: 1, reason: r, by: 市数据局张三}\n", "adj.yaml:2:50: by 应为"},
		{"mobile in by", "adjustments:\n  - {unit: a, field: x, value: 1, reason: r, by: 市数据局13912345678}\n", "adj.yaml:2:50: by 中含有手机号码"},
		{"mobile in reason", "adjustments:\n  - {unit: a, field: x, value: 1, reason: 电话１３９１２３４５６７８核实}\n", "adj.yaml:2:43: reason 中含有手机号码"},
		{"spaced mobile in by", "adjustments:\n  - {unit: a, field: x, value: 1, reason: r, by: 市数据局 139 1234 5678}\n", "adj.yaml:2:50: by 中含有手机号码"},
		{"hyphenated mobile in reason", "adjustments:\n  - {unit: a, field: x, value: 1, reason: 经139-1234-5678核实}\n", "adj.yaml:2:43: reason 中含有手机号码"},
		{"full-width spaced mobile in reason", "adjustments:\n  - {unit: a, field: x, value: 1, reason: 电话１３９　１２３４　５６７８}\n", "adj.yaml:2:43: reason 中含有手机号码"},
		{"landline in reason", "adjustments:\n  - {unit: a, field: x, value: 1, reason: 经0510-81234567核实}\n", "reason 中含有电话号码"},
		{"id card in reason", "adjustments:\n  - {unit: a, field: x, value: 1, reason: 经办人32020219800101123X}\n", "reason 中含有身份证号码"},
		{"e-mail in reason", "adjustments:\n  - {unit: a, field: x, value: 1, reason: 联系 zhang.san@example.com}\n", "reason 中含有电子邮箱地址"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadAdjustments(fw, "adj.yaml", []byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestApplyAdjustmentsAndScore(t *testing.T) {
	fw := adjustFramework(t)
	ds := testDataset(map[string]map[string]any{
		"a": {"x": 10, "pct": 50, "ok": "是"},
		"b": {"x": 20, "pct": 50, "ok": "是"},
	})
	adjs, err := ReadAdjustments(fw, "adj.yaml", []byte(`adjustments:
  - {unit: a, field: x, value: 30, reason: 核查后更正}
  - {unit: b, field: ok, value: 否, reason: 无佐证}
  - {unit: c, field: x, value: 25, reason: 统计局数据}
`))
	if err != nil {
		t.Fatal(err)
	}
	if err := ApplyAdjustments(fw, ds, adjs, "/some/dir/adj.yaml"); err != nil {
		t.Fatal(err)
	}
	res := mustScore(t, fw, ds, ScoreOptions{})
	if len(res.Adjustments) != 3 {
		t.Fatalf("adjustments recorded: %+v", res.Adjustments)
	}
	a0 := res.Adjustments[0]
	if *a0.Old != 10 || *a0.New != 30 || a0.Reason != "核查后更正" {
		t.Errorf("a0 = %+v", a0)
	}
	if res.Adjustments[1].OldText != "是" || res.Adjustments[1].NewText != "否" {
		t.Errorf("a1 = %+v", res.Adjustments[1])
	}
	if res.Adjustments[2].Old != nil {
		t.Errorf("a2 old = %v", *res.Adjustments[2].Old)
	}
	// x after adjustment: a 30, b 20, c 25 → minmax 100, 0, 50; c now takes part
	checkNear(t, "a.x", unitRes(t, res, "a").Indicators["x"].Score, 100)
	checkNear(t, "c.x", unitRes(t, res, "c").Indicators["x"].Score, 50)
	if unitRes(t, res, "b").Indicators["ok"].Score != 0 {
		t.Error("b.ok not adjusted")
	}
	if ds.Units["a"]["x"].Prov.File != "adj.yaml" {
		t.Errorf("provenance %+v", ds.Units["a"]["x"].Prov)
	}
}
