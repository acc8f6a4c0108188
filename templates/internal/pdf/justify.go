package pdf

// Justified text (两端对齐): Chinese publications set every line of a paragraph
// but its last flush with both margins, spreading the line's slack evenly over
// the gaps between its characters. A Latin word or a number is never spread: the
// slack goes between CJK characters, at the boundaries between CJK and Latin
// text, and after a space; an indent (ideographic spaces) and a run of dashes or
// ellipses (——, ……) keep their width.

// maxJustifyGap is the most space (in ems of the font size) justification adds to
// one gap: a line that would need more (a few long Latin words, say) stays
// left-aligned rather than being torn apart.
const maxJustifyGap = 0.5

// wordSpace is the widest gap (in ems) text extractors do not read as a space
// between words: poppler's is 0.1 em. A justified line with wider gaps carries
// its text as ActualText (see textOp).
const wordSpace = 0.08

// justifiable tells whether the gap between the adjacent runes a and b of a line
// takes a share of the slack.
func justifiable(a, b rune) bool {
	switch {
	case b == ' ', a == '\u3000':
		return false // a space's share goes after it; the indent keeps its width
	case a == b && (a == '—' || a == '…'):
		return false
	case latinRune(a) && latinRune(b):
		return false
	}
	return true
}

// justifyGaps counts the gaps of s that take a share of the slack.
func justifyGaps(s string) int {
	n := 0
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 && justifiable(prev, r) {
			n++
		}
		prev = r
	}
	return n
}

// justifyGap is the space (mm) each justifiable gap of s, sw mm wide in a font of
// sizeMM mm, takes for s to fill w mm: 0 when s has no such gap, is not narrower
// than w, or would need more than maxJustifyGap ems a gap.
func justifyGap(s string, sw, w, sizeMM float64) float64 {
	slack := w - sw
	if slack < 0.005 { // nothing a reader could see
		return 0
	}
	n := justifyGaps(s)
	if n == 0 {
		return 0
	}
	gap := slack / float64(n)
	if gap > maxJustifyGap*sizeMM {
		return 0
	}
	return gap
}
