package evaluator

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/wuxi-data/dteval/evaluator/internal/xlsxread"
)

// The submission workbook's names (SPEC §7). The template writer (templates) and
// the reader share them; the reader finds everything by these texts, never by
// position.
const (
	SheetHelp = "填报说明"
	SheetData = "数据填报"
	SheetMeta = "_meta"

	// MetaSchema identifies the _meta layout.
	MetaSchema = "dteval/submission/v1"
)

// Column headers of the 数据填报 sheet, in template order.
const (
	ColSeq      = "序号"
	ColField    = "字段编码"
	ColName     = "名称"
	ColUnit     = "计量单位"
	ColValue    = "填报值"
	ColEvidence = "佐证材料"
	ColNote     = "备注"
	ColSource   = "来源部门"
	ColHelp     = "填报说明"
)

// DataColumns lists the 数据填报 column headers in template order.
var DataColumns = []string{ColSeq, ColField, ColName, ColUnit, ColValue, ColEvidence, ColNote, ColSource, ColHelp}

// Labels of the header block above the column headers.
const (
	LabelUnit     = "单位"
	LabelYear     = "年度"
	LabelFiller   = "填报人"
	LabelPhone    = "联系电话"
	LabelReviewer = "审核人"
)

// ContactLabels are the header-block cells a clerk fills in (never published).
var ContactLabels = []string{LabelFiller, LabelPhone, LabelReviewer}

// Keys of the _meta sheet: column A holds the key, column B the value. The framework
// file is split over as many framework_source rows as it needs (an Excel cell holds
// at most 32,767 characters).
const (
	MetaKeySchema           = "schema"
	MetaKeyFrameworkID      = "framework_id"
	MetaKeyFrameworkVersion = "framework_version"
	MetaKeyFrameworkSHA256  = "framework_sha256"
	MetaKeyUnit             = "unit"
	MetaKeyUnitName         = "unit_name"
	MetaKeyYear             = "year"
	MetaKeyIssued           = "issued"
	MetaKeyFrameworkSource  = "framework_source"
)

// Size limits of SPEC §7 and §10.
const (
	MaxWorkbookSize = 20 << 20             // a submission workbook
	MaxTableSize    = 50 << 20             // a consolidated table (.csv or .xlsx)
	MaxUnzipped     = xlsxread.MaxUnzipped // all parts of an .xlsx, inflated
)

// headerSearchRows bounds the search for the column-header row.
const headerSearchRows = 60

// ReadWorkbookBytes reads a submission workbook held in memory; name is the file's
// base name, used in provenance and findings.
func ReadWorkbookBytes(name string, data []byte) (*RawSubmission, Findings) {
	if len(data) > MaxWorkbookSize {
		return nil, Findings{unreadableFinding(name, tooBig(len(data), MaxWorkbookSize))}
	}
	f, err := xlsxread.Open(data)
	if err != nil {
		return nil, Findings{unreadableFinding(name, err.Error())}
	}
	defer f.Close()
	if sheetIndex(f, SheetMeta) < 0 {
		return nil, Findings{notSubmission(name, f)}
	}
	return readWorkbookFile(name, data, f)
}

// readWorkbookFile reads an opened workbook that has a _meta sheet.
func readWorkbookFile(name string, data []byte, f *xlsxread.Book) (sub *RawSubmission, fs Findings) {
	defer func() {
		if r := recover(); r != nil {
			sub, fs = nil, Findings{unreadableFinding(name, xlsxread.PanicReason(r))}
		}
	}()
	sum := sha256.Sum256(data)
	sub = &RawSubmission{Kind: "workbook", File: name, SHA256: hex.EncodeToString(sum[:])}
	if err := readMeta(f, sub); err != nil {
		return nil, Findings{readFinding(SevError, CodeTemplateMismatch, "", name, SheetMeta, "", "", err.Error())}
	}

	sheet := findDataSheet(f)
	if sheet == "" {
		return nil, Findings{readFinding(SevError, CodeTemplateMismatch, sub.Unit, name, SheetData, "", "",
			"找不到「数据填报」工作表（表头含「字段编码」「填报值」的工作表）：请使用下发的填报表，不要删除或改动表头")}
	}
	sub.Sheet = sheet
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, Findings{unreadableFinding(name, err.Error())}
	}
	hdr, cols := findHeader(rows)
	if hdr < 0 || cols[ColValue] < 0 {
		return nil, Findings{readFinding(SevError, CodeTemplateMismatch, sub.Unit, name, sheet, "", "",
			"「数据填报」工作表缺少「字段编码」或「填报值」列：请使用下发的填报表，不要删除或改动表头")}
	}
	readHeaderBlock(rows[:hdr], name, sheet, sub)
	if sub.Year == "" && sub.YearCell.Cell == "" {
		sub.YearCell = Provenance{File: name, Sheet: SheetMeta}
	}

	cr := newCellReader(f, name, sheet)
	seen := make(map[string]string, len(rows)-hdr) // field id → its 字段编码 cell
	for i := hdr + 1; i < len(rows); i++ {
		row := rows[i]
		id := trimLabel(row.At(cols[ColField]))
		if id == "" {
			continue // section rows, blank rows, a clerk's own rows
		}
		r := i + 1
		idCell := a1Ref(cols[ColField], r)
		if first, dup := seen[id]; dup {
			fs = append(fs, readFinding(SevError, CodeFieldDuplicate, sub.Unit, name, sheet, idCell, id,
				fmt.Sprintf("字段编码 %s 出现了两次（%s 和 %s）：只读取第一处，请删除重复的行", id, first, idCell)))
			continue
		}
		seen[id] = idCell
		rr := RawRow{Field: id, Row: r}
		rr.Value = cr.cell(row, cols[ColValue], r)
		rr.Evidence = cr.cell(row, cols[ColEvidence], r)
		rr.Note = cr.cell(row, cols[ColNote], r)
		if sub.Rows == nil {
			sub.Rows = make([]RawRow, 0, len(rows)-i)
		}
		sub.Rows = append(sub.Rows, rr)
	}
	if cr.err() != nil {
		return nil, Findings{unreadableFinding(name, cr.err().Error())}
	}
	return sub, fs
}

// readMeta reads the very-hidden _meta sheet into sub.
func readMeta(f *xlsxread.Book, sub *RawSubmission) error {
	rows, err := f.Rows(SheetMeta)
	if err != nil {
		return err
	}
	n := 0
	for _, row := range rows {
		if strings.TrimSpace(row.At(0)) == MetaKeyFrameworkSource {
			n += len(row.At(1))
		}
	}
	src := make([]byte, 0, n)
	schema := ""
	for _, row := range rows {
		key, val := strings.TrimSpace(row.At(0)), row.At(1)
		switch key {
		case MetaKeySchema:
			schema = strings.TrimSpace(val)
		case MetaKeyFrameworkID:
			sub.FrameworkID = strings.TrimSpace(val)
		case MetaKeyFrameworkVersion:
			sub.FrameworkVersion = strings.TrimSpace(val)
		case MetaKeyFrameworkSHA256:
			sub.FrameworkSHA256 = strings.TrimSpace(val)
		case MetaKeyUnit:
			sub.Unit = strings.TrimSpace(val)
		case MetaKeyYear:
			sub.Year = strings.TrimSpace(val)
			sub.FrameworkYear, _ = parseYear(val)
		case MetaKeyFrameworkSource:
			src = append(src, val...)
		}
	}
	if schema != MetaSchema || sub.FrameworkID == "" {
		return fmt.Errorf("不是本系统下发的填报表（_meta 工作表内容不符）：请使用 dteval template 生成的填报表")
	}
	if len(src) > 0 {
		sub.FrameworkSource = src
		sum := sha256.Sum256(sub.FrameworkSource)
		if sub.FrameworkSHA256 != "" && hex.EncodeToString(sum[:]) != sub.FrameworkSHA256 {
			return fmt.Errorf("_meta 工作表中保存的指标体系文件已被改动（SHA-256 不符）：请使用重新下发的填报表")
		}
	}
	return nil
}

// findDataSheet returns 数据填报, or else the first sheet whose first rows hold a
// 字段编码 header (a renamed sheet), or "".
func findDataSheet(f *xlsxread.Book) string {
	if sheetIndex(f, SheetData) >= 0 {
		return SheetData
	}
	for _, s := range f.SheetList() {
		if s == SheetMeta {
			continue
		}
		rows, err := f.Rows(s)
		if err != nil {
			continue
		}
		if h, _ := findHeader(rows); h >= 0 {
			return s
		}
	}
	return ""
}

// findHeader finds the column-header row (the first with a 字段编码 cell) and the
// column of each known header; absent columns are -1.
func findHeader(rows []xlsxread.Row) (int, map[string]int) {
	cols := map[string]int{}
	for _, c := range DataColumns {
		cols[c] = -1
	}
	for i := 0; i < len(rows) && i < headerSearchRows; i++ {
		found := false
		for _, v := range rows[i] {
			if trimLabel(v.Text) == ColField {
				found = true
				break
			}
		}
		if !found {
			continue
		}
		for _, v := range rows[i] {
			h := strings.ReplaceAll(trimLabel(v.Text), " ", "")
			if c, ok := cols[h]; ok && c < 0 {
				cols[h] = v.Col
			}
		}
		return i, cols
	}
	return -1, cols
}

// readHeaderBlock reads 年度 and the contacts from the rows above the column
// headers: the value of a label is the first non-empty cell to its right before the
// next label (or the cell just right of it when they are all empty).
func readHeaderBlock(rows []xlsxread.Row, file, sheet string, sub *RawSubmission) {
	labels := map[string]bool{LabelUnit: true, LabelYear: true, LabelFiller: true, LabelPhone: true, LabelReviewer: true}
	for i, row := range rows {
		for j, v := range row {
			label := trimHeaderLabel(v.Text)
			if !labels[label] {
				continue
			}
			val, col := "", v.Col+1
			for _, next := range row[j+1:] {
				t := trimHeaderLabel(next.Text)
				if labels[t] {
					break
				}
				if strings.TrimSpace(next.Text) != "" {
					val, col = next.Text, next.Col
					break
				}
			}
			prov := Provenance{File: file, Sheet: sheet, Cell: a1Ref(col, i+1)}
			switch label {
			case LabelUnit:
				sub.UnitCell = prov
				sub.UnitText = strings.TrimSpace(val)
			case LabelYear:
				if y := strings.TrimSpace(val); y != "" {
					sub.Year = y
				}
				sub.YearCell = prov
			default:
				if sub.Contacts == nil {
					sub.Contacts = map[string]string{}
				}
				sub.Contacts[label] = strings.TrimSpace(val)
			}
		}
	}
}

func trimHeaderLabel(s string) string {
	return strings.TrimSuffix(strings.TrimSuffix(trimLabel(s), "："), ":")
}

// cellReader reads input cells with their number format and formula.
type cellReader struct {
	cells *xlsxread.Cells
	file  string
	sheet string
}

// newCellReader reads cells of a sheet already read with f.Rows.
func newCellReader(f *xlsxread.Book, file, sheet string) *cellReader {
	return &cellReader{cells: f.Cells(sheet), file: file, sheet: sheet}
}

// err is the first error met reading cells' attributes.
func (cr *cellReader) err() error { return cr.cells.Err() }

// cell returns the RawCell at 0-based column col of row (1-based r). A missing
// column gives an empty cell without provenance.
func (cr *cellReader) cell(row xlsxread.Row, col, r int) RawCell {
	if col < 0 {
		return RawCell{Prov: Provenance{File: cr.file, Sheet: cr.sheet}}
	}
	name := a1Ref(col, r)
	c := RawCell{Text: row.At(col), Prov: Provenance{File: cr.file, Sheet: cr.sheet, Cell: name}}
	a, ok := cr.cells.Cell(name, col, r)
	if !ok {
		return c
	}
	c.PercentFormat, c.DateFormat = a.Percent, a.Date
	c.Formula = a.Formula
	c.FormulaError = a.ErrorType || (a.HasFormula && c.Text == "") || isErrorValue(c.Text)
	if a.HasFormula && c.Formula == "" {
		c.Formula = "?" // a shared formula whose master was not found
	}
	return c
}

// errorValues are the cached values Excel stores for a formula error.
var errorValues = map[string]bool{
	"#DIV/0!": true, "#N/A": true, "#NAME?": true, "#NULL!": true, "#NUM!": true,
	"#REF!": true, "#VALUE!": true, "#GETTING_DATA": true, "#SPILL!": true, "#CALC!": true,
}

func isErrorValue(s string) bool { return errorValues[strings.TrimSpace(s)] }

// notSubmission is the finding for an .xlsx without _meta.
func notSubmission(name string, f *xlsxread.Book) Finding {
	msg := "不是本系统下发的填报表（缺少 _meta 工作表）：请使用 dteval template 生成的填报表填写，不要另建新表或复制粘贴到新文件"
	if isTableXLSX(f) {
		msg = "这是汇总表（第一个工作表 A1 为 unit），不是单位填报表：请按汇总表读取"
	}
	return readFinding(SevError, CodeTemplateMismatch, "", name, "", "", "", msg)
}

// sheetIndex returns the index of a sheet by exact name, or -1.
func sheetIndex(f *xlsxread.Book, name string) int {
	for i, s := range f.SheetList() {
		if s == name {
			return i
		}
	}
	return -1
}

// a1Ref turns a 0-based column and a 1-based row into an A1 reference.
func a1Ref(col, row int) string {
	return xlsxread.CellName(col+1, row)
}

// cleanText trims ASCII and full-width spaces (and a BOM) from a label or an id.
func trimLabel(s string) string {
	return strings.Trim(s, " \t\r\n\u3000\u00a0\ufeff")
}

// readFileLimited reads a regular file of at most max bytes; anything else (a
// folder, a FIFO or a device named *.xlsx) is file-unreadable at once.
func readFileLimited(path string, max int) ([]byte, Findings) {
	name := filepath.Base(path)
	fh, err := OpenRegular(path)
	if err != nil {
		if nr := (*NotRegularError)(nil); errors.As(err, &nr) && !nr.Mode.IsDir() {
			return nil, Findings{unreadableFinding(name, "不是普通文件（"+fileKind(nr.Mode)+"），不会读取：请提交 .xlsx 填报表或 .csv 汇总表文件本身")}
		}
		return nil, Findings{unreadableFinding(name, FileErrorText(err))}
	}
	defer fh.Close()
	if fi, err := fh.Stat(); err == nil && fi.Size() > int64(max) {
		return nil, Findings{unreadableFinding(name, tooBig(int(fi.Size()), max))}
	}
	data, err := io.ReadAll(io.LimitReader(fh, int64(max)+1))
	if err != nil {
		return nil, Findings{unreadableFinding(name, FileErrorText(err))}
	}
	if len(data) > max {
		return nil, Findings{unreadableFinding(name, tooBig(len(data), max))}
	}
	return data, nil
}

func tooBig(size, max int) string {
	return fmt.Sprintf("文件大小 %.1f MiB，超过 %d MiB 的上限：请删除多余的工作表、图片后再提交", float64(size)/(1<<20), max>>20)
}

func unreadableFinding(name, reason string) Finding {
	return readFinding(SevError, CodeFileUnreadable, "", name, "", "", "", "无法读取文件："+reason)
}

func readFinding(sev, code, unit, file, sheet, cell, field, msg string) Finding {
	return Finding{Severity: sev, Code: code, Unit: unit, File: file, Sheet: sheet, Cell: cell, Field: field, Message: msg}
}
