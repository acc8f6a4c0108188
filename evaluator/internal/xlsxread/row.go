package xlsxread

import "slices"

// Bounds of one sheet (file-unreadable beyond them). Memory follows the cells
// present: a row is its non-empty cells (Row), never padded to its last column,
// so a sheet of 99,000 rows each holding one cell in column XFD takes 99,000
// values, not 99,000 × 16,384.
const (
	// MaxSheetRows bounds the rows read from one sheet: a submission has about a
	// hundred, a table one per unit. A million rows took 2.5 GB and 100 s.
	MaxSheetRows = 100000
	// MaxSheetCells bounds the cell elements of one sheet (empty formatted cells
	// count): a table of 1,000 units × 400 columns has 400,000. Each costs about
	// 100 bytes while the sheet is read; 64 MiB of XML could otherwise declare
	// six million.
	MaxSheetCells = 1000000
	// maxPaddedCells bounds the work of the excelize fallback, whose row reader
	// pads every row to its last cell: rows × width summed over the sheet. Each
	// padded row is dropped once its cells are taken, so this bounds time and
	// the bytes allocated, not what is kept.
	maxPaddedCells = 1 << 20
)

// Value is one non-empty cell of a row: its 0-based column and raw text.
type Value struct {
	Col  int
	Text string
}

// Row is a row's non-empty cells in column order (no two in one column).
type Row []Value

// At is the text of the cell at 0-based column col ("" when empty).
func (r Row) At(col int) string {
	if col < 0 {
		return ""
	}
	if col < len(r) && r[col].Col == col { // a dense row: the usual case
		return r[col].Text
	}
	i, found := slices.BinarySearchFunc(r, col, func(v Value, c int) int { return v.Col - c })
	if !found {
		return ""
	}
	return r[i].Text
}

// DenseRow is the Row of a row given as every cell's text (a CSV record).
func DenseRow(cells []string) Row {
	n := 0
	for _, s := range cells {
		if s != "" {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	r := make(Row, 0, n)
	for c, s := range cells {
		if s != "" {
			r = append(r, Value{Col: c, Text: s})
		}
	}
	return r
}

func tooManyCells(sheet string) error {
	return unreadable("工作表「%s」的单元格超过 %d 个，远多于填报表或汇总表应有的数量：请删除多余的行、列（包括只设置了格式的空白单元格）后再提交", sheet, MaxSheetCells)
}

func tooSparse(sheet string) error {
	return unreadable("工作表「%s」的内容分散在很远的列（如 XFD 列），无法按行读取：请删除表格右侧和下方多余的单元格，或用 Excel 或 WPS 另存为新文件后再提交", sheet)
}
