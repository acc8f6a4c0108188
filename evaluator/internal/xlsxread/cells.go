package xlsxread

import "github.com/xuri/excelize/v2"

// Cell is what a reader needs of a cell besides its value.
type Cell struct {
	Percent    bool   // its number format shows percentages
	Date       bool   // its number format shows dates or times
	Formula    string // the formula text; a shared formula's follower gets its master's ("" if not found)
	HasFormula bool   // the cell has a formula element
	ErrorType  bool   // the cell's type is an error value (t="e")
}

// Cells reads the attributes of a sheet's cells: from the fast scan when the
// sheet went through it (Rows), else from excelize cell by cell.
type Cells struct {
	book  *Book
	f     *excelize.File // the fallback: nil on the fast path
	sheet string
	cells *cellAttrs    // from the fast path; nil: ask excelize cell by cell
	kinds map[int]uint8 // style → styleKind flags (the excelize path)
	err   error
}

// Cells reads cells of a sheet already read with Rows.
func (b *Book) Cells(sheet string) *Cells {
	c := &Cells{book: b, sheet: sheet, kinds: map[int]uint8{}}
	if cells, ok := b.attrs[sheet]; ok {
		c.cells = cells
		return c
	}
	x, err := b.excel()
	if err != nil {
		c.err = err
	}
	c.f = x
	return c
}

// Err is the first error met reading the cells (the reason is for a clerk); after
// it, Cell answers nothing.
func (c *Cells) Err() error { return c.err }

// Cell returns the attributes of the cell named name (its A1 reference) at
// 0-based column col and 1-based row; ok is false once an error has been met.
func (c *Cells) Cell(name string, col, row int) (cell Cell, ok bool) {
	if c.err != nil {
		return Cell{}, false
	}
	if c.cells != nil {
		a := c.cells.get(name, col, row)
		return Cell{Percent: c.book.fast.isPercent(a.style), Date: c.book.fast.isDate(a.style),
			Formula: a.formula, HasFormula: a.hasF, ErrorType: a.typ == "e"}, true
	}
	style, err := c.f.GetCellStyle(c.sheet, name)
	if err != nil {
		c.err = unreadable("无法读取单元格 %s!%s 的格式（%s）", c.sheet, name, PlainError(err))
		return Cell{}, false
	}
	kind := c.styleKind(style)
	cell.Percent, cell.Date = kind&stylePercent != 0, kind&styleDate != 0
	if cell.Formula, err = c.f.GetCellFormula(c.sheet, name); err != nil {
		c.err = unreadable("无法读取单元格 %s!%s 的公式（%s）", c.sheet, name, PlainError(err))
		return Cell{}, false
	}
	cell.HasFormula = cell.Formula != ""
	typ, err := c.f.GetCellType(c.sheet, name)
	if err != nil {
		c.err = unreadable("无法读取单元格 %s!%s（%s）", c.sheet, name, PlainError(err))
		return Cell{}, false
	}
	cell.ErrorType = typ == excelize.CellTypeError
	return cell, true
}

func (c *Cells) styleKind(style int) uint8 {
	if k, ok := c.kinds[style]; ok {
		return k
	}
	var k uint8
	if st, err := c.f.GetStyle(style); err == nil && st != nil {
		if st.CustomNumFmt != nil {
			k = numberStyleKind(st.NumFmt, *st.CustomNumFmt, true)
		} else {
			k = numberStyleKind(st.NumFmt, "", false)
		}
	}
	c.kinds[style] = k
	return k
}
