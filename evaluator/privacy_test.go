package evaluator

import (
	"bytes"
	"strings"
	"testing"
)

// A results.json written by the release before inputs were named by role (with
// inputs[].file, here holding a name and a phone number) still loads as -previous,
// and writing it again drops the file names.
func TestOldResultsWithFileNamesLoadAsPrevious(t *testing.T) {
	res, err := ReadResultsFile("testdata/results-2024-v1-with-files.json")
	if err != nil {
		t.Fatalf("old results.json: %v", err)
	}
	if len(res.Inputs) == 0 || res.Inputs[0].File == "" || res.SourceSHA256 == "" {
		t.Fatalf("inputs not read: %+v (sha %q)", res.Inputs, res.SourceSHA256)
	}
	fw, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckPrevious(fw, res); err != nil {
		t.Fatalf("old results.json refused as -previous: %v", err)
	}
	var buf bytes.Buffer
	if err := WriteResults(&buf, res); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{`"file"`, "张晓梅", "13912345678", ".xlsx", ".csv"} {
		if strings.Contains(buf.String(), bad) {
			t.Errorf("rewritten results.json holds %q", bad)
		}
	}
}

func TestInputLabels(t *testing.T) {
	fw := valFramework(t)
	for _, tc := range []struct {
		in   Input
		want string
	}{
		{Input{Unit: "a", Role: RoleWorkbook}, "甲区 填报表"},
		{Input{Role: RoleTable, Source: "统计局"}, "统计局 汇总表"},
		{Input{Role: RoleTable}, "汇总表"},
		{Input{Role: RoleAdjustments}, "核查核定调整"},
		{Input{Role: RolePrevious}, "上年评估结果"},
	} {
		if got := tc.in.Label(fw); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPersonalData(t *testing.T) {
	for s, want := range map[string]string{
		"市数据局":                 "",
		"2025年核查":              "",
		"13912345678":          "手机号码",
		"张晓梅 139 1234 5678":    "手机号码",
		"张晓梅139-1234-5678":     "手机号码",
		"电话 +86 139 1234 5678": "手机号码",
		"电话：１３９　１２３４　５６７８": "手机号码",
		"０５１０－８１２３　４５６７":   "电话号码",
		"0510 8123 4567":         "电话号码",
		"3202 0219 8001 0112 34": "身份证号码",
		"2025-03-01 核定为 139 项":   "",
		"由 12 项调整为 13 项，0.5 万元":  "",
		"1,234 调整为 1,300":        "",
		"0510-81234567":          "电话号码",
		"320202198001011234":     "身份证号码",
		"a.b@example.cn":         "电子邮箱地址",
		"数量从1390000000000调整为100": "",
	} {
		if got := personalData(s); got != want {
			t.Errorf("personalData(%q) = %q, want %q", s, got, want)
		}
	}
}
