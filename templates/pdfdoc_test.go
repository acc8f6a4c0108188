package templates

import (
	"bytes"
	"strings"
	"testing"
)

func TestCleanRunes(t *testing.T) {
	d, err := newPDFDoc(docMeta{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := d.clean("江阴\U00020000市😀\t好")
	if got != "江阴□市□ 好" {
		t.Errorf("clean = %q", got)
	}
	if len(d.warnings) != 2 {
		t.Errorf("warnings %q, want 2", d.warnings)
	}
	d.clean("\U00020000")
	if len(d.warnings) != 2 {
		t.Errorf("a rune is warned about more than once: %q", d.warnings)
	}
	for _, r := range "示例数据第页共↑↓—「」０１２ABCabc%℃≥①■●▲▼" {
		if !d.runes[r] {
			t.Errorf("the fonts lack %q", r)
		}
	}
}

// TestHeading2Kai: a （一） heading is set in the Kai face (楷体, PUBLICATION.md);
// one with a character outside the Kai face's GB 2312 set falls back to the serif
// bold face whole, and the body still draws every character.
func TestHeading2Kai(t *testing.T) {
	render := func(title string) string {
		d, err := newPDFDoc(docMeta{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		d.newPage()
		d.heading2(title, 0)
		var b bytes.Buffer
		if err := d.output(&b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	if s := render("（一）数字技术创新与基础设施建设"); !strings.Contains(s, "+KaiSC-Regular") || strings.Contains(s, "+NotoSerifSC-Bold") {
		t.Error("a common heading is not set in the Kai face alone")
	}
	if s := render("（二）王喆工作室"); strings.Contains(s, "+KaiSC-Regular") || !strings.Contains(s, "+NotoSerifSC-Bold") {
		t.Error("a heading with 喆 (not in GB 2312) is not set in the serif bold face alone")
	}
}
