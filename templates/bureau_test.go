package templates

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// uncomment turns the starter's commented examples into live text: every line
// "# key: …" or "#   …" after the first key loses its "# ".
func uncomment(s string) string {
	var out []string
	live := false
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "# preparation:") {
			live = true
		}
		rest := strings.TrimPrefix(l, "# ")
		if live && l != rest && (strings.HasPrefix(rest, " ") || regexp.MustCompile(`^[a-z]+:`).MatchString(rest)) {
			out = append(out, rest)
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// The starter init writes loads and is empty (nothing of the examples reaches a
// report); with its examples uncommented it has every section.
func TestNarrativeStarter(t *testing.T) {
	fw, _, _ := pdfFixture(t)
	var b bytes.Buffer
	if err := WriteNarrativeStarter(&b, fw); err != nil {
		t.Fatal(err)
	}
	n, err := ParseNarrative("narrative.yaml", b.Bytes(), fw)
	if err != nil {
		t.Fatalf("the starter does not load: %v", err)
	}
	if !n.Empty() {
		t.Fatalf("the starter as written has text: %+v", n)
	}
	live := uncomment(b.String())
	n, err = ParseNarrative("narrative.yaml", []byte(live), fw)
	if err != nil {
		t.Fatalf("the uncommented starter does not load: %v\n%s", err, live)
	}
	if len(n.Preparation) != 1 || len(n.Findings) != 1 || len(n.Cases) != 2 || len(n.Problems) != 1 || len(n.Suggestions) != 1 || len(n.Contact) != 1 {
		t.Errorf("uncommented starter: %+v", n)
	}
	if n.Cases[0].Unit != "" || n.Cases[1].Unit != fw.Units[0].ID || n.Cases[1].Title == "" {
		t.Errorf("cases: %+v", n.Cases)
	}
	// the lines of a paragraph are joined; blank lines separate paragraphs
	if !strings.Contains(n.Preparation[0], "第五十二条组织编制。评估数据为") {
		t.Errorf("preparation paragraph: %q", n.Preparation[0])
	}
}

func TestNarrativeErrors(t *testing.T) {
	fw, _, _ := pdfFixture(t)
	for _, c := range []struct{ src, want string }{
		{"preparation: |\n  a\nfindngs: |\n  b\n", "n.yaml:3:1: 未知的段落 \"findngs\""},
		{"cases:\n  - unit: nowhere\n    text: x\n", "n.yaml:2:11: 指标体系中没有编码为 \"nowhere\""},
		{"cases:\n  - title: x\n", "n.yaml:2:5: 案例缺少 text"},
		{"problems: [a, b]\n", "n.yaml:1:11: problems 应为一段文字"},
		{"problems: |\n  a\nproblems: |\n  b\n", "n.yaml:3:1: problems 出现了两次"},
		{"- a\n", "n.yaml:1:1: 文件应由"},
	} {
		_, err := ParseNarrative("n.yaml", []byte(c.src), fw)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %s", c.src, err, c.want)
		}
	}
}

// Each section of the narrative appears where Chinese reports put it; a section
// without text leaves no heading.
func TestNarrativeInReport(t *testing.T) {
	fw, res, fs := pdfFixture(t)
	full := fullNarrative(t)
	full.Preparation = []string{"编制说明第一段甲。", "编制说明第二段乙。"}
	full.Findings = []string{"局里自己的发现丙。"}
	full.Problems = []string{"问题段落丁。"}
	full.Suggestions = []string{"建议段落戊。"}
	full.Contact = []string{"联系电话己。"}
	full.Cases[0].Paragraphs = []string{"全市案例庚。"}
	full.Cases[1].Paragraphs = []string{"本地案例辛。"}
	render := func(n *Narrative) string {
		var b bytes.Buffer
		if _, err := RenderPDF(&b, fw, res, ReportOptions{Date: "2026-03-01", Findings: fs, Narrative: n}); err != nil {
			t.Fatal(err)
		}
		return squash(strings.Join(pdfPages(t, b.Bytes()), "\f"))
	}
	text := render(full)
	// order in the body (the contents list the same titles first: search after it)
	order := []string{"编制说明第一段甲", "编制说明第二段乙", "主要发现", "一是", "局里自己的发现丙", "一、总体情况",
		"四、各地区概况", fw.Units[0].Name, "本地案例辛", "五、排名稳定性", "六、典型案例", "全市案例庚",
		"七、存在问题", "问题段落丁", "八、工作建议", "建议段落戊", "联系方式与异议反馈渠道", "联系电话己",
		"附件：", "1.评估指标体系", "4.数据来源与校验值", "测试市数据局", "2026年3月1日", "附件1评估指标体系"}
	// skip the cover and contents: start at the first paragraph of the body
	at := strings.Index(text, "编制说明第一段甲")
	if at < 0 {
		t.Fatal("no 编制说明 text")
	}
	pos := at
	for _, w := range order {
		i := strings.Index(text[pos:], w)
		if i < 0 {
			t.Fatalf("%q missing or out of order after %q", w, text[max(0, pos-20):pos])
		}
		pos += i + len(w)
	}
	// the contents list the sections that have text
	contents := text[:at]
	for _, w := range []string{"编制说明", "主要发现", "六、典型案例", "七、存在问题", "八、工作建议", "联系方式与异议反馈渠道"} {
		if !strings.Contains(contents, w) {
			t.Errorf("the contents lack %s", w)
		}
	}
	// only problems: no empty headings, problems numbered 六
	text = render(&Narrative{Problems: []string{"只有问题壬。"}})
	for _, w := range []string{"编制说明", "典型案例", "工作建议", "联系方式与异议反馈渠道", "七、"} {
		if strings.Contains(text, w) {
			t.Errorf("a report without %s has its heading", w)
		}
	}
	if !strings.Contains(text, "六、存在问题") || !strings.Contains(text, "只有问题壬") {
		t.Errorf("problems not in the report as 六、存在问题")
	}
	// no narrative at all: the generated 主要发现 are still there
	text = render(nil)
	if !strings.Contains(text, "主要发现") || !strings.Contains(text, "一是参评的") {
		t.Errorf("no generated 主要发现 without a narrative")
	}
}
