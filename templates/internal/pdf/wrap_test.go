package pdf

import (
	"strings"
	"testing"
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
