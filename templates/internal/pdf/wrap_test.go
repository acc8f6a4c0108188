package pdf

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWrapCJK(t *testing.T) {
	p := testFonts(t).NewWriter()
	p.SetFont(fontSerif, "", 14)
	tests := []struct {
		name, text string
		width      float64
	}{
		{"punctuation", "参评地区综合得分平均为67.03分，最高为89.65分（新吴区），最低为31.60分（经济开发区），相差58.05分。", 40},
		{"closing runs", "对个别地区不适用的指标（标注“不适用”），不计入该地区得分，其权重在同级指标中按比例分配。", 30},
		{"latin words", "SHA-256 校验值 dd12fb38a9789d38302192521b660b3db02455c65014782aee1b670474a1d355 可用于核对", 50},
		{"narrow", "一二三四五六七八九十", 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lines := p.Wrap(tc.text, tc.width)
			joined := strings.Join(lines, "")
			if strings.ReplaceAll(joined, " ", "") != strings.ReplaceAll(tc.text, " ", "") {
				t.Fatalf("characters lost:\n got %q\nwant %q", joined, tc.text)
			}
			for i, l := range lines {
				if w := p.GetStringWidth(l); w > tc.width+0.5 && len([]rune(l)) > 1 {
					t.Errorf("line %d %q is %.1f mm wide, limit %.1f", i, l, w, tc.width)
				}
				if i > 0 && l != "" && isNoStart(string([]rune(l)[0])) {
					t.Errorf("line %d starts with closing punctuation: %q", i, l)
				}
				if r := []rune(l); i < len(lines)-1 && len(r) > 0 && strings.ContainsRune(noEnd, r[len(r)-1]) {
					t.Errorf("line %d ends with an opening bracket: %q", i, l)
				}
			}
			if tc.name == "latin words" {
				found := false
				for _, l := range lines {
					if strings.Contains(l, "dd12fb38") {
						found = true
					}
				}
				if !found {
					t.Errorf("hash split: %q", lines)
				}
			}
		})
	}
}

// TestWrapRules: hand-made cases with the lines expected, at widths of whole
// characters (the serif face's CJK advance is one em).
func TestWrapRules(t *testing.T) {
	p := testFonts(t).NewWriter()
	p.SetFont(fontSerif, "", 10)
	em := p.GetStringWidth("国")
	chars := func(n int) float64 { return float64(n)*em + 0.05 }
	tests := []struct {
		name, text string
		width      float64
		want       []string
	}{
		// no single-character last line: the line before gives one down
		{"合格", "四个地区评估等级为合格", chars(10), []string{"四个地区评估等级为", "合格"}},
		{"良好", "评估等级：良好", chars(6), []string{"评估等级：", "良好"}},
		{"orphan with its full stop", "本年度综合得分保持良好。", chars(10), []string{"本年度综合得分保持", "良好。"}},
		{"待提升", "三个地区为待提升", chars(7), []string{"三个地区为待", "提升"}},
		// a number keeps its unit, 第 its number
		{"2025年度", "关于2025年度", p.GetStringWidth("关于2025年") + 0.05, []string{"关于", "2025年度"}},
		{"第3位", "在全市列第3位", p.GetStringWidth("在全市列第") + 0.05, []string{"在全市列", "第3位"}},
		{"万人", "常住人口12.5万人", p.GetStringWidth("常住人口12.5万") + 0.05, []string{"常住人口", "12.5万人"}},
		// 禁则: closing punctuation never starts a line, opening never ends one
		{"closing", "甲乙丙丁戊。己庚辛", chars(5), []string{"甲乙丙丁", "戊。己庚辛"}},
		{"closing run", "甲乙丙（丁）。戊己庚", chars(5), []string{"甲乙丙", "（丁）。戊", "己庚"}},
		{"opening", "甲乙丙丁（戊）己庚辛壬", chars(5), []string{"甲乙丙丁", "（戊）己庚", "辛壬"}},
		{"dash", "甲乙丙丁——戊己", chars(5), []string{"甲乙丙", "丁——戊己"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := p.Wrap(tc.text, tc.width)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("Wrap(%q, %.1f mm) = %q, want %q", tc.text, tc.width, got, tc.want)
			}
		})
	}
}

// FuzzWrap: whatever the text and width, Wrap loses no character (spaces aside)
// and no line is wider than the width unless it is a single rune.
func FuzzWrap(f *testing.F) {
	for _, s := range []string{"四个地区评估等级为合格", "关于2025年度（征求意见稿）", "甲乙丙（丁）。戊己庚", "甲——乙……丙", "SHA-256 校验值 dd12fb38 可用于核对", "第3位，第12名。", "（（（）））", ""} {
		f.Add(s, 20.0)
		f.Add(s, 4.0)
	}
	p := testFonts(f).NewWriter()
	p.SetFont(fontSerif, "", 10)
	f.Fuzz(func(t *testing.T, text string, w float64) {
		if w < 1 || w > 300 || !utf8.ValidString(text) || strings.ContainsAny(text, "\n\r\t") {
			return
		}
		lines := p.Wrap(text, w)
		if got, want := strings.ReplaceAll(strings.Join(lines, ""), " ", ""), strings.ReplaceAll(text, " ", ""); got != want {
			t.Fatalf("Wrap(%q, %g) = %q: characters lost", text, w, lines)
		}
		for _, l := range lines {
			if p.GetStringWidth(l) > w+0.02 && utf8.RuneCountInString(l) > 1 {
				t.Fatalf("Wrap(%q, %g): line %q is %.2f mm wide", text, w, l, p.GetStringWidth(l))
			}
		}
	})
}
