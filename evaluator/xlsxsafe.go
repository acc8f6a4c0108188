package evaluator

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Size limits of SPEC §7 and §10.
const (
	MaxWorkbookSize = 20 << 20 // a submission workbook
	MaxTableSize    = 50 << 20 // a consolidated table (.csv or .xlsx)
	MaxUnzipped     = 64 << 20 // all parts of an .xlsx, inflated
	maxXMLPart      = 16 << 20 // one XML part kept in memory by excelize
)

// unreadableError is a reason, in words a clerk understands, why a file cannot be
// read at all. It becomes a file-unreadable finding.
type unreadableError struct{ reason string }

func (e *unreadableError) Error() string { return e.reason }

func unreadable(format string, args ...any) error {
	return &unreadableError{reason: fmt.Sprintf(format, args...)}
}

// oleMagic starts a Compound File: an encrypted .xlsx or an old .xls.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// checkXLSX vets the bytes of an .xlsx before excelize sees them: the archive must
// be a zip; every entry is inflated through a counting reader (the sizes in the zip
// headers are not trusted) so the whole stays under MaxUnzipped; entry names must be
// plain relative paths; and no XML part may declare a DOCTYPE or an ENTITY (excelize's
// row reader stops silently at one, and a unit's rows would vanish).
func checkXLSX(data []byte) error {
	if bytes.HasPrefix(data, oleMagic) {
		return unreadable("文件设置了打开密码，或是旧版 .xls 格式：请去掉密码，用 Excel 或 WPS 另存为 .xlsx 后再提交")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return unreadable("不是有效的 .xlsx 文件（文件损坏或格式不对）：请用 Excel 或 WPS 打开后另存为 .xlsx 再提交")
	}
	var total int64
	for _, e := range zr.File {
		name := e.Name
		if strings.HasPrefix(name, "/") || strings.Contains(name, `\`) || path.Clean(name) != name || strings.HasPrefix(name, "../") || name == ".." {
			return unreadable("文件内部结构异常（含有不合规的路径 %q）：请用 Excel 或 WPS 另存为新文件后再提交", name)
		}
		n, err := inflateChecked(e, MaxUnzipped-total)
		total += n
		if err != nil {
			return err
		}
	}
	return nil
}

// inflateChecked inflates one entry, counting the bytes that really come out, and
// scans XML parts for DOCTYPE/ENTITY declarations.
func inflateChecked(e *zip.File, budget int64) (int64, error) {
	rc, err := e.Open()
	if err != nil {
		return 0, unreadable("文件已损坏（无法解压 %s）：请用 Excel 或 WPS 另存为新文件后再提交", e.Name)
	}
	defer rc.Close()
	var w io.Writer = io.Discard
	var scan *declScanner
	if isXMLPart(e.Name) {
		scan = &declScanner{}
		w = scan
	}
	n, err := io.Copy(w, io.LimitReader(rc, budget+1))
	if n > budget {
		return n, unreadable("文件解压后超过 %d MiB 的上限：请删除多余的工作表、图片后再提交", MaxUnzipped>>20)
	}
	if err != nil && !errors.Is(err, errDecl) {
		return n, unreadable("文件已损坏（解压 %s 出错）：请用 Excel 或 WPS 另存为新文件后再提交", e.Name)
	}
	if scan != nil && scan.found {
		return n, unreadable("文件含有不允许的 XML 声明（DOCTYPE/ENTITY），可能被改动过：请用 Excel 或 WPS 另存为新文件后再提交")
	}
	return n, nil
}

func isXMLPart(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".xml" || ext == ".rels" || ext == ".vml"
}

var errDecl = errors.New("xml declaration found")

// declScanner is a writer that looks for "<!DOCTYPE" and "<!ENTITY" (any case)
// across write boundaries.
type declScanner struct {
	tail  []byte
	found bool
}

var declWords = [][]byte{[]byte("<!doctype"), []byte("<!entity")}

func (s *declScanner) Write(p []byte) (int, error) {
	if s.found {
		return 0, errDecl
	}
	buf := append(s.tail, p...)
	low := bytes.ToLower(buf)
	for _, w := range declWords {
		if bytes.Contains(low, w) {
			s.found = true
			return 0, errDecl
		}
	}
	const keep = 8 // len("<!doctype") - 1
	if len(buf) > keep {
		buf = buf[len(buf)-keep:]
	}
	s.tail = append(s.tail[:0], buf...)
	return len(p), nil
}

// openXLSX checks data and opens it with excelize's read limits and raw values.
func openXLSX(data []byte) (*excelize.File, error) {
	if err := checkXLSX(data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), readOptions())
	if err != nil {
		return nil, unreadable("无法打开工作簿（%s）：请用 Excel 或 WPS 另存为 .xlsx 后再提交", plainError(err))
	}
	return f, nil
}

func readOptions() excelize.Options {
	return excelize.Options{UnzipSizeLimit: MaxUnzipped, UnzipXMLSizeLimit: maxXMLPart, RawCellValue: true}
}

// plainError shortens a library error for a clerk.
func plainError(err error) string {
	s := err.Error()
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}

// sheetRows reads all rows of a sheet with raw values, and checks that the rows
// the stream reader saw reach the sheet's declared dimension (a reader that stops
// early must not lose a unit without a finding).
func sheetRows(f *excelize.File, sheet string) ([][]string, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, unreadable("无法读取工作表「%s」（%s）", sheet, plainError(err))
	}
	var out [][]string
	last := 0
	for rows.Next() {
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			rows.Close()
			return nil, unreadable("无法读取工作表「%s」第 %d 行（%s）", sheet, len(out)+1, plainError(err))
		}
		last++
		out = append(out, cols)
	}
	if err := rows.Close(); err != nil {
		return nil, unreadable("无法读取工作表「%s」（%s）", sheet, plainError(err))
	}
	// Rows.Next steps through row numbers one by one (a gap in the r attributes comes
	// back as empty rows), so last is the number of the last row element seen.
	for len(out) > 0 && len(out[len(out)-1]) == 0 {
		out = out[:len(out)-1]
	}
	if dim, err := f.GetSheetDimension(sheet); err == nil && dim != "" {
		if _, want := dimensionLastRow(dim); want > 0 && last < want {
			return nil, unreadable("工作表「%s」只读到 %d 行，少于文件声明的 %d 行：文件可能已损坏，请用 Excel 或 WPS 另存为新文件后再提交", sheet, last, want)
		}
	}
	return out, nil
}

// dimensionLastRow parses "A1:I70" (or "A1") into its last column and row.
func dimensionLastRow(dim string) (col, row int) {
	ref := dim
	if i := strings.LastIndexByte(dim, ':'); i >= 0 {
		ref = dim[i+1:]
	}
	c, r, err := excelize.CellNameToCoordinates(strings.ReplaceAll(ref, "$", ""))
	if err != nil {
		return 0, 0
	}
	return c, r
}

// recoverUnreadable turns a library panic into a file-unreadable error. Use it
// as `defer recoverUnreadable(&err)`: recover works only in the deferred call itself.
func recoverUnreadable(err *error) {
	if r := recover(); r != nil {
		*err = unreadable("%s", panicReason(r))
	}
}

// panicReason says what a recovered panic means to a clerk.
func panicReason(r any) string {
	return fmt.Sprintf("读取文件时出错（%v）：文件可能已损坏，请用 Excel 或 WPS 另存为新文件后再提交", r)
}
