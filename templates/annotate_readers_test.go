package templates

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/wuxi-data/dteval/evaluator"
)

// openpyxlPython returns a python3 that can import openpyxl: the Debian one
// (/usr/bin/python3 with python3-openpyxl) first, since the python3 first on PATH may
// be another installation without it; "" when there is none.
func openpyxlPython() string {
	cands := []string{"/usr/bin/python3"}
	if p, err := exec.LookPath("python3"); err == nil {
		cands = append(cands, p)
	}
	for _, p := range cands {
		if exec.Command(p, "-c", "import openpyxl").Run() == nil {
			return p
		}
	}
	return ""
}

// annotatedFixture is one workbook written by another program, annotated.
type annotatedFixture struct {
	name  string            // file name of the annotated copy
	marks map[string]string // cell of 数据填报 → the first message it must carry
	fills map[string]string // cell of 数据填报 → its fill (ARGB)
	total int               // findings listed on the 检查结果 sheet
}

var rgbAttr = regexp.MustCompile(`\brgb="([^"]*)"`)
var argb = regexp.MustCompile(`^[0-9A-Fa-f]{8}$`)

// annotateFixtures annotates every workbook under testdata/resaved (re-saved by
// LibreOffice and by openpyxl) and under testdata/broken into dir, each with the
// findings validate gives it and one more warning on a bordered input cell, and
// checks that every colour in every part is 8-digit ARGB.
func annotateFixtures(t *testing.T, dir string) []annotatedFixture {
	t.Helper()
	var paths []string
	for _, d := range []string{"resaved", "broken"} {
		m, _ := filepath.Glob(filepath.Join("..", "testdata", d, "*.xlsx"))
		paths = append(paths, m...)
	}
	sort.Strings(paths)
	var out []annotatedFixture
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(filepath.Dir(p)) + "-" + filepath.Base(p)
		raw, _ := evaluator.ReadWorkbookBytes(base, data)
		if raw == nil || len(raw.Rows) == 0 {
			continue // not a workbook (broken/not-a-workbook.xlsx)
		}
		fw, err := evaluator.LoadBytes("_meta", raw.FrameworkSource)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		_, fs, _ := evaluator.ValidateAll(context.Background(), fw, []*evaluator.RawSubmission{raw}, evaluator.ValidateOptions{})
		// A warning on the first field's 备注 cell as well, so that every file has a
		// marked cell of the template's own style (borders, fonts) to copy.
		note := raw.Rows[0].Note.Prov.Cell
		if note == "" {
			t.Fatalf("%s: no 备注 cell for %s", p, raw.Rows[0].Field)
		}
		fs = append(fs, evaluator.Finding{Severity: evaluator.SevWarning, Code: evaluator.CodeValueOutlier, File: base,
			Sheet: evaluator.SheetData, Cell: note, Field: raw.Rows[0].Field, Message: "请核对备注（测试标记）。"})
		var buf bytes.Buffer
		if err := Annotate(&buf, data, fs, fw.UnitNoun()); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		for _, zf := range zr.File {
			if !strings.HasSuffix(zf.Name, ".xml") && !strings.HasSuffix(zf.Name, ".vml") {
				continue
			}
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			for _, m := range rgbAttr.FindAllSubmatch(b, -1) {
				if !argb.Match(m[1]) {
					t.Errorf("%s: annotated copy has rgb=%q in %s: not 8-digit ARGB", p, m[1], zf.Name)
				}
			}
		}
		fx := annotatedFixture{name: strings.TrimSuffix(base, ".xlsx") + ".annotated.xlsx",
			marks: map[string]string{}, fills: map[string]string{}, total: len(fs)}
		evaluator.SortFindings(fs)
		for _, x := range fs {
			if x.Sheet != evaluator.SheetData || x.Cell == "" {
				continue
			}
			if _, ok := fx.marks[x.Cell]; !ok {
				fx.marks[x.Cell] = x.Detail()
				fx.fills[x.Cell] = "FF" + annotateWarningFill
			}
			if x.Severity == evaluator.SevError {
				fx.fills[x.Cell] = "FF" + annotateErrorFill
			}
		}
		if err := os.WriteFile(filepath.Join(dir, fx.name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		out = append(out, fx)
	}
	if len(out) < 10 {
		t.Fatalf("only %d fixtures annotated", len(out))
	}
	return out
}

// TestAnnotatedCopiesOpenEverywhere: the annotated copy of a workbook saved by
// LibreOffice or openpyxl opens in openpyxl (which refuses a colour that is not
// 8-digit ARGB, as excelize's style round trip used to write: rgb="FF",
// rgb="FF00000000") and in LibreOffice, with every mark and comment in place.
func TestAnnotatedCopiesOpenEverywhere(t *testing.T) {
	dir := t.TempDir()
	fixtures := annotateFixtures(t, dir)

	t.Run("openpyxl", func(t *testing.T) {
		py := openpyxlPython()
		if py == "" {
			t.Skip("openpyxl not installed: apt-get install python3-openpyxl (used through /usr/bin/python3)")
		}
		const script = `
import json, sys, openpyxl
out = {}
for p in sys.argv[1:]:
    wb = openpyxl.load_workbook(p)
    ws = wb["数据填报"]
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            if c.comment is not None:
                cells[c.coordinate] = [c.comment.text, c.fill.fgColor.rgb if c.fill and c.fill.fgColor.type == "rgb" else ""]
    out[p] = {"first": wb.sheetnames[0], "rows": wb[wb.sheetnames[0]].max_row, "cells": cells}
json.dump(out, sys.stdout, ensure_ascii=False)
`
		args := []string{"-c", script}
		for _, fx := range fixtures {
			args = append(args, filepath.Join(dir, fx.name))
		}
		b, err := exec.Command(py, args...).Output()
		if err != nil {
			msg := ""
			if ee, ok := err.(*exec.ExitError); ok {
				msg = string(ee.Stderr)
			}
			t.Fatalf("openpyxl could not open the annotated copies: %v\n%s", err, msg)
		}
		var got map[string]struct {
			First string
			Rows  int
			Cells map[string][2]string
		}
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
		for _, fx := range fixtures {
			g := got[filepath.Join(dir, fx.name)]
			if g.First != SheetFindings || g.Rows != fx.total+2 {
				t.Errorf("%s: first sheet %q with %d rows, want %s with %d", fx.name, g.First, g.Rows, SheetFindings, fx.total+2)
			}
			for cell, msg := range fx.marks {
				c, ok := g.Cells[cell]
				if !ok || !strings.Contains(c[0], msg) {
					t.Errorf("%s: 数据填报!%s comment %q, want it to hold %q", fx.name, cell, c[0], msg)
				}
				if !strings.EqualFold(c[1], fx.fills[cell]) {
					t.Errorf("%s: 数据填报!%s fill %q, want %s", fx.name, cell, c[1], fx.fills[cell])
				}
			}
		}
	})

	t.Run("LibreOffice", func(t *testing.T) {
		soffice, err := exec.LookPath("soffice")
		if err != nil {
			t.Skip("soffice not installed: apt-get install libreoffice-calc")
		}
		if testing.Short() {
			t.Skip("slow: runs LibreOffice")
		}
		lo := filepath.Join(dir, "lo")
		args := []string{"--headless", "-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--convert-to", "xlsx", "--outdir", lo}
		for _, fx := range fixtures {
			args = append(args, filepath.Join(dir, fx.name))
		}
		if b, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, b)
		}
		for _, fx := range fixtures {
			f, err := excelize.OpenFile(filepath.Join(lo, fx.name))
			if err != nil {
				t.Errorf("%s: LibreOffice wrote nothing readable: %v", fx.name, err)
				continue
			}
			if list := f.GetSheetList(); len(list) == 0 || list[0] != SheetFindings {
				t.Errorf("%s: sheets %v after LibreOffice", fx.name, list)
			}
			rows, _ := f.GetRows(SheetFindings)
			if len(rows) != fx.total+2 {
				t.Errorf("%s: %d rows on %s after LibreOffice, want %d", fx.name, len(rows), SheetFindings, fx.total+2)
			}
			text := sheetComments(f, evaluator.SheetData)
			for cell, msg := range fx.marks {
				if !strings.Contains(text[cell], msg) {
					t.Errorf("%s: 数据填报!%s comment after LibreOffice %q, want it to hold %q", fx.name, cell, text[cell], msg)
				}
				if got := cellFill(f, evaluator.SheetData, cell); !strings.EqualFold(got, fx.fills[cell]) {
					t.Errorf("%s: 数据填报!%s fill after LibreOffice %q, want %s", fx.name, cell, got, fx.fills[cell])
				}
			}
			f.Close()
		}
	})
}

// cellFill is the ARGB colour of a cell's solid fill, read from the style sheet as
// written (excelize's GetStyle reads no colour at all from a workbook without a theme,
// which is how LibreOffice writes them).
func cellFill(f *excelize.File, sheet, cell string) string {
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil || f.Styles == nil || f.Styles.CellXfs == nil || id >= len(f.Styles.CellXfs.Xf) {
		return ""
	}
	xf := f.Styles.CellXfs.Xf[id]
	if xf.FillID == nil || f.Styles.Fills == nil || *xf.FillID >= len(f.Styles.Fills.Fill) {
		return ""
	}
	pf := f.Styles.Fills.Fill[*xf.FillID].PatternFill
	if pf == nil || pf.FgColor == nil {
		return ""
	}
	return pf.FgColor.RGB
}
