package xlsxread

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestPlainErrorChinese: the library errors a damaged, encrypted or truncated
// workbook gives are said in Chinese; any other is quoted whole inside Chinese.
func TestPlainErrorChinese(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{zip.ErrFormat, "不是有效的 .xlsx 文件"},
		{fmt.Errorf("open: %w", excelize.ErrWorkbookFileFormat), "不是有效的 .xlsx 文件"},
		{zip.ErrChecksum, "文件已损坏"},
		{excelize.ErrWorkbookPassword, "设有打开密码"},
		{io.ErrUnexpectedEOF, "文件不完整"},
		{&xml.SyntaxError{Msg: "unexpected EOF", Line: 7}, "工作簿内部数据损坏（XML 第 7 行）"},
		{errors.New("something new"), `程序库报告 "something new"`},
	}
	english := regexp.MustCompile(`"[^"]*"|XML|xlsx`)
	for _, c := range cases {
		got := PlainError(c.err)
		if !strings.Contains(got, c.want) {
			t.Errorf("PlainError(%v) = %q, want %q", c.err, got, c.want)
		}
		if w := regexp.MustCompile(`[A-Za-z]{2,}`).FindString(english.ReplaceAllString(got, "")); w != "" {
			t.Errorf("PlainError(%v) = %q: English word %q", c.err, got, w)
		}
	}
}
