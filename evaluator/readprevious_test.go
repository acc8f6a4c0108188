package evaluator

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadPrevious: -previous is refused when it is a draft, not an earlier year,
// or not there, and every refusal names the file.
func TestReadPrevious(t *testing.T) {
	fw, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, r *Results) string { return writeResultsFile(t, filepath.Join(dir, name), r) }
	base := Results{Schema: ResultsSchema, Year: fw.Year - 1, Framework: FrameworkRef{ID: fw.ID, Version: fw.Version, SHA256: fw.SHA256}}
	last := base
	lastPath := write("last.json", &last)
	draft := base
	draft.Draft = true
	draftPath := write("draft.json", &draft)
	same := base
	same.Year = fw.Year
	samePath := write("same.json", &same)

	if r, err := ReadPrevious(lastPath, fw); err != nil || r.Year != fw.Year-1 || r.SourceSHA256 == "" {
		t.Errorf("last year's results: %v, %v", r, err)
	}
	if _, err := ReadPrevious(draftPath, fw); !errors.Is(err, ErrPreviousDraft) || !strings.Contains(err.Error(), draftPath) {
		t.Errorf("draft: %v, want ErrPreviousDraft naming the file", err)
	}
	if _, err := ReadPrevious(draftPath, nil); !errors.Is(err, ErrPreviousDraft) {
		t.Errorf("draft without a framework: %v, want ErrPreviousDraft", err)
	}
	if _, err := ReadPrevious(samePath, fw); err == nil || !strings.Contains(err.Error(), samePath) {
		t.Errorf("the same year: %v, want a refusal naming the file", err)
	}
	if r, err := ReadPrevious(samePath, nil); err != nil || r == nil {
		t.Errorf("the same year without a framework (validate): %v, want it read", err)
	}
	missing := filepath.Join(dir, "none.json")
	if _, err := ReadPrevious(missing, fw); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: %v, want an error naming it", err)
	}
}

// TestSelectUnits: the units named, in the list's order; "" is every unit; an
// unknown id is returned as such.
func TestSelectUnits(t *testing.T) {
	fw, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	ids := fw.UnitIDs()
	if all, bad := fw.SelectUnits(""); bad != "" || len(all) != len(fw.Units) || len(ids) != len(fw.Units) {
		t.Fatalf("all units: %d, %q (framework has %d)", len(all), bad, len(fw.Units))
	}
	got, bad := fw.SelectUnits(ids[2] + ", " + ids[0])
	if bad != "" || len(got) != 2 || got[0].ID != ids[2] || got[1].ID != ids[0] {
		t.Errorf("two units: %v %q", got, bad)
	}
	if got, bad := fw.SelectUnits(ids[0] + ",nosuch"); bad != "nosuch" || got != nil {
		t.Errorf("unknown unit: %v %q, want nil and \"nosuch\"", got, bad)
	}
}
