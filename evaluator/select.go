package evaluator

import (
	"context"
	"os"
	"path/filepath"
)

// FrameworkGroup is the submissions to check against one framework.
type FrameworkGroup struct {
	Framework *Framework
	Raws      []*RawSubmission
}

// FrameworkSelection is how submissions read without a framework given are
// sorted to the frameworks they were issued with (see SelectFrameworks).
type FrameworkSelection struct {
	Groups   []*FrameworkGroup
	Findings Findings // workbooks whose framework cannot be told (template-mismatch)
	// Tables is the framework the tables among the submissions should be read
	// again with (a table names its units, which only a framework maps to ids),
	// nil when there are none or they were read with the fixed framework.
	Tables *Framework
	// TablesDefault: Tables is the embedded default, for want of exactly one
	// workbook framework to go by.
	TablesDefault bool
	// Used are the frameworks the check used (ValidateFiles), for its summary.
	Used []*FindingFramework
}

// SelectFrameworks sorts submissions to their frameworks: all to fixed when it is
// given; otherwise each workbook to the framework saved in its _meta sheet
// (grouped by the framework's SHA-256) — but a workbook of an older edition of the
// embedded default (same id, earlier year) to the default, where it is
// template-outdated — and the tables to the one framework of
// the workbooks, or to the embedded default. The error is the default's failing
// to load; the selection made so far comes with it.
func SelectFrameworks(fixed *Framework, raws []*RawSubmission) (*FrameworkSelection, error) {
	sel := &FrameworkSelection{}
	if fixed != nil {
		sel.Groups = []*FrameworkGroup{{Framework: fixed, Raws: raws}}
		return sel, nil
	}
	bySHA := map[string]*FrameworkGroup{}
	var tables []*RawSubmission
	var def *FrameworkGroup // the embedded default, for workbooks of an older edition of it
	var d *Framework
	loaded := false
	dflt := func() *Framework {
		if !loaded {
			loaded = true
			d, _ = LoadDefault() // a failure is reported below if the tables need it
		}
		return d
	}
	for _, r := range raws {
		if r.Kind != "workbook" {
			tables = append(tables, r)
			continue
		}
		if d := dflt(); r.FrameworkYear != 0 && d != nil && r.FrameworkID == d.ID && r.FrameworkYear < d.Year {
			// Last year's workbook of this year's framework: checked against this
			// year's (template-outdated), as run checks it.
			if def == nil {
				if def = bySHA[d.SHA256]; def == nil {
					def = &FrameworkGroup{Framework: d}
					bySHA[d.SHA256] = def
					sel.Groups = append(sel.Groups, def)
				}
			}
			def.Raws = append(def.Raws, r)
			continue
		}
		if len(r.FrameworkSource) == 0 {
			sel.Findings = append(sel.Findings, Finding{Severity: SevError, Code: CodeTemplateMismatch, Unit: r.Unit,
				File: r.File, Sheet: SheetMeta, Message: "填报表中没有保存指标体系文件，无法单独检查：请使用 dteval template 生成的填报表，或用 -f 指定指标体系文件"})
			continue
		}
		key := r.FrameworkSHA256
		g := bySHA[key]
		if g == nil {
			fw, err := LoadBytes(r.File+":_meta", r.FrameworkSource)
			if err != nil {
				sel.Findings = append(sel.Findings, Finding{Severity: SevError, Code: CodeTemplateMismatch, Unit: r.Unit,
					File: r.File, Sheet: SheetMeta, Message: "填报表中保存的指标体系文件无法读取：请使用市数据局下发的原始填报表，或用 -f 指定指标体系文件"})
				continue
			}
			g = &FrameworkGroup{Framework: fw}
			bySHA[key] = g
			sel.Groups = append(sel.Groups, g)
		}
		g.Raws = append(g.Raws, r)
	}
	if len(tables) == 0 {
		return sel, nil
	}
	if len(sel.Groups) == 1 {
		sel.Tables = sel.Groups[0].Framework
		return sel, nil
	}
	fw, err := LoadDefault()
	if err != nil {
		return sel, err
	}
	sel.Tables, sel.TablesDefault = fw, true
	sel.Groups = append(sel.Groups, &FrameworkGroup{Framework: fw})
	return sel, nil
}

// RereadTables reads the tables among raws again with sel.Tables, into its group:
// they were read without a framework, and only a framework maps the unit names a
// table may use to ids. It does nothing when Tables is nil.
func (sel *FrameworkSelection) RereadTables(ctx context.Context, raws []*RawSubmission) {
	if sel.Tables == nil {
		return
	}
	var paths []string
	seen := map[string]bool{}
	for _, r := range raws {
		if r.Kind == "table" && !seen[r.Path] {
			seen[r.Path] = true
			paths = append(paths, r.Path)
		}
	}
	again, _ := ReadFilesFor(ctx, sel.Tables, paths, 2)
	for _, g := range sel.Groups {
		if g.Framework == sel.Tables {
			g.Raws = append(g.Raws, again...)
		}
	}
}

// ValidateFiles checks the input files (folders, workbooks, tables) as
// `dteval validate` does: reads them, sorts them to frameworks (all to fixed when
// given, else each workbook to its own, SelectFrameworks), reads the tables again
// with theirs and validates each group. Several files or a folder are judged as a
// set, one file as what it is (ScopeOf), unless opt.Scope says otherwise; with
// opt.AdjustSource the adjustments are read against each group's framework and
// applied as run applies them. Every finding names its framework, and sel.Used
// lists the frameworks used (for the summary line).
//
// It returns the selection, every finding (sorted) and either an
// *AdjustmentsError (the adjustments do not load: nothing was judged) or
// SelectFrameworks' error (the embedded default failing to load), with which the
// check goes on; when ctx ends while reading or validating, only ctx's error.
func ValidateFiles(ctx context.Context, fixed *Framework, paths []string, opt ValidateOptions) (*FrameworkSelection, Findings, error) {
	files, _ := ExpandInputs(paths)
	if opt.Scope == ScopeAuto {
		opt.Scope = ScopeOf(len(files), anyFolder(paths))
	}
	raws, all := ReadFilesFor(ctx, fixed, paths, 2)
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	sel, err := SelectFrameworks(fixed, raws)
	all = append(all, sel.Findings...)
	sel.RereadTables(ctx, raws)
	for _, g := range sel.Groups {
		gopt := opt
		if opt.AdjustSource != nil {
			adjs, _, aerr := LoadAdjustmentsFrom(g.Framework, opt.AdjustFile, opt.AdjustSource)
			if aerr != nil {
				return sel, nil, &AdjustmentsError{aerr}
			}
			gopt.Adjustments, gopt.AdjustFile = adjs, filepath.Base(opt.AdjustFile)
			all = ClearAdjusted(all, adjs)
		}
		_, fs, verr := ValidateAll(ctx, g.Framework, g.Raws, gopt)
		if verr != nil {
			return nil, nil, verr
		}
		all = append(all, fs...)
	}
	sel.Used = stampFrameworks(all, sel.Groups, fixed)
	SortFindings(all)
	return sel, all, err
}

// stampFrameworks names in each finding the framework it was judged against (the
// findings from reading: that of their file's group) and returns the frameworks
// used: the groups', or without any the one fixed or the embedded default.
func stampFrameworks(all Findings, groups []*FrameworkGroup, fixed *Framework) []*FindingFramework {
	var used []*FindingFramework
	byFile := map[string]*FindingFramework{}
	for _, g := range groups {
		ref := g.Framework.Ref()
		used = append(used, ref)
		for _, r := range g.Raws {
			if byFile[r.File] == nil {
				byFile[r.File] = ref
			}
		}
	}
	if len(used) == 0 {
		fw := fixed
		if fw == nil {
			fw, _ = LoadDefault()
		}
		if fw != nil {
			used = append(used, fw.Ref())
		}
	}
	for i := range all {
		if all[i].Framework != nil {
			continue
		}
		if ref := byFile[all[i].File]; ref != nil {
			all[i].Framework = ref
		} else if len(used) > 0 {
			all[i].Framework = used[0]
		}
	}
	return used
}

// anyFolder reports whether one of the paths is a folder (a folder is a set).
func anyFolder(paths []string) bool {
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			return true
		}
	}
	return false
}
