package evaluator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
)

// PipelineInput is what the validate → drop faulty values → adjust → score
// stages need (RunPipeline).
type PipelineInput struct {
	Framework    *Framework
	Raws         []*RawSubmission
	ReadFindings Findings // from reading the files
	Previous     *Results
	// PreviousFile and PreviousSHA256 name last year's results.json and its digest,
	// for the inputs list (results.json, the annexes). Without a digest (the demo
	// scores last year in memory) it is that of the results.json Previous would be
	// written as; without a file name, results.json.
	PreviousFile, PreviousSHA256 string
	// AdjustPath is the adjustments file (核查核减), "" for none; AdjustSource its
	// content when already read (the demo's), else it is read from AdjustPath.
	AdjustPath   string
	AdjustSource []byte
	AllowErrors  bool   // score even when errors remain (faulty values count as missing)
	Draft        bool   // a -draft run: results.json says "draft": true
	Date         string // results.json "date"
	Tool         ToolRef
	// Trace, when set, is told of each stage's end ("validated", "adjusted", "scored").
	Trace func(stage string)
}

// InputErrors is returned by RunPipeline when the findings hold errors and
// AllowErrors is off: nothing was scored.
type InputErrors struct {
	Findings Findings // every finding, sorted
}

func (e *InputErrors) Error() string {
	return fmt.Sprintf("%d error(s) in the submissions: nothing scored", e.Findings.Errors())
}

// AdjustmentsError is returned by RunPipeline when the adjustments file does not
// load (Err may be a *LoadError with positions) or does not apply.
type AdjustmentsError struct{ Err error }

func (e *AdjustmentsError) Error() string { return e.Err.Error() }
func (e *AdjustmentsError) Unwrap() error { return e.Err }

// RunPipeline validates the submissions (as a complete batch), drops the values
// that carry errors, applies the adjustments and scores. Its errors are
// *InputErrors, *AdjustmentsError, ErrNeedsPrevious (wrapped or not), a failure
// of scoring itself, or ctx's error when ctx ends while validating (looked at
// before each submission and each stage) or before scoring.
func RunPipeline(ctx context.Context, in PipelineInput) (*Results, error) {
	trace := func(stage string) {
		if in.Trace != nil {
			in.Trace(stage)
		}
	}
	fw := in.Framework
	if fw.Kind == FrameworkSelf {
		return runSelfPipeline(ctx, in)
	}
	// The adjustments are read first: they take part in the verdict (ValidateAll).
	var extra []Input // the adjustments and last year's results change the numbers too
	opt := ValidateOptions{Previous: in.Previous, Scope: ScopeSet}
	if in.AdjustPath != "" {
		adjs, src, err := LoadAdjustmentsFrom(fw, in.AdjustPath, in.AdjustSource)
		if err != nil {
			return nil, &AdjustmentsError{err}
		}
		sum := sha256.Sum256(src)
		// Named by role and SHA-256 (SPEC §6); the file name is for internal/ only.
		extra = append(extra, Input{File: filepath.Base(in.AdjustPath), SHA256: hex.EncodeToString(sum[:]), Role: InputAdjustments})
		opt.Adjustments, opt.AdjustFile = adjs, filepath.Base(in.AdjustPath)
	}
	ds, fs, err := ValidateAll(ctx, fw, in.Raws, opt)
	if err != nil {
		return nil, err
	}
	read := ClearAdjusted(in.ReadFindings, opt.Adjustments)
	DropFaulty(fw, ds, read, in.Previous) // e.g. field-duplicate, found while reading
	trace("validated")
	all := append(append(Findings{}, read...), fs...)
	SortFindings(all)
	if all.Errors() > 0 && !in.AllowErrors {
		return nil, &InputErrors{Findings: all}
	}
	trace("adjusted")
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res, err := Score(fw, ds, ScoreOptions{Date: in.Date, Tool: in.Tool, Previous: in.Previous, Findings: all})
	if err != nil {
		if errors.Is(err, ErrNeedsPrevious) {
			return nil, err
		}
		return nil, fmt.Errorf("score: %w", err)
	}
	if in.Previous != nil {
		name, sha := in.PreviousFile, in.PreviousSHA256
		if sha == "" {
			h := sha256.New()
			if err := WriteResults(h, in.Previous); err != nil {
				return nil, fmt.Errorf("previous results: %w", err)
			}
			sha = hex.EncodeToString(h.Sum(nil))
		}
		if name == "" {
			name = "results.json"
		}
		extra = append(extra, Input{File: filepath.Base(name), SHA256: sha, Role: InputPrevious})
	}
	res.Inputs = append(res.Inputs, extra...)
	res.Draft = in.Draft
	trace("scored")
	return res, nil
}
