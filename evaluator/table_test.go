package evaluator_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/wuxi-data/dteval/evaluator"
)

func TestReadTableCSV(t *testing.T) {
	fw := rdFramework(t)
	cases := []struct {
		name, data string
		fw         bool
		units      string // unit ids of the submissions, comma-separated
		field      string // a field to look at in the first submission
		text, cell string
		evidence   string
		codes      string
	}{
		{name: "plain", data: "unit,population,gdp\njiangyin,178.6,5212.4\nyixing,128.9,2281.6\n",
			units: "jiangyin,yixing", field: "gdp", text: "5212.4", cell: "C2"},
		{name: "BOM and CRLF", data: "\ufeffunit,year,population\r\njiangyin,2025,178.6\r\n",
			units: "jiangyin", field: "population", text: "178.6", cell: "C2"},
		{name: "semicolons", data: "unit;population\njiangyin;178,6\n",
			units: "jiangyin", field: "population", text: "178,6", cell: "B2"},
		{name: "blank lines and quoted thousands", data: "unit,gdp\n\n,\njiangyin,\"5,212.4\"\n",
			units: "jiangyin", field: "gdp", text: "5,212.4", cell: "B4"},
		{name: "names and upper-case headers with a framework", fw: true, data: "unit,Population\n江阴市,178.6\n",
			units: "jiangyin", field: "population", text: "178.6", cell: "B2"},
		{name: "names kept without a framework", data: "unit,population\n江阴市,178.6\n",
			units: "江阴市", field: "population", text: "178.6", cell: "B2"},
		{name: "evidence column", data: "unit,innovation_platforms,innovation_platforms.evidence\njiangyin,14,清单.pdf\n",
			units: "jiangyin", field: "innovation_platforms", text: "14", cell: "B2", evidence: "清单.pdf"},
		{name: "duplicate column", data: "unit,gdp,gdp\njiangyin,1,2\n",
			units: "jiangyin", field: "gdp", text: "1", cell: "B2", codes: evaluator.CodeFieldDuplicate},
		{name: "no unit column", data: "population\n178.6\n", codes: evaluator.CodeTemplateMismatch},
		{name: "GBK", data: "unit,population\n\xbd\xad\xd2\xf5,1\n", codes: evaluator.CodeFileUnreadable},
		{name: "UTF-16", data: "\xff\xfeu\x00", codes: evaluator.CodeFileUnreadable},
		{name: "empty", data: "", codes: evaluator.CodeTemplateMismatch},
		{name: "trailing empty fields", data: "unit,population\njiangyin,178.6,,\n",
			units: "jiangyin", field: "population", text: "178.6", cell: "B2"},
		{name: "header only", data: "unit,population\n\n", codes: evaluator.CodeUnitMissing},
		{name: "ragged row", data: "unit,population,gdp\njiangyin,178.6\n", codes: evaluator.CodeFileUnreadable},
		{name: "value beyond the header", data: "unit,population\njiangyin,5,212.4\n", codes: evaluator.CodeFileUnreadable},
		{name: "stray quote", data: "unit,population\njiang\"yin,1\n", codes: evaluator.CodeFileUnreadable},
		{name: "unterminated quote", data: "unit,population\n\"jiangyin,1\nyixing,2\n", codes: evaluator.CodeFileUnreadable},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var f *evaluator.Framework
			if c.fw {
				f = fw
			}
			subs, fs := evaluator.ReadTableBytes("统计局.csv", []byte(c.data), f)
			if rdCodes(fs) != c.codes {
				t.Fatalf("findings %v, want %q", fs, c.codes)
			}
			var units []string
			for _, s := range subs {
				units = append(units, s.Unit)
				if s.Kind != "table" || s.File != "统计局.csv" || s.SHA256 == "" {
					t.Errorf("submission %+v", s)
				}
			}
			if strings.Join(units, ",") != c.units {
				t.Errorf("units %v, want %s", units, c.units)
			}
			if c.field == "" {
				return
			}
			r := rdRow(t, subs[0], c.field)
			if r.Value.Text != c.text || r.Value.Prov.Cell != c.cell || r.Value.Prov.File != "统计局.csv" || r.Evidence.Text != c.evidence {
				t.Errorf("row %+v", r)
			}
		})
	}
}

func TestReadTableXLSX(t *testing.T) {
	f := excelize.NewFile()
	sh := "Sheet1"
	for cell, v := range map[string]any{"A1": "unit", "B1": "year", "C1": "population", "D1": "users_5g_share",
		"A2": "jiangyin", "B2": 2025, "C2": 178.6, "D2": 0.685, "A3": "yixing", "B3": 2025, "C3": "128.9", "D3": 66} {
		f.SetCellValue(sh, cell, v)
	}
	pct, _ := f.NewStyle(&excelize.Style{NumFmt: 10})
	f.SetCellStyle(sh, "D2", "D2", pct)
	f.SetSheetDimension(sh, "A1:D3")
	var buf bytes.Buffer
	f.WriteTo(&buf)
	path := filepath.Join(t.TempDir(), "统计局.xlsx")
	os.WriteFile(path, buf.Bytes(), 0o644)

	for _, read := range []struct {
		name string
		fn   func() ([]*evaluator.RawSubmission, evaluator.Findings)
	}{
		{"ReadTable", func() ([]*evaluator.RawSubmission, evaluator.Findings) { return evaluator.ReadTable(path, nil) }},
		{"ReadFiles", func() ([]*evaluator.RawSubmission, evaluator.Findings) {
			return evaluator.ReadFiles(t.Context(), []string{path}, 1)
		}},
	} {
		t.Run(read.name, func(t *testing.T) {
			subs, fs := read.fn()
			if len(fs) != 0 || len(subs) != 2 {
				t.Fatalf("%d submissions, findings %v", len(subs), fs)
			}
			a, b := rdRow(t, subs[0], "users_5g_share"), rdRow(t, subs[1], "users_5g_share")
			if a.Value.Text != "0.685" || !a.Value.PercentFormat || a.Value.Prov.Cell != "D2" || a.Value.Prov.Sheet != sh {
				t.Errorf("percent cell %+v", a.Value)
			}
			if b.Value.Text != "66" || b.Value.PercentFormat {
				t.Errorf("plain cell %+v", b.Value)
			}
			if subs[1].Year != "2025" || subs[1].YearCell.Cell != "B3" || subs[0].Path != path {
				t.Errorf("year %q at %v, path %s", subs[1].Year, subs[1].YearCell, subs[0].Path)
			}
		})
	}
}

func TestReadFilesKinds(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(rdRoot, "examples", "2025", "xinwu.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	plain := excelize.NewFile()
	plain.SetCellValue("Sheet1", "A1", "单位名称")
	var pb bytes.Buffer
	plain.WriteTo(&pb)
	files := map[string][]byte{
		"b.xlsx":          src,
		"a.csv":           []byte("unit,gdp\nxinwu,1\nbinhu,2\n"),
		"c.xlsx":          pb.Bytes(),
		"~$b.xlsx":        []byte("lock"),
		".hidden.xlsx":    src,
		"notes.txt":       []byte("x"),
		"d.XLSX":          []byte("garbage"),
		"sub/inner.xlsx":  src,
		"readme.docx.csv": []byte("unit\n"),
	}
	for n, b := range files {
		p := filepath.Join(dir, n)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, b, 0o644)
	}
	other := filepath.Join(t.TempDir(), "x.pdf")
	os.WriteFile(other, []byte("%PDF"), 0o644)

	for _, workers := range []int{1, 2, 8} {
		subs, fs := evaluator.ReadFiles(t.Context(), []string{dir, filepath.Join(dir, "missing.xlsx"), other}, workers)
		var got []string
		for _, s := range subs {
			got = append(got, s.File+":"+s.Kind+":"+s.Unit)
		}
		want := "a.csv:table:xinwu,a.csv:table:binhu,b.xlsx:workbook:xinwu"
		if strings.Join(got, ",") != want {
			t.Errorf("workers %d: %v, want %s", workers, got, want)
		}
		var fgot []string
		for _, f := range fs {
			fgot = append(fgot, f.File+":"+f.Code)
		}
		fwant := "c.xlsx:template-mismatch,d.XLSX:file-unreadable,readme.docx.csv:unit-missing,missing.xlsx:file-unreadable,x.pdf:template-mismatch"
		if strings.Join(fgot, ",") != fwant {
			t.Errorf("workers %d: findings %v, want %s", workers, fgot, fwant)
		}
	}
}

func TestReadFilesCancelled(t *testing.T) {
	dir := filepath.Join(rdRoot, "examples", "2024")
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if subs, _ := evaluator.ReadFiles(ctx, []string{dir}, 2); len(subs) != 0 {
		t.Errorf("%d submissions read after cancel", len(subs))
	}
	if subs, _ := evaluator.ReadFiles(t.Context(), []string{dir}, 2); len(subs) != 8 {
		t.Errorf("%d submissions, want 8", len(subs))
	}
}

// TestReadTableStrict: a table whose rows cannot be read as written is
// file-unreadable with the line to look at (issue 13, case 3), never values moved
// to another column or rows swallowed into one cell.
func TestReadTableStrict(t *testing.T) {
	cases := []struct{ name, data, want string }{
		{"ragged", "unit,population,gdp\njiangyin,1,2\nyixing,1\nbinhu,3\n", "第 3 行只有 2 列，表头有 3 列"},
		{"several ragged", "unit,population,gdp\njiangyin,1\nyixing,1\n", "共 2 行列数不对：第 2、3 行"},
		{"beyond the header", "unit,population\njiangyin,5,212.4\n", "第 2 行第 3 列有内容，超出了表头的 2 列"},
		{"stray quote", "unit,population\njiangyin,1\nyi\"xing,2\n", "第 3 行有多余的引号"},
		{"unterminated", "unit,population\njiangyin,\"1\nyixing,2\nbinhu,3\n", "第 2 行的引号没有配对，其后直到第 4 行的内容都被读成了一个单元格"},
	}
	for _, c := range cases {
		subs, fs := evaluator.ReadTableBytes("统计局.csv", []byte(c.data), nil)
		if len(subs) != 0 || len(fs) != 1 || fs[0].Code != evaluator.CodeFileUnreadable || !strings.Contains(fs[0].Message, c.want) {
			t.Errorf("%s: %d submissions, findings %v; want one file-unreadable saying %q", c.name, len(subs), fs, c.want)
		}
	}
	// A table of more rows than a sheet may hold is refused, not read.
	var b bytes.Buffer
	b.WriteString("unit,population\n")
	for i := 0; i <= 100000; i++ {
		b.WriteString("u,1\n")
	}
	subs, fs := evaluator.ReadTableBytes("big.csv", b.Bytes(), nil)
	if len(subs) != 0 || len(fs) != 1 || fs[0].Code != evaluator.CodeFileUnreadable || !strings.Contains(fs[0].Message, "汇总表超过 100000 行") {
		t.Errorf("100,002 lines: %d submissions, findings %v", len(subs), fs)
	}
}
