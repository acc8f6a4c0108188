package pdf

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Line-breaking classes for CJK text (a simple form of the kinsoku rules).
const (
	noStart = "，。、；：？！）》」』】〕〉’”%‰·…—,.;:?!)]}℃"
	noEnd   = "（《「『【〔〈‘“([{"
)

func isNoStart(t string) bool {
	return utf8.RuneCountInString(t) == 1 && strings.Contains(noStart, t)
}

// tokens splits text into unbreakable pieces: a Latin word or number, a space, or
// a single other character.
func tokens(s string) []string {
	var out []string
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			out = append(out, word.String())
			word.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r == ' ':
			flush()
			out = append(out, " ")
		case r < 0x2E80 && r != '—' && r != '…' && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(".,%‰+-−/:_()'@#&±×", r) || r > 0x7F && r < 0x250):
			word.WriteRune(r)
		default:
			flush()
			out = append(out, string(r))
		}
	}
	flush()
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

// Wrap breaks text into lines no wider than w (mm) in the current font: Latin
// words and numbers stay together, no line starts with closing punctuation and
// none ends with an opening bracket; a piece wider than the line is split between
// runes. Trailing spaces are dropped. (fpdf's MultiCell, which the reports first
// used, lost a character at every CJK break.)
func (p *Writer) Wrap(text string, w float64) []string {
	if p.GetStringWidth(text) <= w+0.01 {
		// fits: what the loop below would return, without splitting it into tokens
		return []string{strings.TrimRight(text, " ")}
	}
	toks := tokens(text)
	var lines []string
	var cur []string
	curW := 0.0
	tw := func(t string) float64 { return p.GetStringWidth(t) }
	emit := func() {
		s := strings.TrimRight(strings.Join(cur, ""), " ")
		lines = append(lines, s)
		cur, curW = nil, 0
	}
	for _, t := range toks {
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
					lines = append(lines, part.String())
					part.Reset()
					pw = 0
				}
				part.WriteRune(r)
				pw += rw
			}
			cur, curW = []string{part.String()}, pw
			continue
		}
		var carry []string
		if isNoStart(t) && len(cur) > 1 {
			// take the last piece(s) along so that no punctuation starts the line
			k := 1
			for k < len(cur)-1 && isNoStart(cur[len(cur)-k]) {
				k++
			}
			carry = append(carry, cur[len(cur)-k:]...)
			cur = cur[:len(cur)-k]
		} else if last := cur[len(cur)-1]; len(cur) > 1 && strings.Contains(noEnd, last) && utf8.RuneCountInString(last) == 1 {
			carry = []string{last}
			cur = cur[:len(cur)-1]
		}
		emit()
		for _, c := range carry {
			cur = append(cur, c)
			curW += tw(c)
		}
		cur = append(cur, t)
		curW += wt
	}
	if len(cur) > 0 || len(lines) == 0 {
		emit()
	}
	return lines
}
