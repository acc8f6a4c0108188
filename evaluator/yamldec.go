package evaluator

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// PosError is an error at a position of a source file.
type PosError struct {
	Pos Pos
	Msg string
}

func (e PosError) Error() string {
	switch {
	case e.Pos.Line > 0 && e.Pos.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.Pos.File, e.Pos.Line, e.Pos.Col, e.Msg)
	case e.Pos.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.Pos.File, e.Pos.Line, e.Msg)
	default:
		return fmt.Sprintf("%s: %s", e.Pos.File, e.Msg)
	}
}

// LoadError lists every problem found in a framework file, in file order.
type LoadError struct {
	Errs []PosError
}

func (e *LoadError) Error() string {
	lines := make([]string, len(e.Errs))
	for i, pe := range e.Errs {
		lines[i] = pe.Error()
	}
	return strings.Join(lines, "\n")
}

// dec walks a yaml.Node tree strictly: every mapping is checked for unknown and
// duplicate keys, every scalar for its type, and every problem is recorded with
// the line and column of the node at fault.
type dec struct {
	file  string
	errs  []PosError
	warns []PosError
	np    map[*Node]*nodePos // where each index node's keys are, for semantic errors
	// top-level keys the semantic checks point at
	unitsNode, kindNode *yaml.Node
}

func (d *dec) pos(n *yaml.Node) Pos {
	if n == nil {
		return Pos{File: d.file}
	}
	return Pos{File: d.file, Line: n.Line, Col: n.Column}
}

func (d *dec) errorf(n *yaml.Node, format string, args ...any) {
	d.errs = append(d.errs, PosError{Pos: d.pos(n), Msg: fmt.Sprintf(format, args...)})
}

// warnf records a problem that does not stop the framework from loading.
func (d *dec) warnf(n *yaml.Node, format string, args ...any) {
	d.warns = append(d.warns, PosError{Pos: d.pos(n), Msg: fmt.Sprintf(format, args...)})
}

func (d *dec) err() error {
	if len(d.errs) == 0 {
		return nil
	}
	sort.SliceStable(d.errs, func(i, j int) bool {
		a, b := d.errs[i].Pos, d.errs[j].Pos
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return &LoadError{Errs: d.errs}
}

// kindName names a node kind for messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "映射（键: 值）"
	case yaml.SequenceNode:
		return "列表"
	case yaml.AliasNode:
		return "别名"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "空值"
		}
		v := []rune(n.Value)
		if len(v) > 24 {
			return fmt.Sprintf("一段文字「%s…」（共 %d 个字符）", string(v[:24]), len(v))
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "未知内容"
}

// notYAMLText says what a file is when its first bytes show it is no YAML text (a
// workbook, a PDF, UTF-16 text, some other binary): "这是 Excel 工作簿（.xlsx）";
// "" when it may be YAML.
func notYAMLText(src []byte) string {
	head := src[:min(len(src), 4096)]
	switch {
	case bytes.HasPrefix(src, []byte("PK\x03\x04")):
		return "这是 Excel 工作簿（.xlsx）或其他 ZIP 压缩文件"
	case bytes.HasPrefix(src, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "这是旧版 Office 文件（如 .xls 工作簿）"
	case bytes.HasPrefix(src, []byte("%PDF")):
		return "这是 PDF 文件"
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}), bytes.HasPrefix(src, []byte{0xFE, 0xFF}),
		len(head) >= 4 && (head[0] == 0) != (head[1] == 0) && (head[2] == 0) != (head[3] == 0):
		return "这是 UTF-16 编码的文本文件（请用 UTF-8 编码另存）"
	case bytes.IndexByte(head, 0) >= 0:
		return "这是二进制文件"
	}
	return ""
}

// mapping checks that n is a mapping whose keys are all in known, with no key twice,
// and returns key → value node. The key nodes are in keys (for positions).
type mapping struct {
	vals map[string]*yaml.Node
	keys map[string]*yaml.Node
	node *yaml.Node
}

func (m mapping) get(k string) *yaml.Node { return m.vals[k] }
func (m mapping) has(k string) bool       { return m.vals[k] != nil }

func (d *dec) mapping(n *yaml.Node, what string, known ...string) (mapping, bool) {
	m := mapping{vals: map[string]*yaml.Node{}, keys: map[string]*yaml.Node{}, node: n}
	if n == nil {
		return m, false
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s应为映射（键: 值），这里是%s", what, kindName(n))
		return m, false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "%s的键应为文字", what)
			continue
		}
		if k.Value == "<<" {
			d.errorf(k, "不支持合并键 <<")
			continue
		}
		if prev, dup := m.keys[k.Value]; dup {
			d.errorf(k, "键 %q 重复（第一次出现在第 %d 行）", k.Value, prev.Line)
			continue
		}
		if !contains(known, k.Value) {
			msg := fmt.Sprintf("%s中有未知的键 %q", what, k.Value)
			if s := suggest(k.Value, known); s != "" {
				msg += fmt.Sprintf("（是否应为 %q？）", s)
			} else {
				msg += fmt.Sprintf("（可用的键：%s）", strings.Join(known, ", "))
			}
			d.errorf(k, "%s", msg)
			continue
		}
		m.keys[k.Value] = k
		m.vals[k.Value] = v
	}
	return m, true
}

func (d *dec) require(m mapping, what string, keys ...string) {
	for _, k := range keys {
		if v, ok := m.vals[k]; !ok || isNull(v) {
			d.errorf(m.node, "%s缺少必填的键 %q", what, k)
		}
	}
}

func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// suggest returns the known key closest to s when it is a plausible typo.
func suggest(s string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := editDistance(s, k); d < bestD || (d == bestD && best == "") && d <= 2 {
			if d < bestD {
				best, bestD = k, d
			}
		}
	}
	if bestD <= 2 && best != "" && len(s) > 2 {
		return best
	}
	return ""
}

func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func (d *dec) str(n *yaml.Node, what string) string {
	if n == nil {
		return ""
	}
	if n.Kind == yaml.ScalarNode {
		switch n.Tag {
		case "!!str", "!!int", "!!float":
			return n.Value
		case "!!bool":
			d.errorf(n, "%s应为文字，这里是 %s（YAML 把 yes/no/true/false 读作是非值；需要文字请加引号）", what, n.Value)
			return ""
		}
	}
	d.errorf(n, "%s应为文字，这里是%s", what, kindName(n))
	return ""
}

func (d *dec) integer(n *yaml.Node, what string) (int, bool) {
	if n == nil {
		return 0, false
	}
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		d.errorf(n, "%s应为整数，这里是%s", what, kindName(n))
		return 0, false
	}
	v, err := strconv.ParseInt(n.Value, 0, 32)
	if err != nil {
		d.errorf(n, "%s应为整数，%q 超出范围", what, n.Value)
		return 0, false
	}
	return int(v), true
}

func (d *dec) number(n *yaml.Node, what string) (float64, bool) {
	if n == nil {
		return 0, false
	}
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		d.errorf(n, "%s应为数字，这里是%s", what, kindName(n))
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
	if err != nil {
		if iv, err2 := strconv.ParseInt(n.Value, 0, 64); err2 == nil {
			return float64(iv), true
		}
		d.errorf(n, "%s应为数字，%q 无法读取", what, n.Value)
		return 0, false
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		d.errorf(n, "%s应为有限的数字，这里是 %s", what, n.Value)
		return 0, false
	}
	return v, true
}

func (d *dec) boolean(n *yaml.Node, what string) (bool, bool) {
	if n == nil {
		return false, false
	}
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		d.errorf(n, "%s应为 true 或 false，这里是%s", what, kindName(n))
		return false, false
	}
	var b bool
	if err := n.Decode(&b); err != nil {
		d.errorf(n, "%s应为 true 或 false", what)
		return false, false
	}
	return b, true
}

func (d *dec) seq(n *yaml.Node, what string) []*yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "%s应为列表，这里是%s", what, kindName(n))
		return nil
	}
	return n.Content
}

func (d *dec) strList(n *yaml.Node, what string) []string {
	var out []string
	for _, item := range d.seq(n, what) {
		if s := d.str(item, what+"的每一项"); s != "" {
			out = append(out, s)
		}
	}
	return out
}
