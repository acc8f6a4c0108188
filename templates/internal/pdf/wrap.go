package pdf

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Line breaking for Chinese text by the 禁则 (kinsoku) rules of GB/T 15834 and
// common typesetting practice: no line starts with closing punctuation and none
// ends with opening punctuation; a number stays with its unit (2025年度, 30万人,
// 第3位) and a Latin word stays whole; a dash or an ellipsis (——, ……) is never
// split; and no text of several lines ends on a line of a single character.
const (
	noStart = "，。、；：？！）》」』】〕〉〗’”%‰·…—～,.;:?!)]}℃"
	noEnd   = "（《「『【〔〈〖‘“([{"
)

// units are the words a number keeps on its line (longest first where one
// begins another: 年度 before 年).
var units = []string{
	"个百分点", "平方公里", "万千瓦", "年度", "万元", "亿元", "万人", "万户", "公里", "小时",
	"千瓦", "百分点", "个", "项", "分", "名", "位", "家", "人", "户", "元", "次", "件", "所",
	"座", "条", "类", "章", "节", "倍", "年", "月", "日", "号", "岁", "天", "周", "万", "亿",
	"米", "吨", "台", "套", "篇", "处", "款", "批", "期", "级", "星", "例",
}

func isNoStart(t string) bool {
	r, n := utf8.DecodeRuneInString(t)
	return (n == len(t) || (r == '—' || r == '…') && strings.Trim(t, string(r)) == "") && strings.ContainsRune(noStart, r)
}

func isNoEnd(t string) bool {
	r, n := utf8.DecodeRuneInString(t)
	return n == len(t) && strings.ContainsRune(noEnd, r)
}

// latinRune tells whether r belongs to a Latin word or a number.
func latinRune(r rune) bool {
	return r < 0x2E80 && r != '—' && r != '…' && (unicode.IsLetter(r) || unicode.IsDigit(r) ||
		strings.ContainsRune(".,%‰+-−/:_()'@#&±×", r) || r > 0x7F && r < 0x250)
}

// tokens splits text into unbreakable pieces: a Latin word or a number with the
// unit after it (and 第 before it), a run of dashes or ellipses, a space, or a
// single other character.
func tokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == ' ':
			out = append(out, " ")
			i += n
		case latinRune(r):
			j := i + n
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !latinRune(r2) {
					break
				}
				j += n2
			}
			if strings.ContainsAny(s[i:j], "0123456789") {
				for _, u := range units {
					if strings.HasPrefix(s[j:], u) {
						j += len(u)
						break
					}
				}
				if k := len(out) - 1; k >= 0 && out[k] == "第" { // 第 before the number goes with it
					out[k] = "第" + s[i:j]
					i = j
					continue
				}
			}
			out = append(out, s[i:j])
			i = j
		case r == '—' || r == '…':
			j := i + n
			for strings.HasPrefix(s[j:], string(r)) {
				j += n
			}
			out = append(out, s[i:j])
			i = j
		default:
			out = append(out, s[i:i+n])
			i += n
		}
	}
	return out
}

// WrapCache holds lines wrapped by documents of one kind (the feedback PDFs, which
// wrap the same indicator names a thousand times), keyed by face, size, width and
// text; safe for concurrent use. Callers must not change the lines they get.
type WrapCache struct {
	mu sync.RWMutex
	m  map[wrapKey][]string
}

type wrapKey struct {
	face    int
	size, w float64
	text    string
}

// NewWrapCache returns an empty cache.
func NewWrapCache() *WrapCache { return &WrapCache{m: map[wrapKey][]string{}} }

// Get returns the lines cached for text wrapped at width w in p's current font.
func (c *WrapCache) Get(p *Writer, text string, w float64) ([]string, bool) {
	k := wrapKey{p.face, p.sizePt, w, text}
	c.mu.RLock()
	defer c.mu.RUnlock()
	lines, ok := c.m[k]
	return lines, ok
}

// Put caches the lines of text wrapped at width w in p's current font (up to a
// bound on the number of entries).
func (c *WrapCache) Put(p *Writer, text string, w float64, lines []string) {
	k := wrapKey{p.face, p.sizePt, w, text}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) < maxWrapCache {
		c.m[k] = lines
	}
}

// maxWrapCache bounds the shared wrapped lines (texts that need breaking: indicator
// names, headings; a few hundred for a framework).
const maxWrapCache = 20000

// Wrap breaks text into lines no wider than w (mm) in the current font, by the
// rules above (see tokens); a piece wider than the line is split between runes.
// When the last line would hold a single character (良/好, 待提/升), the line
// before gives it its last piece(s), within the rules. Trailing spaces are
// dropped. (fpdf's MultiCell, which the reports first used, lost a character at
// every CJK break.)
func (p *Writer) Wrap(text string, w float64) []string {
	if p.GetStringWidth(text) <= w+0.01 {
		// fits: what the loop below would return, without splitting it into tokens
		return []string{strings.TrimRight(text, " ")}
	}
	tw := func(t string) float64 { return p.GetStringWidth(t) }
	var lines [][]string
	var cur []string
	curW := 0.0
	emit := func() {
		lines = append(lines, cur)
		cur, curW = nil, 0
	}
	for _, t := range tokens(text) {
		wt := tw(t)
		if curW+wt <= w+0.01 {
			if t == " " && len(cur) == 0 && len(lines) > 0 {
				continue
			}
			cur = append(cur, t)
			curW += wt
			continue
		}
		if t == " " {
			emit()
			continue
		}
		if len(cur) == 0 || wt > w {
			if len(cur) > 0 {
				emit()
			}
			// a single token wider than the line: split it by runes
			var part strings.Builder
			pw := 0.0
			for _, r := range t {
				rw := tw(string(r))
				if pw+rw > w && part.Len() > 0 {
					lines = append(lines, []string{part.String()})
					part.Reset()
					pw = 0
				}
				part.WriteRune(r)
				pw += rw
			}
			cur, curW = []string{part.String()}, pw
			continue
		}
		k := carry(cur, t)
		for k > 0 { // unless what is carried and t do not fit a line together
			cw := wt
			for _, c := range cur[len(cur)-k:] {
				cw += tw(c)
			}
			if cw <= w+0.01 {
				break
			}
			k = 0
		}
		carried := cur[len(cur)-k:]
		cur = cur[:len(cur)-k]
		emit()
		for _, c := range carried {
			cur = append(cur, c)
			curW += tw(c)
		}
		cur = append(cur, t)
		curW += wt
	}
	if len(cur) > 0 || len(lines) == 0 {
		emit()
	}
	lines = noOrphan(lines, w, tw)
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimRight(strings.Join(l, ""), " ")
	}
	return out
}

// carry is how many pieces at the end of the line cur go to the next line with
// next, which does not fit: the closing punctuation before next when next is
// closing punctuation too, and the character it closes; an opening bracket. At
// least one piece stays. (The caller carries nothing when the pieces and next
// would not fit a line together.)
func carry(cur []string, next string) int {
	k := 0
	if isNoStart(next) {
		// take the last piece(s) along so that no punctuation starts the line
		k = 1
		for k < len(cur)-1 && isNoStart(cur[len(cur)-k]) {
			k++
		}
	}
	// and no opening bracket ends the line
	for k < len(cur)-1 && isNoEnd(cur[len(cur)-1-k]) {
		k++
	}
	return min(k, len(cur)-1)
}

// noOrphan moves the last piece(s) of the line before a last line of one
// character (closing punctuation aside) down to it, when the rules allow and the
// last line still fits.
func noOrphan(lines [][]string, w float64, tw func(string) float64) [][]string {
	n := len(lines)
	if n < 2 || chars(lines[n-1]) != 1 {
		return lines
	}
	prev, last := lines[n-2], lines[n-1]
	for k := 1; k < len(prev); k++ {
		moved := prev[len(prev)-k:]
		if strings.TrimSpace(moved[0]) == "" || isNoStart(moved[0]) || isNoEnd(prev[len(prev)-k-1]) {
			continue // would start the line with a space or closing punctuation, or end the other with an opening bracket
		}
		if chars(prev[:len(prev)-k]) < 2 {
			break // the line before would become the orphan
		}
		nl := append(append([]string{}, moved...), last...)
		width := 0.0
		for _, t := range nl {
			width += tw(t)
		}
		if width > w+0.01 {
			break
		}
		out := append(lines[:n-2:n-2], prev[:len(prev)-k], nl)
		return out
	}
	return lines
}

// chars counts the characters of a line that are not punctuation or space.
func chars(line []string) int {
	n := 0
	for _, t := range line {
		for _, r := range t {
			if r != ' ' && !strings.ContainsRune(noStart, r) && !strings.ContainsRune(noEnd, r) {
				n++
			}
		}
	}
	return n
}
