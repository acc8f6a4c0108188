package evaluator

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/wuxi-data/dteval/evaluator/internal/xlsxread"
)

// Column headers of a consolidated table (SPEC §7).
const (
	TableColUnit        = "unit"
	TableColYear        = "year"
	TableEvidenceSuffix = ".evidence"
)

// ReadTable reads a consolidated table: a .csv (UTF-8, with or without BOM) or the
// first sheet of an .xlsx, with a unit column, optionally a year column, one column
// per field id and optionally <field-id>.evidence columns. It returns one
// RawSubmission (Kind "table") per data row. Provenance cells are A1 references for
// both kinds: the column letter and the row (for a CSV, the line number).
//
// fw may be nil. With a framework, a unit written by its name (江阴市) is read as
// its id and field-id headers are matched regardless of case.
func ReadTable(path string, fw *Framework) ([]*RawSubmission, Findings) {
	data, fs := readFileLimited(path, MaxTableSize)
	if fs != nil {
		return nil, fs
	}
	subs, fs := ReadTableBytes(filepath.Base(path), data, fw)
	for _, s := range subs {
		s.Path = path
	}
	return subs, fs
}

// ReadTableBytes is ReadTable on bytes in memory; name is the file's base name and
// decides the kind (.csv or .xlsx).
func ReadTableBytes(name string, data []byte, fw *Framework) ([]*RawSubmission, Findings) {
	if len(data) > MaxTableSize {
		return nil, Findings{unreadableFinding(name, tooBig(len(data), MaxTableSize))}
	}
	if strings.EqualFold(filepath.Ext(name), ".csv") {
		return readCSVTable(name, data, fw)
	}
	f, err := xlsxread.Open(data)
	if err != nil {
		return nil, Findings{unreadableFinding(name, err.Error())}
	}
	defer f.Close()
	return readXLSXTable(name, data, f, fw)
}

// isTableXLSX reports whether the first sheet has "unit" in A1.
func isTableXLSX(f *xlsxread.Book) bool {
	list := f.SheetList()
	if len(list) == 0 {
		return false
	}
	rows, err := f.Rows(list[0])
	return err == nil && len(rows) > 0 && strings.EqualFold(trimLabel(rows[0].At(0)), TableColUnit)
}

// tableSource abstracts the CSV and XLSX tables: rows of text plus, for xlsx, the
// format and formula of a cell.
type tableSource struct {
	name, sheet string
	rows        []xlsxread.Row
	lines       []int                                      // 1-based line (csv) or row (xlsx) of each row
	widths      []int                                      // csv: the fields of each row as written
	cell        func(row xlsxread.Row, col, r int) RawCell // builds a RawCell
}

func readCSVTable(name string, data []byte, fw *Framework) (subs []*RawSubmission, fs Findings) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return nil, Findings{unreadableFinding(name, "文件是 UTF-16 编码：请在 Excel 中另存为「CSV UTF-8（逗号分隔）」后再提交")}
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if !utf8.Valid(data) {
		return nil, Findings{unreadableFinding(name, "文件不是 UTF-8 编码（可能是 GBK）：请在 Excel 中另存为「CSV UTF-8（逗号分隔）」后再提交")}
	}
	// Read strictly: a stray or unpaired quote, a row of another width than the
	// header, or more rows or cells than a sheet may hold make the whole table
	// unreadable, with its line — never values silently shifted to another column
	// or rows swallowed into one cell.
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.Comma = csvDelimiter(data)
	src := tableSource{name: name}
	cells := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, Findings{unreadableFinding(name, csvProblem(err))}
		}
		line, _ := r.FieldPos(0)
		if cells += len(rec); len(src.rows) >= xlsxread.MaxSheetRows || cells > xlsxread.MaxSheetCells {
			return nil, Findings{unreadableFinding(name, fmt.Sprintf(
				"汇总表超过 %d 行或 %d 个单元格（到第 %d 行为止），远多于汇总表应有的大小：请只保留表头和每个%s一行后再提交",
				xlsxread.MaxSheetRows, xlsxread.MaxSheetCells, line, fw.UnitNoun()))}
		}
		src.rows = append(src.rows, xlsxread.DenseRow(rec))
		src.lines = append(src.lines, line)
		src.widths = append(src.widths, len(rec))
	}
	if msg := raggedRows(src); msg != "" {
		return nil, Findings{unreadableFinding(name, msg)}
	}
	src.cell = func(row xlsxread.Row, col, line int) RawCell {
		return RawCell{Text: row.At(col), Prov: Provenance{File: name, Cell: a1Ref(col, line)}}
	}
	return readTableRows(src, data, fw)
}

// csvProblem says in words where a CSV table's quotes go wrong.
func csvProblem(err error) string {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return "无法读取（" + xlsxread.PlainError(err) + "）：请在 Excel 中另存为「CSV UTF-8（逗号分隔）」后再提交"
	}
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return fmt.Sprintf("第 %d 行有多余的引号（\"）：字段内的引号要写成两个（\"\"），并把整个字段用引号括起来；或删去这个引号", pe.Line)
	case errors.Is(pe.Err, csv.ErrQuote) && pe.StartLine != pe.Line:
		return fmt.Sprintf("第 %d 行的引号没有配对，其后直到第 %d 行的内容都被读成了一个单元格：请在第 %d 行补上或删去引号", pe.StartLine, pe.Line, pe.StartLine)
	case errors.Is(pe.Err, csv.ErrQuote):
		return fmt.Sprintf("第 %d 行的引号没有配对：请补上或删去引号", pe.Line)
	}
	return fmt.Sprintf("第 %d 行格式错误（%s）：请检查引号是否成对", pe.Line, xlsxread.PlainError(pe.Err))
}

// raggedRows checks that every row of a CSV table has the header's width (its
// last named column): a row with fewer fields, or with values beyond the header,
// would put its values under the wrong field. Empty trailing fields and blank
// rows are fine. It says which lines, or "".
func raggedRows(src tableSource) string {
	if len(src.rows) == 0 {
		return ""
	}
	width := 0
	for _, v := range src.rows[0] {
		if trimLabel(v.Text) != "" {
			width = v.Col + 1
		}
	}
	var bad []string
	first := ""
	for i := 1; i < len(src.rows); i++ {
		row := src.rows[i]
		if blankRow(row) {
			continue
		}
		last := 0
		for _, v := range row {
			if trimLabel(v.Text) != "" {
				last = v.Col + 1
			}
		}
		if src.widths[i] >= width && last <= width {
			continue
		}
		if first == "" {
			if src.widths[i] < width {
				first = fmt.Sprintf("第 %d 行只有 %d 列，表头有 %d 列", src.lines[i], src.widths[i], width)
			} else {
				first = fmt.Sprintf("第 %d 行第 %d 列有内容，超出了表头的 %d 列", src.lines[i], last, width)
			}
		}
		bad = append(bad, fmt.Sprint(src.lines[i]))
	}
	if len(bad) == 0 {
		return ""
	}
	more := ""
	if len(bad) > 1 {
		more = fmt.Sprintf("（共 %d 行列数不对：第 %s 行）", len(bad), strings.Join(bad[:min(len(bad), 10)], "、"))
		if len(bad) > 10 {
			more = strings.Replace(more, " 行）", " 行等）", 1)
		}
	}
	return first + more + "，各列的数值会错位：请检查这些行是否少了或多了逗号（含逗号的数值要用引号括起），每行的列数应与表头相同"
}

// csvDelimiter picks ',' unless the header line has none and has ';' or a tab
// (Excel in some locales).
func csvDelimiter(data []byte) rune {
	line := data
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		line = data[:i]
	}
	switch {
	case bytes.IndexByte(line, ',') >= 0:
		return ','
	case bytes.IndexByte(line, '\t') >= 0:
		return '\t'
	case bytes.IndexByte(line, ';') >= 0:
		return ';'
	}
	return ','
}

func readXLSXTable(name string, data []byte, f *xlsxread.Book, fw *Framework) (subs []*RawSubmission, fs Findings) {
	defer func() {
		if r := recover(); r != nil {
			subs, fs = nil, Findings{unreadableFinding(name, xlsxread.PanicReason(r))}
		}
	}()
	list := f.SheetList()
	if len(list) == 0 {
		return nil, Findings{unreadableFinding(name, "工作簿中没有工作表")}
	}
	sheet := list[0]
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, Findings{unreadableFinding(name, err.Error())}
	}
	src := tableSource{name: name, sheet: sheet, rows: rows}
	for i := range rows {
		src.lines = append(src.lines, i+1)
	}
	cr := newCellReader(f, name, sheet)
	src.cell = cr.cell
	subs, fs = readTableRows(src, data, fw)
	if cr.err() != nil {
		return nil, Findings{unreadableFinding(name, cr.err().Error())}
	}
	return subs, fs
}

// readTableRows turns the rows of a table into one RawSubmission per unit row.
func readTableRows(src tableSource, data []byte, fw *Framework) ([]*RawSubmission, Findings) {
	var fs Findings
	if len(src.rows) == 0 {
		return nil, Findings{readFinding(SevError, CodeTemplateMismatch, "", src.name, src.sheet, "", "",
			"汇总表是空的：第一行应为表头（unit 列和各字段编码列）")}
	}
	header := src.rows[0]
	hdrLine := src.lines[0]
	unitCol, yearCol := -1, -1
	type fieldCol struct {
		id       string
		col      int
		evidence int
	}
	var fields []*fieldCol
	byID := map[string]*fieldCol{}
	evidence := map[string]int{}
	evidenceCell := map[string]string{}
	for _, hv := range header {
		j, h := hv.Col, trimLabel(hv.Text)
		cell := a1Ref(j, hdrLine)
		low := strings.ToLower(h)
		switch {
		case h == "":
			continue
		case low == TableColUnit && unitCol < 0:
			unitCol = j
		case low == TableColYear && yearCol < 0:
			yearCol = j
		case strings.HasSuffix(low, TableEvidenceSuffix):
			id := tableFieldID(strings.TrimSuffix(h, h[len(h)-len(TableEvidenceSuffix):]), fw)
			if _, dup := evidence[id]; dup {
				fs = append(fs, readFinding(SevError, CodeFieldDuplicate, "", src.name, src.sheet, cell, id,
					fmt.Sprintf("列 %s 重复（%s 和 %s）：只读取第一列，请删除重复的列", h, evidenceCell[id], cell)))
				continue
			}
			evidence[id] = j
			evidenceCell[id] = cell
		default:
			id := tableFieldID(h, fw)
			if first, dup := byID[id]; dup {
				fs = append(fs, readFinding(SevError, CodeFieldDuplicate, "", src.name, src.sheet, cell, id,
					fmt.Sprintf("字段 %s 的列重复（%s 和 %s）：只读取第一列，请删除重复的列", id, a1Ref(first.col, hdrLine), cell)))
				continue
			}
			fc := &fieldCol{id: id, col: j, evidence: -1}
			fields = append(fields, fc)
			byID[id] = fc
		}
	}
	if unitCol < 0 {
		return nil, append(fs, readFinding(SevError, CodeTemplateMismatch, "", src.name, src.sheet, a1Ref(0, hdrLine), "",
			"汇总表第一行缺少 unit 列（填写单位编码，如 jiangyin）：请按「unit, 字段编码…」的表头整理后再提交"))
	}
	for id, col := range evidence {
		if fc, ok := byID[id]; ok {
			fc.evidence = col
		}
	}

	sum := sha256.Sum256(data)
	digest := hex.EncodeToString(sum[:])
	var subs []*RawSubmission
	for i := 1; i < len(src.rows); i++ {
		row, line := src.rows[i], src.lines[i]
		if blankRow(row) {
			continue
		}
		sub := &RawSubmission{Kind: "table", File: src.name, SHA256: digest, Sheet: src.sheet}
		sub.Unit = tableUnitID(trimLabel(row.At(unitCol)), fw)
		sub.UnitCell = Provenance{File: src.name, Sheet: src.sheet, Cell: a1Ref(unitCol, line)}
		if yearCol >= 0 {
			sub.Year = trimLabel(row.At(yearCol))
			sub.YearCell = Provenance{File: src.name, Sheet: src.sheet, Cell: a1Ref(yearCol, line)}
		}
		for _, fc := range fields {
			rr := RawRow{Field: fc.id, Row: line, Value: src.cell(row, fc.col, line)}
			if fc.evidence >= 0 {
				rr.Evidence = src.cell(row, fc.evidence, line)
			}
			sub.Rows = append(sub.Rows, rr)
		}
		subs = append(subs, sub)
	}
	if len(subs) == 0 {
		fs = append(fs, readFinding(SevError, CodeUnitMissing, "", src.name, src.sheet, "", "",
			"汇总表只有表头，没有任何单位的数据行：请每个单位填写一行（unit 列填单位编码）后再提交"))
	}
	return subs, fs
}

func blankRow(row xlsxread.Row) bool {
	for _, v := range row {
		if trimLabel(v.Text) != "" {
			return false
		}
	}
	return true
}

// tableFieldID matches a header to a field id regardless of case when fw knows it.
func tableFieldID(h string, fw *Framework) string {
	if fw != nil && fw.Field(h) == nil {
		if low := strings.ToLower(h); fw.Field(low) != nil {
			return low
		}
	}
	return h
}

// tableUnitID reads a unit written by its id or, with a framework, by its name.
func tableUnitID(v string, fw *Framework) string {
	if fw == nil {
		return v
	}
	if _, ok := fw.Unit(v); ok {
		return v
	}
	if _, ok := fw.Unit(strings.ToLower(v)); ok {
		return strings.ToLower(v)
	}
	for _, u := range fw.Units {
		if u.Name == v {
			return u.ID
		}
	}
	return v
}
