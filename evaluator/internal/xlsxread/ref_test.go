package xlsxread

import (
	"testing"

	"github.com/xuri/excelize/v2"
)

// canonicalRef and cellName agree with excelize on references as Excel writes
// them, and refuse every other spelling (which then goes through excelize).
func TestCanonicalRef(t *testing.T) {
	for _, row := range []int{1, 9, 10, 99, 218, 4096, 4097, 100000, excelize.TotalRows} {
		for _, col := range []int{1, 2, 26, 27, 32, 33, 52, 702, 703, excelize.MaxColumns} {
			name, err := excelize.CoordinatesToCellName(col, row)
			if err != nil {
				t.Fatal(err)
			}
			if c, r := canonicalRef([]byte(name)); c != col || r != row {
				t.Errorf("canonicalRef(%s) = %d, %d", name, c, r)
			}
			if got := CellName(col, row); got != name {
				t.Errorf("CellName(%d, %d) = %q, want %q", col, row, got, name)
			}
			if got := a1Ref(col-1, row); got != name {
				t.Errorf("a1Ref(%d, %d) = %q, want %q", col-1, row, got, name)
			}
		}
	}
	for _, s := range []string{"", "A", "1", "a1", "$A$1", "A01", "A0", "AAAA1", "XFE1", "A1048577", "A1 ", "A12345678", "Ä1"} {
		if c, r := canonicalRef([]byte(s)); c != 0 || r != 0 {
			t.Errorf("canonicalRef(%q) = %d, %d, want 0, 0", s, c, r)
		}
	}
	if CellName(0, 1) != "" || a1Ref(-1, 1) != "" || CellName(1, 0) != "" {
		t.Error("invalid coordinates must give \"\"")
	}
}

// a1Ref is the evaluator's name of a 0-based column and 1-based row.
func a1Ref(col, row int) string { return CellName(col+1, row) }
