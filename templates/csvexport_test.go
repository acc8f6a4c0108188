package templates

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
)

func csvRender(t *testing.T, opt ReportOptions, grades bool) [][]string {
	t.Helper()
	fw := xlFixtureFramework(t)
	if grades {
		fw.Method.Publish = "grades"
	}
	var buf bytes.Buffer
	if err := RenderCSV(&buf, fw, xlFixtureResults(), opt); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("no UTF-8 byte-order mark")
	}
	for _, s := range xlSecrets {
		if bytes.Contains(data, []byte(s)) {
			t.Errorf("the CSV contains %q", s)
		}
	}
	r := csv.NewReader(bytes.NewReader(data[3:]))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func csvRow(t *testing.T, recs [][]string, id string) map[string]string {
	t.Helper()
	for _, r := range recs[1:] {
		if r[0] == id {
			m := map[string]string{}
			for i, h := range recs[0] {
				m[h] = r[i]
			}
			return m
		}
	}
	t.Fatalf("no row for %s", id)
	return nil
}

func TestRenderCSV(t *testing.T) {
	recs := csvRender(t, ReportOptions{Date: "2026-03-01"}, false)
	wantHeader := []string{"unit_id", "地区", "类别", "状态", "排名", "组内排名", "综合得分", "等级", "加分", "扣分",
		"数字化转型发展指数(dti)", "数字技术创新与基础设施建设(infra)", "算力设施(compute)", "治理数字化转型(gov)",
		"上年得分", "上年排名", "同口径上年得分", "得分变化", "排名变化"}
	if !slices.Equal(recs[0], wantHeader) {
		t.Errorf("header = %q\nwant     %q", recs[0], wantHeader)
	}
	if len(recs) != 1+8 {
		t.Fatalf("%d rows, want a header and 8 units", len(recs))
	}
	var ids []string
	for _, r := range recs[1:] {
		ids = append(ids, r[0])
	}
	if want := []string{"jy", "yx", "lx", "hs", "eq", "xs", "bh", "xw"}; !slices.Equal(ids, want) {
		t.Errorf("order = %q, want %q", ids, want)
	}
	tests := []struct {
		unit, col, want string
	}{
		{"jy", "综合得分", "91.23"},
		{"jy", "数字化转型发展指数(dti)", "90.23"},
		{"jy", "排名", "1"},
		{"jy", "得分变化", "3.73"},
		{"xs", "综合得分", "60.00"}, // 59.995 rounds half away from zero on its shortest decimal
		{"xs", "同口径上年得分", ""},
		// Negative numbers stay numbers: no quote, no neutralising.
		{"bh", "得分变化", "-3.90"},
		{"bh", "排名变化", "-1"},
		// Text starting with "=" is neutralised.
		{"eq", "地区", `'=HYPERLINK("http://x","点我")`},
		{"xw", "状态", "未提交"},
		{"xw", "综合得分", ""},
		{"lx", "状态", "已评估"},
	}
	for _, tc := range tests {
		t.Run(tc.unit+"/"+tc.col, func(t *testing.T) {
			if got := csvRow(t, recs, tc.unit)[tc.col]; got != tc.want {
				t.Errorf("%s %s = %q, want %q", tc.unit, tc.col, got, tc.want)
			}
		})
	}
}

func TestRenderCSVGradesAndDraft(t *testing.T) {
	recs := csvRender(t, ReportOptions{Date: "2026-03-01", Draft: true, Sample: true}, true)
	for _, h := range recs[0] {
		if strings.Contains(h, "排名") {
			t.Errorf("publish: grades but column %q", h)
		}
	}
	if last := recs[0][len(recs[0])-1]; last != "发布状态" {
		t.Errorf("last column = %q, want 发布状态", last)
	}
	var ids []string
	for _, r := range recs[1:] {
		ids = append(ids, r[0])
		if got := r[len(r)-1]; got != "征求意见稿；示例数据" {
			t.Errorf("%s: 发布状态 = %q", r[0], got)
		}
	}
	// By grade, then framework order.
	if want := []string{"jy", "yx", "lx", "xs", "hs", "eq", "bh", "xw"}; !slices.Equal(ids, want) {
		t.Errorf("order = %q, want %q", ids, want)
	}
}

func TestCSVNeutralize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"江阴市", "江阴市"},
		{"=1+2", "'=1+2"},
		{"+86", "'+86"},
		{"-3.5", "'-3.5"}, // as text; numbers are never passed through CSVNeutralize
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"", ""},
		{"a=b", "a=b"},
	}
	for _, tc := range tests {
		if got := CSVNeutralize(tc.in); got != tc.want {
			t.Errorf("CSVNeutralize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestRenderCSVVeto: with veto items the open data says, per unit, which applied.
func TestRenderCSVVeto(t *testing.T) {
	fw, res, _ := pdfFixture(t)
	var buf bytes.Buffer
	if err := RenderCSV(&buf, fw, res, ReportOptions{Date: "2026-03-01"}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(buf.Bytes()[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := csvRow(t, recs, "xw"); got["否决事项"] != "发生重大网络和数据安全事件" || got["等级"] != "合格" {
		t.Errorf("新吴区: 否决事项 %q 等级 %q, want the incident and 合格", got["否决事项"], got["等级"])
	}
	if got := csvRow(t, recs, "jy")["否决事项"]; got != "无" {
		t.Errorf("江阴市: 否决事项 %q, want 无", got)
	}
	if got := csvRow(t, recs, "ns")["否决事项"]; got != "" {
		t.Errorf("a unit that did not submit: 否决事项 %q, want empty", got)
	}
}
