package evaluator

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
)

// runSelfPipeline is RunPipeline for a self-assessment (kind: self): the rows of
// the tables are split by their year column (SplitYears), each year is validated
// as its own, the adjustments apply to the evaluated year, and every year is
// scored (ScoreSelf). A table without a row for the evaluated year is an
// *InputErrors with a year-mismatch finding.
func runSelfPipeline(ctx context.Context, in PipelineInput) (*Results, error) {
	trace := func(stage string) {
		if in.Trace != nil {
			in.Trace(stage)
		}
	}
	fw := in.Framework
	// The adjustments correct the evaluated year; they take part in its verdict
	// (ValidateAll), as in RunPipeline and validate -adjust.
	var adjs []Adjustment
	if in.AdjustPath != "" {
		var err error
		if adjs, _, err = LoadAdjustmentsFrom(fw, in.AdjustPath, in.AdjustSource); err != nil {
			return nil, &AdjustmentsError{err}
		}
	}
	byYear, yf := SplitYears(fw, in.Raws)
	all := append(ClearAdjusted(append(Findings{}, in.ReadFindings...), adjs), yf...)
	ys := make([]int, 0, len(byYear))
	for y := range byYear {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	years := map[int]*Dataset{}
	for _, y := range ys {
		fwY := fw.ForYear(y)
		opt := ValidateOptions{Scope: ScopeSet}
		if y == fw.Year {
			opt.Adjustments, opt.AdjustFile = adjs, filepath.Base(in.AdjustPath)
		}
		ds, fs, err := ValidateAll(ctx, fwY, byYear[y], opt)
		if err != nil {
			return nil, err
		}
		DropFaulty(fwY, ds, ClearAdjusted(in.ReadFindings, opt.Adjustments), nil)
		all = append(all, fs...)
		years[y] = ds
	}
	if years[fw.Year] == nil && len(in.Raws) > 0 {
		all = append(all, Finding{Severity: SevError, Code: CodeYearMismatch,
			Message: fmt.Sprintf("汇总表中没有评估年度 %d 年的数据：本级评估的汇总表需要 year 列，每个年度一行，其中须有 %d 年的一行", fw.Year, fw.Year)})
	}
	trace("validated")
	SortFindings(all)
	if all.Errors() > 0 && !in.AllowErrors {
		return nil, &InputErrors{Findings: all}
	}
	trace("adjusted")
	res, err := ScoreSelf(fw, years, ScoreOptions{Date: in.Date, Tool: in.Tool, Findings: all})
	if err != nil {
		if errors.Is(err, ErrNoCurrentYear) {
			return nil, &InputErrors{Findings: append(all, Finding{Severity: SevError, Code: CodeYearMismatch, Message: err.Error()})}
		}
		return nil, fmt.Errorf("score: %w", err)
	}
	trace("scored")
	return res, nil
}
