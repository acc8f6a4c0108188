package evaluator

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"
)

// SortFindings orders findings for people and for byte-stable output: by file
// (findings about no file last), sheet, row, column, errors before warnings, then
// code, field, unit and message.
func SortFindings(fs Findings) {
	sort.SliceStable(fs, func(i, j int) bool { return findingLess(fs[i], fs[j]) })
}

func findingLess(a, b Finding) bool {
	if (a.File == "") != (b.File == "") {
		return a.File != ""
	}
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Sheet != b.Sheet {
		return a.Sheet < b.Sheet
	}
	ac, ar := cellPos(a.Cell)
	bc, br := cellPos(b.Cell)
	if ar != br {
		return ar < br
	}
	if ac != bc {
		return ac < bc
	}
	if a.Severity != b.Severity {
		return a.Severity == SevError
	}
	if a.Code != b.Code {
		return a.Code < b.Code
	}
	if a.Field != b.Field {
		return a.Field < b.Field
	}
	if a.Unit != b.Unit {
		return a.Unit < b.Unit
	}
	return a.Message < b.Message
}

// cellPos splits an A1 reference into column and row (0, 0 when there is none).
func cellPos(cell string) (col, row int) {
	if cell == "" {
		return 0, 0
	}
	c, r, err := excelize.CellNameToCoordinates(cell)
	if err != nil {
		return 0, 0
	}
	return c, r
}

// WriteFindingsBrief writes at most max of the error findings, one a line (file,
// then the message, which starts with its sheet and cell, then the code), and
// the number of errors when there are more.
func WriteFindingsBrief(w io.Writer, fs Findings, max int) {
	errs := fs.OnlyErrors()
	for i, f := range errs {
		if i == max {
			fmt.Fprintf(w, "……（共 %d 项错误）\n", len(errs))
			return
		}
		if f.File != "" {
			fmt.Fprintf(w, "%s：%s [%s]\n", f.File, f.Message, f.Code)
		} else {
			fmt.Fprintf(w, "%s [%s]\n", f.Message, f.Code)
		}
	}
}

// WriteFindingsText writes findings for a clerk: grouped by file in the order of
// files (the files checked, by base name; a file without findings is listed as
// clean), then any other files, then the findings about the batch as a whole;
// within a file sorted by sheet and row; a summary line with the counts last.
//
// The summary line names the frameworks the findings were judged against (fws,
// in the order given, once each): which framework and which year.
func WriteFindingsText(w io.Writer, fs Findings, files []string, fws ...*FindingFramework) error {
	sorted := append(Findings(nil), fs...)
	SortFindings(sorted)
	groups := map[string]Findings{}
	for _, f := range sorted {
		groups[f.File] = append(groups[f.File], f)
	}
	var order []string
	seen := map[string]bool{}
	for _, f := range files {
		if f = filepath.Base(f); !seen[f] {
			seen[f] = true
			order = append(order, f)
		}
	}
	var rest []string
	for f := range groups {
		if !seen[f] && f != "" {
			rest = append(rest, f)
		}
	}
	sort.Strings(rest)
	order = append(order, rest...)
	if len(groups[""]) > 0 {
		order = append(order, "")
	}

	var b strings.Builder
	withErrors := 0
	for _, file := range order {
		g := groups[file]
		title := file
		if file == "" {
			title = "整批检查"
		}
		e, wn := g.Errors(), g.Warnings()
		if e > 0 && file != "" {
			withErrors++
		}
		switch {
		case len(g) == 0:
			fmt.Fprintf(&b, "%s：未发现问题\n", title)
			continue
		case e == 0:
			fmt.Fprintf(&b, "%s：警告 %d 项（没有错误）\n", title, wn)
		default:
			fmt.Fprintf(&b, "%s：错误 %d 项，警告 %d 项\n", title, e, wn)
		}
		for _, f := range g {
			sev := "错误"
			if f.Severity == SevWarning {
				sev = "警告"
			}
			fmt.Fprintf(&b, "  %s [%s] %s\n", sev, f.Code, oneLine(f.Message))
		}
	}
	nfiles := len(files)
	if nfiles == 0 {
		nfiles = len(rest)
	}
	e, wn := fs.Errors(), fs.Warnings()
	var used []string
	for _, r := range fws {
		if r != nil && !slices.Contains(used, r.Describe()) {
			used = append(used, r.Describe())
		}
	}
	against := ""
	if len(used) > 0 {
		against = "（按" + strings.Join(used, "；") + "检查）"
	}
	fmt.Fprintf(&b, "共检查 %d 个文件%s：错误 %d 项，警告 %d 项", nfiles, against, e, wn)
	if e == 0 {
		b.WriteString("，可以提交\n")
	} else {
		if withErrors > 0 {
			fmt.Fprintf(&b, "（%d 个文件有错误）", withErrors)
		}
		b.WriteString("，请改正错误后重新检查\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

// WriteFindingsJSON writes findings as a JSON array (the fields of Finding: severity,
// code, unit, file, sheet, cell, field, message, and framework {id, version, year}
// when known), sorted, "[]" when there are none.
func WriteFindingsJSON(w io.Writer, fs Findings) error {
	sorted := append(Findings{}, fs...)
	SortFindings(sorted)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(sorted)
}

// MarkDraft returns a copy of fs with every finding marked Draft (the
// internal/findings.json of a -draft run).
func MarkDraft(fs Findings) Findings {
	out := make(Findings, len(fs))
	for i, f := range fs {
		f.Draft = true
		out[i] = f
	}
	return out
}

// WriteInputsJSON writes internal/inputs.json: each input by unit, role, file name
// and SHA-256. It is internal (file names are typed by people and may hold names
// or phone numbers); results.json lists the same inputs without the file names.
func WriteInputsJSON(w io.Writer, in []Input) error {
	if in == nil {
		in = []Input{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(in)
}
