package templates

import (
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
