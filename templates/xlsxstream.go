package templates

import (
	"bytes"
	"io"
	"io/fs"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlStreamZipWriter gives the worksheets written through excelize's StreamWriter the
// relationship attributes excelize writes for the others. The stream writer encodes
// the elements after <sheetData> (<drawing>, <legacyDrawing> …) with a fresh XML
// encoder, which spells r:id as
//
//	xmlns:relationships="http://schemas.openxmlformats.org/officeDocument/2006/relationships" relationships:id
//
// The same namespace, but excelize rewrites it to r:id for its other parts because
// some readers do not resolve the long form; this writer does the same rewrite
// (excelize's replaceRelationshipsBytes) on the worksheet parts, then hands every
// part to the next writer.
type xlStreamZipWriter struct {
	next   excelize.ZipWriter
	sheets map[string]*bytes.Buffer
	order  []string
}

func newXLStreamZipWriter(next excelize.ZipWriter) *xlStreamZipWriter {
	return &xlStreamZipWriter{next: next, sheets: map[string]*bytes.Buffer{}}
}

var (
	xlLongRelID  = []byte(`xmlns:relationships="http://schemas.openxmlformats.org/officeDocument/2006/relationships" relationships`)
	xlShortRelID = []byte("r")
)

func (z *xlStreamZipWriter) Create(name string) (io.Writer, error) {
	if !strings.HasPrefix(name, "xl/worksheets/") || !strings.HasSuffix(name, ".xml") {
		return z.next.Create(name)
	}
	if _, ok := z.sheets[name]; !ok {
		z.order = append(z.order, name)
	}
	b := new(bytes.Buffer)
	z.sheets[name] = b // a second part of the same name replaces the first
	return b, nil
}

func (z *xlStreamZipWriter) AddFS(fsys fs.FS) error { return z.next.AddFS(fsys) }

func (z *xlStreamZipWriter) Close() error {
	for _, name := range z.order {
		w, err := z.next.Create(name)
		if err != nil {
			return err
		}
		data := z.sheets[name].Bytes()
		if bytes.Contains(data, xlLongRelID) {
			data = bytes.ReplaceAll(data, xlLongRelID, xlShortRelID)
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	return z.next.Close()
}
