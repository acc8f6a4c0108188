package synth

import (
	"bytes"
	"context"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
)

var small = Spec{Units: 12, Indicators: 60, Runs: 10, Seed: 1}

func TestFrameworkLoads(t *testing.T) {
	fw, err := Framework(Scale)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(fw.Units); got != 1000 {
		t.Errorf("%d units, want 1000", got)
	}
	leaves := 0
	fw.Walk(func(n *evaluator.Node) {
		if n.Kind == evaluator.KindIndicator && len(n.Children) == 0 {
			leaves++
		}
	})
	if leaves != 200 {
		t.Errorf("%d leaf indicators, want 200", leaves)
	}
	if fw.Regulation != "" || fw.Method.Sensitivity.Runs != 1000 || len(fw.Index.Children) != 7 {
		t.Errorf("regulation %q, runs %d, %d top-level groups", fw.Regulation, fw.Method.Sensitivity.Runs, len(fw.Index.Children))
	}
	methods := map[string]int{}
	for _, n := range fw.Leaves() {
		methods[n.Normalize.Method]++
	}
	for _, m := range []string{"goalpost", "minmax", "target", "ladder", "boolean", "grade", "zscore", "rank"} {
		if methods[m] == 0 {
			t.Errorf("no indicator uses %s: %v", m, methods)
		}
	}
}

// The generated workbooks read back without any error finding, and the same
// spec gives the same bytes.
func TestWorkbooksValidate(t *testing.T) {
	fw, err := Framework(small)
	if err != nil {
		t.Fatal(err)
	}
	books, err := Workbooks(small, fw, 2)
	if err != nil {
		t.Fatal(err)
	}
	var raws []*evaluator.RawSubmission
	for i, data := range books {
		raw, fs := evaluator.ReadWorkbookBytes(fw.Units[i].ID+".xlsx", data)
		if fs.Errors() > 0 || raw == nil {
			t.Fatalf("%s: %v", fw.Units[i].ID, fs)
		}
		raws = append(raws, raw)
	}
	ds, fs, _ := evaluator.ValidateAll(context.Background(), fw, raws, evaluator.ValidateOptions{})
	if n := fs.Errors(); n > 0 {
		t.Fatalf("%d validation errors, first %v", n, fs[0])
	}
	if len(ds.Units) != small.Units {
		t.Errorf("%d units in the dataset", len(ds.Units))
	}
	again, err := Workbook(small, fw, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, books[3]) {
		t.Error("workbook of unit 3 differs between two runs")
	}
}

func BenchmarkWorkbook(b *testing.B) {
	fw, err := Framework(Scale)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		if _, err := Workbook(Scale, fw, i%Scale.Units); err != nil {
			b.Fatal(err)
		}
	}
}

// RawSubmissions gives what the reader gives for the same unit.
func TestRawMatchesReader(t *testing.T) {
	fw, err := Framework(small)
	if err != nil {
		t.Fatal(err)
	}
	raws, err := RawSubmissions(small, fw)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []int{0, 5} {
		data, err := Workbook(small, fw, u)
		if err != nil {
			t.Fatal(err)
		}
		got, fs := evaluator.ReadWorkbookBytes(fw.Units[u].ID+".xlsx", data)
		if got == nil {
			t.Fatal(fs)
		}
		want := raws[u]
		if got.Unit != want.Unit || got.Year != want.Year || got.FrameworkSHA256 != want.FrameworkSHA256 || len(got.Rows) != len(want.Rows) {
			t.Fatalf("unit %q/%q year %q/%q sha %q/%q rows %d/%d", got.Unit, want.Unit, got.Year, want.Year,
				got.FrameworkSHA256, want.FrameworkSHA256, len(got.Rows), len(want.Rows))
		}
		for i, g := range got.Rows {
			w := want.Rows[i]
			if g.Field != w.Field || g.Row != w.Row || g.Value.Prov != w.Value.Prov || g.Value.Text != w.Value.Text || g.Value.PercentFormat != w.Value.PercentFormat ||
				g.Evidence.Text != w.Evidence.Text || g.Note.Text != w.Note.Text {
				t.Errorf("row %d: reader %+v\nsynth %+v", i, g, w)
			}
		}
	}
}
