package templates

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/wuxi-data/dteval/evaluator"
	"go.yaml.in/yaml/v3"
)

// Narrative is the bureau's own text for the public report (SPEC §9, `-narrative
// FILE`, written by `init` as a commented starter): each section a list of
// paragraphs. A section left out or empty leaves no heading in the report.
type Narrative struct {
	Preparation []string // 编制说明: who compiled the report, the data period, the sources
	Findings    []string // 主要发现, after the ones generated from the data
	Cases       []Case   // 典型案例, city-wide or of one unit
	Problems    []string // 存在问题
	Suggestions []string // 工作建议
	Contact     []string // 联系方式与异议反馈渠道
}

// Case is one 典型案例: of the whole region (Unit "") or of one unit (its id).
type Case struct {
	Unit       string
	Title      string
	Paragraphs []string
}

// Empty reports whether the narrative has no text at all.
func (n *Narrative) Empty() bool {
	return n == nil || len(n.Preparation)+len(n.Findings)+len(n.Cases)+len(n.Problems)+len(n.Suggestions)+len(n.Contact) == 0
}

// unitCases returns the cases of one unit ("" for the city-wide ones).
func (n *Narrative) unitCases(unit string) []Case {
	if n == nil {
		return nil
	}
	var out []Case
	for _, c := range n.Cases {
		if c.Unit == unit {
			out = append(out, c)
		}
	}
	return out
}

// Section names of the narrative file and the report headings they become.
var narrativeKeys = []string{"preparation", "findings", "cases", "problems", "suggestions", "contact"}

// MaxNarrativeSize caps a narrative file.
const MaxNarrativeSize = 1 << 20

// LoadNarrativeFile reads a narrative file (see Narrative) for fw's units.
func LoadNarrativeFile(path string, fw *evaluator.Framework) (*Narrative, error) {
	src, err := evaluator.ReadSmallFile(path, MaxNarrativeSize)
	if err != nil {
		return nil, evaluator.ReadError("报告文字文件", path, err)
	}
	return ParseNarrative(path, src, fw)
}

// ParseNarrative parses a narrative file; name is used in error positions
// (file:line:col, in Chinese, saying what to do).
func ParseNarrative(name string, src []byte, fw *evaluator.Framework) (*Narrative, error) {
	errAt := func(n *yaml.Node, format string, args ...any) error {
		if n == nil {
			return fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...))
		}
		return fmt.Errorf("%s:%d:%d: %s", name, n.Line, n.Column, fmt.Sprintf(format, args...))
	}
	if len(src) > MaxNarrativeSize {
		return nil, fmt.Errorf("%s: 文件超过 %d KiB 的上限", name, MaxNarrativeSize>>10)
	}
	if !utf8.Valid(src) {
		return nil, fmt.Errorf("%s: 文件不是 UTF-8 编码（请用 UTF-8 保存）", name)
	}
	nar := &Narrative{}
	var root yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(src)).Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nar, nil // only comments: the starter as init wrote it
		}
		return nil, fmt.Errorf("%v（段落请写在 | 之后并缩进）", evaluator.YAMLError(name, src, err))
	}
	if len(root.Content) == 0 {
		return nar, nil
	}
	doc := root.Content[0]
	if doc.Kind == yaml.ScalarNode && doc.Tag == "!!null" {
		return nar, nil
	}
	if doc.Kind != yaml.MappingNode {
		return nil, errAt(doc, "文件应由 %s 等段落组成（键: | 后接文字）", strings.Join(narrativeKeys, "、"))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		if seen[k.Value] {
			return nil, errAt(k, "%s 出现了两次，请合并为一处", k.Value)
		}
		seen[k.Value] = true
		var err error
		switch k.Value {
		case "preparation":
			nar.Preparation, err = narrativeText(v, errAt, k.Value)
		case "findings":
			nar.Findings, err = narrativeText(v, errAt, k.Value)
		case "problems":
			nar.Problems, err = narrativeText(v, errAt, k.Value)
		case "suggestions":
			nar.Suggestions, err = narrativeText(v, errAt, k.Value)
		case "contact":
			nar.Contact, err = narrativeText(v, errAt, k.Value)
		case "cases":
			nar.Cases, err = narrativeCases(v, errAt, fw)
		default:
			return nil, errAt(k, "未知的段落 %q（可用：%s）", k.Value, strings.Join(narrativeKeys, "、"))
		}
		if err != nil {
			return nil, err
		}
	}
	return nar, nil
}

type errAtFunc func(n *yaml.Node, format string, args ...any) error

// narrativeText reads a text value: paragraphs separated by blank lines, the lines of
// one paragraph joined (Chinese text wraps without spaces).
func narrativeText(v *yaml.Node, errAt errAtFunc, key string) ([]string, error) {
	switch {
	case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
		return nil, nil
	case v.Kind != yaml.ScalarNode:
		return nil, errAt(v, "%s 应为一段文字（写在 | 之后，段落之间空一行）", key)
	}
	return splitNarrative(v.Value), nil
}

// splitNarrative splits text into paragraphs at blank lines; within a paragraph,
// line ends are dropped between CJK text and kept as a space between Latin words.
func splitNarrative(s string) []string {
	var out []string
	for _, block := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		var b strings.Builder
		for _, line := range strings.Split(block, "\n") {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			if b.Len() > 0 {
				last, _ := utf8.DecodeLastRuneInString(b.String())
				first, _ := utf8.DecodeRuneInString(line)
				if last < 0x2E80 && first < 0x2E80 {
					b.WriteByte(' ')
				}
			}
			b.WriteString(line)
		}
		if b.Len() > 0 {
			out = append(out, b.String())
		}
	}
	return out
}

// narrativeCases reads cases: a list of {unit, title, text}; unit is a unit id of
// the framework or left out for a city-wide case.
func narrativeCases(v *yaml.Node, errAt errAtFunc, fw *evaluator.Framework) ([]Case, error) {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil, nil
	}
	if v.Kind != yaml.SequenceNode {
		return nil, errAt(v, "cases 应为案例列表，每项以 - 开头，含 title 和 text（可选 unit：地区编码）")
	}
	var out []Case
	for _, item := range v.Content {
		if item.Kind != yaml.MappingNode {
			return nil, errAt(item, "每个案例应含 title 和 text（可选 unit：地区编码）")
		}
		var c Case
		var hasText bool
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, val := item.Content[i], item.Content[i+1]
			if val.Kind != yaml.ScalarNode {
				return nil, errAt(val, "%s 应为文字", k.Value)
			}
			switch k.Value {
			case "unit":
				c.Unit = strings.TrimSpace(val.Value)
				if fw != nil {
					if _, ok := fw.Unit(c.Unit); !ok {
						return nil, errAt(val, "指标体系中没有编码为 %q 的%s（unit 写地区编码，如 %s；全市案例不写 unit）", c.Unit, fw.UnitNoun(), firstUnitID(fw))
					}
				}
			case "title":
				c.Title = strings.TrimSpace(val.Value)
			case "text":
				c.Paragraphs = splitNarrative(val.Value)
				hasText = true
			default:
				return nil, errAt(k, "案例中未知的键 %q（可用：unit、title、text）", k.Value)
			}
		}
		if !hasText || len(c.Paragraphs) == 0 {
			return nil, errAt(item, "案例缺少 text（案例的正文）")
		}
		out = append(out, c)
	}
	return out, nil
}

func firstUnitID(fw *evaluator.Framework) string {
	if len(fw.Units) > 0 {
		return fw.Units[0].ID
	}
	return "jiangyin"
}

// WriteNarrativeStarter writes the narrative.yaml that `init` puts into a workspace:
// every section with an example, all commented out, so that nothing of the
// example can reach a report by accident.
func WriteNarrativeStarter(w io.Writer, fw *evaluator.Framework) error {
	unit := firstUnitID(fw)
	issuer := fw.Issuer
	if issuer == "" {
		issuer = "某某局"
	}
	noun := fw.UnitNoun()
	_, err := fmt.Fprintf(w, `# 评估报告中由本单位撰写的文字（dteval report/run -narrative narrative.yaml）
#
# 使用方法：删去某一段前面的 # 号并改写为本单位的文字。段落写在 | 之后，
# 每行缩进两个空格，段落之间空一行。没有写的段落，报告中不出现其标题。
# 下面的文字都是示例，保持注释状态就不会进入报告。
#
# 编制说明（报告开头）：编制单位、数据时期、数据来源和评估过程。
# preparation: |
#   本报告由%[1]s依据《无锡市数字化转型促进条例》第五十二条组织编制。
#   评估数据为%[2]d年度数据，由各%[3]s填报，经市级部门核查。
#
# 主要发现（报告开头，列在根据数据自动生成的主要发现之后）。
# findings: |
#   全市数字基础设施建设整体领先，各%[3]s之间差距有所缩小。
#
# 典型案例：不写 unit 为全市案例（正文中单列一节）；写 unit（%[3]s编码）的
# 列在该%[3]s概况页。
# cases:
#   - title: 某某平台建设
#     text: |
#       案例正文。
#   - unit: %[4]s
#     title: 某某场景应用
#     text: |
#       案例正文。
#
# 存在问题（正文“存在问题”一节）。
# problems: |
#   部分%[3]s数据要素市场化配置仍处于起步阶段。
#
# 工作建议（正文“工作建议”一节）。
# suggestions: |
#   加快推进公共数据授权运营。
#
# 联系方式与异议反馈渠道（正文之后）：联系部门、电话、邮箱，以及对评估结果
# 提出异议的方式和期限。
# contact: |
#   联系部门：%[1]s某某处，电话：0510-00000000。
#   对评估结果有异议的，请于报告发布之日起十个工作日内书面反馈。
`, issuer, fw.Year, noun, unit)
	return err
}
