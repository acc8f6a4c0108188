package evaluator

import (
	"errors"
	"math"
	"os"
	"strings"
	"testing"
)

func readSmall(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLoadSmall(t *testing.T) {
	fw, err := LoadBytes("small.yaml", []byte(readSmall(t)))
	if err != nil {
		t.Fatal(err)
	}
	if got := len(fw.Leaves()); got != 3 {
		t.Errorf("leaves = %d, want 3", got)
	}
	// 分值: infra has weight 2 of 3 → 66.67; gov 1 of 3 with two equal children → 16.67 each.
	want := map[string]float64{"inf_5g": 200.0 / 3, "online_rate": 100.0 / 6, "cdo": 100.0 / 6, "bonus_pilots": 0}
	for id, w := range want {
		if got := fw.Node(id).Points; math.Abs(got-w) > 1e-9 {
			t.Errorf("%s points = %v, want %v", id, got, w)
		}
	}
	cdo := fw.Node("cdo")
	if cdo.Normalize.Method != NormBoolean || cdo.Direction != "higher" || cdo.Missing != "zero" || cdo.Treat != "none" {
		t.Errorf("cdo resolved to %+v", cdo)
	}
	if fw.Node("gov").Aggregate != "arithmetic" || fw.Node("inf_5g").EffChapter != 2 {
		t.Errorf("inheritance wrong")
	}
	if a, _ := fw.Unit("a"); !cdo.AppliesToUnit(a) {
		t.Errorf("cdo should apply to 甲区")
	}
	if b, _ := fw.Unit("b"); cdo.AppliesToUnit(b) {
		t.Errorf("cdo should not apply to 乙市")
	}
	if fw.Reg == nil || len(fw.UncoveredArticles()) != 55-4 {
		t.Errorf("uncovered articles = %d, want 51", len(fw.UncoveredArticles()))
	}
	if len(fw.SHA256) != 64 || fw.Method.Sensitivity.Runs != 1000 || fw.Method.Grades[0].Label != "优秀" {
		t.Errorf("defaults not applied: %+v", fw.Method)
	}
}

func TestLoadEmbedded(t *testing.T) {
	for _, name := range []string{"wuxi-2025.yaml", "wuxi-2024.yaml"} {
		fw, err := LoadEmbedded(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var sum float64
		for _, l := range fw.Leaves() {
			sum += l.Points
		}
		if math.Abs(sum-100) > 1e-9 {
			t.Errorf("%s: 分值 add up to %v, want 100", name, sum)
		}
		if name == "wuxi-2025.yaml" && len(fw.Leaves()) < 45 {
			t.Errorf("%s: %d indicators, want at least 45", name, len(fw.Leaves()))
		}
		chapters := map[int]bool{}
		for _, c := range fw.Chapters() {
			chapters[c.Chapter] = true
		}
		for ch := 2; ch <= 6; ch++ {
			if !chapters[ch] {
				t.Errorf("%s: no group for chapter %d", name, ch)
			}
		}
	}
}

// TestLoadErrors pins the position and message of each broken framework: the file is
// testdata/small.yaml with one replacement.
func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name     string
		old, new string // replace the first occurrence of old by new ("" old: replace the whole file by new)
		want     string // "line:col: message fragment"
	}{
		{"empty file", "", "", "small.yaml: 文件是空的"},
		{"only comments", "", "# nothing\n", "small.yaml: 文件里只有注释"},
		{"unknown top key", "issuer: 测试局", "isuer: 测试局", "7:1: 指标体系中有未知的键 \"isuer\"（是否应为 \"issuer\"？）"},
		{"unknown node key", "      weight: 1\n", "      wieght: 1\n", "41:7: 指标组中有未知的键 \"wieght\"（是否应为 \"weight\"？）"},
		{"duplicate key", "version: \"1\"\n", "version: \"1\"\nversion: \"2\"\n", "5:1: 键 \"version\" 重复（第一次出现在第 4 行）"},
		{"wrong type year", "year: 2025", "year: 二〇二五", "5:7: year应为整数，这里是\"二〇二五\""},
		{"wrong type weight", "weight: 2", "weight: heavy", "31:15: weight应为数字，这里是\"heavy\""},
		{"tab indentation", "  - {id: a,", "\t- {id: a,", "9:1: YAML 不允许用制表符"},
		{"second document", "", "schema: dteval/framework/v1\n---\nid: x\n", "3:1: 文件中有第二个 YAML 文档"},
		{"syntax error", "title: 小型测试指标体系", "title: [小型", "YAML 语法错误"},
		{"wrong schema", "schema: dteval/framework/v1", "schema: dteval/framework/v2", "1:9: schema 应为 \"dteval/framework/v1\""},
		{"bad framework id", "id: small-test", "id: Small_Test", "2:5: id \"Small_Test\" 只能由小写字母、数字和 - 组成"},
		{"missing required key", "title: 小型测试指标体系\n", "", "1:1: 指标体系缺少必填的键 \"title\""},
		{"bad unit id", "{id: b, name: 乙市", "{id: B/../x, name: 乙市", "10:10: 单位 id \"B/../x\" 只能由小写字母、数字、_ 和 - 组成"},
		{"duplicate unit", "{id: b, name: 乙市", "{id: a, name: 乙市", "10:10: 单位 id \"a\" 重复"},
		{"empty unit id", "{id: b, name: 乙市", "{id: \"\", name: 乙市", "10:10: 单位 id 不能为空"},
		{"duplicate field", "{id: gov_items,", "{id: online_items,", "15:10: 字段 id \"online_items\" 重复"},
		{"unknown field type", "type: boolean, evidence", "type: bool, evidence", "16:36: 未知的字段类型 \"bool\""},
		{"min above max", "min: 0, max: 2000", "min: 3000, max: 2000", "12:74: max (2000) 小于 min (3000)"},
		{"grade field without grades", "type: grade, grades: [A, B, C]", "type: grade", "17:5: grade 类型的字段需要 grades"},
		{"rule unknown field", "rule: online_items <= gov_items", "rule: online_items <= gov_itemz", "20:27: 检查规则引用了未定义的字段 \"gov_itemz\"（是否应为 \"gov_items\"？）"},
		{"rule not a comparison", "rule: online_items <= gov_items", "rule: online_items + gov_items", "20:11: 规则必须是一个比较"},
		{"bad missing policy", "  decimals: 2", "  missing: skip", "23:12: missing 的取值 \"skip\" 无效"},
		{"grades not descending", "  decimals: 2", "  grades: [{min: 60, label: 合格}, {min: 90, label: 优秀}]", "23:40: 等次应按 min 从高到低排列"},
		{"weight zero", "weight: 2", "weight: 0", "31:15: 权重 weight 应大于 0"},
		{"negative weight", "      weight: 1\n      children:\n        - id: online_rate", "      weight: -1\n      children:\n        - id: online_rate", "41:15: 权重 weight 应大于 0，这里是 -1"},
		{"duplicate node id", "- id: online_rate", "- id: inf_5g", "43:15: 节点 id \"inf_5g\" 重复（第一次出现在第 33 行）"},
		{"indicator id = field id is fine but two nodes are not", "- id: gov\n", "- id: infra\n", "38:11: 节点 id \"infra\" 重复"},
		{"unknown method", "{method: goalpost, lo: 0, hi: 40}", "{method: goalposts, lo: 0, hi: 40}", "37:31: normalize 的 method 的取值 \"goalposts\" 无效（是否应为 \"goalpost\"？）"},
		{"goalpost without hi", "{method: goalpost, lo: 0, hi: 40}", "{method: goalpost, lo: 0}", "37:22: goalpost缺少必填的键 \"hi\""},
		{"goalpost lo >= hi", "{method: goalpost, lo: 0, hi: 40}", "{method: goalpost, lo: 40, hi: 40}", "37:53: goalpost 的 hi (40) 应大于 lo (40)"},
		{"log goalpost lo 0", "{method: goalpost, lo: 0, hi: 40}", "{method: goalpost, lo: 0, hi: 40, log: true}", "37:45: 对数 goalpost（log: true）的 lo 应大于 0"},
		{"target param on goalpost", "{method: goalpost, lo: 0, hi: 40}", "{method: goalpost, lo: 0, hi: 40, target: 3}", "37:56: normalize中有未知的键 \"target\""},
		{"ladder without steps", "{method: target, target: 90}", "{method: ladder}", "47:22: ladder缺少必填的键 \"steps\""},
		{"ladder not descending", "{method: target, target: 90}", "{method: ladder, steps: [{min: 80, score: 60}, {min: 90, score: 100}]}", "47:69: ladder 的各级应按 min 从高到低排列"},
		{"unknown field in value", "value: stations_5g / population", "value: stations_5g / populaton", "36:32: value 引用了未定义的字段 \"populaton\"（是否应为 \"population\"？）"},
		{"bad expression", "value: stations_5g / population", "value: stations_5g // population", "36:30: 表达式中不能有注释"},
		{"forbidden call", "value: stations_5g / population", "value: exec(stations_5g)", "36:18: 未知函数 exec"},
		{"indicator without field", "        - id: cdo\n", "        - id: cdo_x\n", "48:15: 指标 \"cdo_x\" 没有 value，也没有同名的字段"},
		{"boolean method on number", "article: 39\n          normalize: boolean", "article: 39\n          value: population\n          normalize: boolean", "52:22: boolean 方法需要直接读取一个 boolean（是/否）类型的字段"},
		{"bonus without cap", "      kind: bonus\n      cap: 5\n", "      kind: bonus\n", "53:11: 加分项/扣分项 \"bonus\" 需要 cap"},
		{"bonus child without points", "points_each: 1, cap: 3}", "cap: 3}", "58:16: 加分项/扣分项下的指标 \"bonus_pilots\" 需要 points_each"},
		{"chapter does not exist", "chapter: 5", "chapter: 9", "40:16: 法规 wuxi-2023 没有第 9 章"},
		{"article in wrong chapter", "article: 16", "article: 37", "35:20: 第 37 条属于第 5 章，不属于本指标所在的第 2 章"},
		{"article does not exist", "article: 37", "article: 99", "45:20: 法规 wuxi-2023 没有第 99 条"},
		{"chapter missing", "      chapter: 2\n", "", "28:11: 指标体系引用了法规 wuxi-2023，第一层的指标组 \"infra\" 需要 chapter"},
		{"unknown regulation", "regulation: wuxi-2023", "regulation: wuxi-2099", "1:1: 条例对照表 \"regulation\"：没有名为 \"wuxi-2099\" 的条例对照表"},
		{"applies_to unknown", "applies_to: [区]", "applies_to: [镇]", "52:24: applies_to 中的 \"镇\" 既不是单位 id，也不是单位分组"},
		{"alias", "issuer: 测试局", "issuer: &x 测试局\ntitle2: *x", "7:9: 不支持 YAML 锚点和别名"},
		{"bool as text", "title: 小型测试指标体系", "title: true", "3:8: title应为文字，这里是 true"},
	}
	base := readSmall(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.new
			if tt.old != "" {
				if !strings.Contains(base, tt.old) {
					t.Fatalf("fixture does not contain %q", tt.old)
				}
				src = strings.Replace(base, tt.old, tt.new, 1)
			}
			_, err := LoadBytes("small.yaml", []byte(src))
			if err == nil {
				t.Fatalf("loaded without error, want %q", tt.want)
			}
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("error is %T, want *LoadError", err)
			}
			if !strings.Contains(err.Error(), "small.yaml:"+tt.want) && !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got\n%v\nwant a line containing %q", err, tt.want)
			}
			if strings.Contains(tt.want, ":") && !strings.HasPrefix(tt.want, ":") && tt.want[0] >= '0' && tt.want[0] <= '9' {
				if !strings.Contains(err.Error(), "small.yaml:"+tt.want) {
					t.Errorf("got\n%v\nwant position small.yaml:%s", err, tt.want)
				}
			}
		})
	}
}
