package evaluator

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// yamlLineRe splits a yaml.v3 error: "yaml: line 12: did not find expected key".
var yamlLineRe = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// yamlProblem is one of yaml.v3's messages said in Chinese with what to fix.
// parser marks the parser's messages: yaml.v3 gives them the 0-based line of the
// block they were found in (its scanner's messages get the 1-based line of the
// fault), so the line is corrected, and for block problems searched (seek).
type yamlProblem struct {
	msg    string // the library's message, or its start
	say    string
	parser bool
	seek   bool // the fault is at some line inside the block: find it
}

var yamlProblems = []yamlProblem{
	{msg: "did not find expected key", parser: true, seek: true,
		say: "缩进对不齐：请让同一层的键左端对齐、子项比上一层多缩进；值后面不能再跟别的内容（如 \"x\" 之后的文字），含引号或冒号的值请整体加引号"},
	{msg: "did not find expected '-' indicator", parser: true, seek: true,
		say: "列表缩进对不齐：请让列表的各项以「- 」开头并左端对齐，同一项内的各个键与第一个键对齐"},
	{msg: "did not find expected node content", parser: true, seek: true,
		say: "这里缺少内容：冒号或「- 」后面应有值；不需要的键请整行删除"},
	{msg: "did not find expected ',' or ']'", parser: true,
		say: "方括号没有配对：请给从这一行开始的 [ … ] 补上结束的 ]，各项之间用逗号分隔"},
	{msg: "did not find expected ',' or '}'", parser: true,
		say: "花括号没有配对：请给从这一行开始的 { … } 补上结束的 }，各项之间用逗号分隔"},
	{msg: "did not find expected <document start>", parser: true,
		say: "文件的写法不对：文件应由「键: 值」各行组成，请删去 --- 之后或文件开头多余的内容"},
	{msg: "found character that cannot start any token",
		say: "这一行有不能作为值开头的字符（如 @、`、% 或制表符）：以这些字符开头的文字请整体加引号，如 \"@例子\""},
	{msg: "mapping values are not allowed in this context",
		say: "冒号位置不对：值里又出现了「: 」（含冒号的值请整体加引号），或这一行比上一行多缩进了（同一层的键要左端对齐）"},
	{msg: "could not find expected ':'",
		say: "缺少冒号：键后面要写「: 」（冒号加空格）再写值；若这是上一行文字的延续，请把整段文字放在一行并加引号，或改用 | 段落"},
	{msg: "block sequence entries are not allowed in this context",
		say: "这里不能开始列表：请把「- 」开头的列表项写在「键:」的下一行，并比它多缩进"},
	{msg: "mapping keys are not allowed in this context",
		say: "这里不能出现以 ? 开头的键：请改写为「键: 值」，以 ? 开头的文字请加引号"},
	{msg: "found unexpected end of stream",
		say: "引号没有配对：以 \" 或 ' 开始的值直到文件末尾都没有结束的引号，请补上"},
	{msg: "found unexpected document indicator",
		say: "引号内的一行以 --- 或 ... 开头，引号因此没有结束：请改写这一行，或改用 | 段落"},
	{msg: "found unknown escape character",
		say: "双引号内的反斜杠 \\ 后面是无效的转义：含反斜杠的文字（如路径）请改用单引号，或把 \\ 写成 \\\\"},
	{msg: "found invalid Unicode character escape code",
		say: "双引号内的 \\u 或 \\x 转义写法不对：请直接写出这个字符"},
	{msg: "did not find expected hexdecimal number",
		say: "双引号内的 \\u 或 \\x 转义写法不对：请直接写出这个字符"},
	{msg: "found a tab character",
		say: "缩进中有制表符：YAML 只能用空格缩进，请把制表符换成空格"},
	{msg: "found an indentation indicator equal to 0",
		say: "段落符号 | 或 > 后面的数字不能是 0：请删去这个数字"},
	{msg: "did not find expected comment or line break",
		say: "值的后面有多余的内容：一个值结束后，同一行只能再写以 # 开头的注释，请删去其余内容或给整个值加引号"},
	{msg: "found undefined tag handle",
		say: "以 ! 开头的标签写法不对：指标体系不需要 YAML 标签，以 ! 开头的文字请加引号"},
	{msg: "did not find expected tag URI",
		say: "以 ! 开头的标签写法不对：指标体系不需要 YAML 标签，以 ! 开头的文字请加引号"},
	{msg: "did not find expected '!'",
		say: "以 ! 开头的标签写法不对：指标体系不需要 YAML 标签，以 ! 开头的文字请加引号"},
	{msg: "did not find expected whitespace",
		say: "以 % 或 ! 开头的一行写法不对：以 % 开头的行是 YAML 指令，请删除这一行；以 % 或 ! 开头的文字请加引号"},
	{msg: "found duplicate %",
		say: "以 % 开头的 YAML 指令重复：请删除多余的一行"},
	{msg: "found incompatible YAML document",
		say: "以 % 开头的 YAML 指令写法不对：请删除这一行"},
	{msg: "found unknown directive name",
		say: "以 % 开头的行是 YAML 指令，这条指令不认识：请删除这一行，以 % 开头的文字请加引号"},
	{msg: "control characters are not allowed",
		say: "文件中有控制字符（看不见的特殊字符）：请删除它，或从原文重新输入这一行"},
	{msg: "unknown anchor",
		say: "用 * 引用了没有定义的锚点：指标体系不支持锚点和别名（& 和 *），请把内容写全；以 * 开头的文字请加引号"},
	{msg: "document contains excessive aliasing",
		say: "别名（*）展开后过大：指标体系不支持锚点和别名（& 和 *），请把内容写全"},
	{msg: "exceeded max depth",
		say: "嵌套层数过多：请检查缩进，或减少层级"},
}

// YAMLError turns an error of yaml.v3 decoding src into a positioned *LoadError in
// Chinese: the library's message says what it found, ours what to fix. Its line
// is made right (yaml.v3 reports a parser problem on the line before the block it
// was found in, and nothing on the first line); a control character is pointed
// at by line and column. A message this table does not know is quoted inside a
// Chinese sentence.
func YAMLError(name string, src []byte, err error) *LoadError {
	msg := err.Error()
	line := 0
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	pos := Pos{File: name, Line: line}
	say := fmt.Sprintf("YAML 语法错误（%q）：请检查这一行及上一行的缩进、冒号和引号", msg)
	for _, p := range yamlProblems {
		if !strings.HasPrefix(msg, p.msg) {
			continue
		}
		say = "YAML 语法错误：" + p.say
		switch {
		case strings.HasPrefix(msg, "control characters"):
			pos.Line, pos.Col = controlCharAt(src)
		case strings.HasPrefix(msg, "unknown anchor '"):
			name := strings.TrimSuffix(strings.TrimPrefix(msg, "unknown anchor '"), "' referenced")
			pos.Line, pos.Col = textAt(src, "*"+name)
		case strings.HasPrefix(msg, "found unexpected end of stream") && pos.Line == 1+bytes.Count(src, []byte("\n")):
			// yaml.v3 gives the end of the file when the quote opened on line 1
			if first, _, _ := bytes.Cut(src, []byte("\n")); bytes.ContainsAny(first, `"'`) {
				pos.Line = 1
			}
		case p.parser:
			pos.Line++ // 0-based, and 0 when omitted
			if p.seek {
				pos.Line, pos.Col = yamlFaultLine(src, msg, pos.Line)
			}
		case pos.Line == 0 && !strings.HasPrefix(msg, "unknown anchor") && !strings.HasPrefix(msg, "document contains") && !strings.HasPrefix(msg, "exceeded"):
			pos.Line = 1 // a scanner problem on the first line has no line
		}
		break
	}
	// A quote left open swallows the lines after it, up to the next quote
	// character; the fault then shows far below. When the file cut before the
	// fault's line ends inside an open quote, the open quote is the fault.
	if pos.Line > 1 && !strings.HasPrefix(msg, "found unexpected end of stream") {
		lines := bytes.SplitAfter(src, []byte("\n"))
		if pos.Line-1 <= len(lines) {
			cut := bytes.Join(lines[:pos.Line-1], nil)
			var root yaml.Node
			if err := yaml.Unmarshal(cut, &root); err != nil && strings.Contains(err.Error(), "found unexpected end of stream") {
				return YAMLError(name, cut, err)
			}
		}
	}
	return &LoadError{Errs: []PosError{{Pos: pos, Msg: say}}}
}

// yamlFaultLine finds the line of a problem yaml.v3 reports at the start of its
// block (from, 1-based): the first line n ≥ from such that the file's first n lines
// fail with the same message. A file cut after a line ends every open block, so
// the cut parses, or fails otherwise, until it holds the faulty line; from then
// on it fails the same way. The search is binary (a few decodes of a framework
// file); the column is that of the line's first character.
func yamlFaultLine(src []byte, msg string, from int) (line, col int) {
	lines := bytes.SplitAfter(src, []byte("\n"))
	same := func(n int) bool {
		var root yaml.Node
		err := yaml.Unmarshal(bytes.Join(lines[:n], nil), &root)
		if err == nil {
			return false
		}
		m := yamlLineRe.FindStringSubmatch(err.Error())
		return m != nil && m[2] == msg
	}
	lo, hi := max(from, 1), len(lines)
	if lo > hi || !same(hi) {
		return from, 0
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if same(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	text := string(lines[lo-1])
	col = 1 + utf8.RuneCountInString(text) - utf8.RuneCountInString(strings.TrimLeft(text, " "))
	return lo, col
}

// textAt is the line and column of the first occurrence of text in src (0, 0
// when it is not there).
func textAt(src []byte, text string) (line, col int) {
	i := bytes.Index(src, []byte(text))
	if i < 0 {
		return 0, 0
	}
	before := src[:i]
	start := bytes.LastIndexByte(before, '\n') + 1
	return 1 + bytes.Count(before, []byte("\n")), 1 + utf8.RuneCount(before[start:])
}

// controlCharAt is the line and column of the first control character of src
// that YAML refuses (anything but tab, line feed and carriage return).
func controlCharAt(src []byte) (line, col int) {
	line, col = 1, 0
	for _, r := range string(src) {
		col++
		switch {
		case r == '\n':
			line, col = line+1, 0
		case r != '\t' && r != '\r' && (unicode.IsControl(r) || r == 0xFFFE || r == 0xFFFF):
			return line, col
		}
	}
	return 0, 0
}
