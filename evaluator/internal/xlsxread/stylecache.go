package xlsxread

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sync"
	"sync/atomic"
)

// Reader opens the workbooks of one batch and keeps what they share. Their
// styles.xml parts are identical byte for byte (they are written from one
// template): parsing one with encoding/xml took 8 % of the reading time at 1,000
// workbooks, so the reader parses each distinct part once; workbook.xml and its
// relationships likewise (3.6 %). Each cache holds at most maxStyleCache entries
// (a long-lived reader may see uploads from anywhere), and the slices it hands
// out are never changed. A Reader is safe for concurrent use; its zero value is
// ready.
type Reader struct {
	// Trace, when set, is told of each fallback to excelize and why.
	Trace func(event string)

	fast, excelize, panics atomic.Int64 // sheets read each way; panics recovered

	testHook func(sheet string) // tests: called as the scan of a sheet starts

	styleMu sync.Mutex
	styles  map[[sha256.Size]byte][]uint8

	layoutMu sync.Mutex
	layouts  map[[sha256.Size]byte]*workbookLayout
}

const maxStyleCache = 64

// NewReader returns a reader with empty caches.
func NewReader() *Reader { return &Reader{} }

func (rd *Reader) scanNumberStylesCached(x []byte) ([]uint8, bool) {
	key := sha256.Sum256(x)
	rd.styleMu.Lock()
	pct, ok := rd.styles[key]
	rd.styleMu.Unlock()
	if ok {
		return pct, true
	}
	pct, ok = scanNumberStyles(x)
	if !ok {
		return nil, false
	}
	rd.styleMu.Lock()
	if rd.styles == nil {
		rd.styles = map[[sha256.Size]byte][]uint8{}
	}
	if len(rd.styles) < maxStyleCache {
		rd.styles[key] = pct
	}
	rd.styleMu.Unlock()
	return pct, true
}

// workbookLayoutCached is parseWorkbookLayout once per distinct pair of parts.
// The key hashes both parts, the first prefixed with its length.
func (rd *Reader) workbookLayoutCached(workbook, rels []byte) (*workbookLayout, bool) {
	h := sha256.New()
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(workbook)))
	h.Write(n[:])
	h.Write(workbook)
	h.Write(rels)
	var key [sha256.Size]byte
	h.Sum(key[:0])
	rd.layoutMu.Lock()
	wl, ok := rd.layouts[key]
	rd.layoutMu.Unlock()
	if ok {
		return wl, true
	}
	wl, ok = parseWorkbookLayout(workbook, rels)
	if !ok {
		return nil, false
	}
	rd.layoutMu.Lock()
	if rd.layouts == nil {
		rd.layouts = map[[sha256.Size]byte]*workbookLayout{}
	}
	if len(rd.layouts) < maxStyleCache {
		rd.layouts[key] = wl
	}
	rd.layoutMu.Unlock()
	return wl, true
}

// Stats counts how a reader's sheets were read.
type Stats struct {
	Fast     int64 // sheets read by the byte scan
	Excelize int64 // sheets read by excelize: the scan declined the workbook or the sheet
	Panics   int64 // of those, after a panic of the scan was recovered (a bug to report)
}

// Stats returns the counts so far.
func (rd *Reader) Stats() Stats {
	return Stats{Fast: rd.fast.Load(), Excelize: rd.excelize.Load(), Panics: rd.panics.Load()}
}

// fallback records that what (a workbook or a sheet) goes to excelize.
func (rd *Reader) fallback(what string) {
	if what != "workbook" {
		rd.excelize.Add(1)
	}
	if rd.Trace != nil {
		rd.Trace("xlsxread: " + what + " read by excelize (the fast scan declined it)")
	}
}

// panicked records a panic of the scan, recovered into the excelize fallback.
func (rd *Reader) panicked(what string, r any) {
	rd.panics.Add(1)
	if rd.Trace != nil {
		rd.Trace(fmt.Sprintf("xlsxread: %s: the fast scan panicked (%v); excelize reads it", what, r))
	}
}
