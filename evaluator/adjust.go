package evaluator

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// AdjustmentsSchema is the optional schema id of an adjustments file.
const AdjustmentsSchema = "dteval/adjustments/v1"

// MaxAdjustmentsSize caps an adjustments file.
const MaxAdjustmentsSize = 5 << 20

// An adjustments file (SPEC §7, 核查核减) lists the bureau's audited corrections:
//
//	schema: dteval/adjustments/v1      # optional
//	adjustments:
//	  - unit: jiangyin
//	    field: stations_5g
//	    value: 5000                     # the new value; ~ or "" for a missing value
//	    reason: 佐证材料只能支持 5000 个基站
//	    by: 无锡市数据局                 # who audited it: the issuer, a source department or an organisations entry (public)
//	    date: 2026-02-20
//
// Values are read with the same tolerances as workbook cells ("85%", full-width
// digits, 是/否 spellings, 不适用 where the field allows it).

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// LoadAdjustmentsFrom reads an adjustments file as run and validate take it: src
// when not nil (already read), else the file at path (a regular file of at most
// MaxAdjustmentsSize). It returns the adjustments and the bytes they were read from.
func LoadAdjustmentsFrom(fw *Framework, path string, src []byte) ([]Adjustment, []byte, error) {
	if src == nil {
		var err error
		if src, err = ReadSmallFile(path, MaxAdjustmentsSize); err != nil {
			return nil, nil, ReadError("核查核减文件", path, err)
		}
	}
	adjs, err := ReadAdjustments(fw, path, src)
	return adjs, src, err
}

// ReadSmallFile reads at most limit+1 bytes of a regular file (a FIFO or device is
// refused at once rather than read forever); the caller judges the size.
func ReadSmallFile(path string, limit int64) ([]byte, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	return src, nil
}

// ReadAdjustments parses an adjustments file strictly against fw: unknown or
// duplicate keys, wrong types, unknown units or fields, values the field cannot take,
// the same unit and field twice — every problem is reported, as a *LoadError listing
// file:line:col: message.
func ReadAdjustments(fw *Framework, name string, src []byte) ([]Adjustment, error) {
	fail := func(line, col int, msg string) error {
		return &LoadError{Errs: []PosError{{Pos: Pos{File: name, Line: line, Col: col}, Msg: msg}}}
	}
	if len(src) > MaxAdjustmentsSize {
		return nil, fail(0, 0, fmt.Sprintf("文件超过 %d MiB 的上限", MaxAdjustmentsSize>>20))
	}
	if what := notYAMLText(src); what != "" {
		return nil, fail(0, 0, what+"，不是核查核减文件：核查核减文件是 UTF-8 编码的 YAML 文本文件（adjustments: 列表），请确认给出的文件")
	}
	if !utf8.Valid(src) {
		return nil, fail(0, 0, "文件不是 UTF-8 编码（可能是 GBK）：请用 UTF-8 编码另存核查核减文件")
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(src, []byte("\ufeff")))) == 0 {
		return nil, fail(0, 0, "文件是空的：核查核减文件需要 adjustments 列表")
	}
	if line, col, ok := findTab(src); ok {
		return nil, fail(line, col, "YAML 不允许用制表符缩进，请把行首的制表符改成空格")
	}
	var root yaml.Node
	yd := yaml.NewDecoder(bytes.NewReader(src))
	if err := yd.Decode(&root); err != nil {
		return nil, YAMLError(name, src, err)
	}
	var extra yaml.Node
	if err := yd.Decode(&extra); err == nil {
		return nil, fail(extra.Line, extra.Column, "文件中有第二个 YAML 文档（---）")
	} else if !errors.Is(err, io.EOF) {
		return nil, YAMLError(name, src, err)
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return nil, fail(0, 0, "文件是空的：核查核减文件需要 adjustments 列表")
	}
	if err := checkAliases(name, root.Content[0]); err != nil {
		return nil, err
	}
	d := &dec{file: name}
	top, ok := d.mapping(root.Content[0], "核查核减文件", "schema", "adjustments")
	if !ok {
		return nil, d.err()
	}
	if s := top.get("schema"); s != nil {
		if v := d.str(s, "schema"); v != "" && v != AdjustmentsSchema {
			d.errorf(s, "schema 应为 %q，这里是 %q", AdjustmentsSchema, v)
		}
	}
	d.require(top, "核查核减文件", "adjustments")
	var out []Adjustment
	seen := map[[2]string]int{}
	for _, item := range d.seq(top.get("adjustments"), "adjustments") {
		m, ok := d.mapping(item, "核查核减条目", "unit", "field", "value", "reason", "by", "date")
		if !ok {
			continue
		}
		d.require(m, "核查核减条目", "unit", "field", "reason")
		if !m.has("value") {
			d.errorf(item, "核查核减条目缺少必填的键 \"value\"（核减为空值请写 value: ~）")
		}
		a := Adjustment{
			Unit:   d.str(m.get("unit"), "unit"),
			Field:  d.str(m.get("field"), "field"),
			Reason: d.str(m.get("reason"), "reason"),
			By:     d.str(m.get("by"), "by"),
		}
		if dn := m.get("date"); dn != nil {
			// YAML reads 2026-02-20 as a timestamp; the text is what counts.
			if dn.Kind != yaml.ScalarNode || !isoDate.MatchString(dn.Value) {
				d.errorf(dn, "date 应写成 YYYY-MM-DD，这里是%s", kindName(dn))
			} else {
				a.Date = dn.Value
			}
		}
		if a.Unit != "" {
			if _, ok := fw.Unit(a.Unit); !ok {
				d.errorf(m.get("unit"), "单位 %q 不在指标体系的单位名单中%s", a.Unit, suggestUnit(fw, a.Unit))
			}
		}
		// by and reason are published (the method annex, the unit's feedback):
		// an office, never a person, and no contact details.
		personal := false
		for _, k := range []string{"by", "reason"} {
			if n := m.get(k); n != nil && n.Kind == yaml.ScalarNode {
				if what := personalData(n.Value); what != "" {
					personal = personal || k == "by"
					d.errorf(n, "%s 中含有%s：核查核减记录会公开发布，请删去个人联系方式，只写机构和理由", k, what)
				}
			}
		}
		if personal {
			// said once
		} else if a.By != "" && !signatory(fw, a.By) && len(signatories(fw)) == 0 {
			d.errorf(m.get("by"), "指标体系没有写明可签署核查核减的机构（issuer、字段的 source 或 organisations）：请在指标体系中写明，或删去 by")
		} else if a.By != "" && !signatory(fw, a.By) {
			d.errorf(m.get("by"), "by 应为核查机构的名称（%s），这里是 %q：核查核减记录会公开发布，只写机构名，不写个人姓名；如需其他机构，请在指标体系的 organisations 中列出", strings.Join(signatories(fw), "、"), a.By)
		}
		var f *Field
		if a.Field != "" {
			if f = fw.Field(a.Field); f == nil {
				d.errorf(m.get("field"), "字段 %q 不在指标体系中", a.Field)
			} else if f.Type == TypeText {
				// Text is never scored, and results.json is public: no free text in it.
				d.errorf(m.get("field"), "字段 %q 是文字字段，不参与计分，不能核减", a.Field)
				f = nil
			}
		}
		if a.Unit != "" && a.Field != "" {
			key := [2]string{a.Unit, a.Field}
			if line, dup := seen[key]; dup {
				d.errorf(item, "单位 %s 的字段 %s 已在第 %d 行核减过，同一项只能写一次", a.Unit, a.Field, line)
			}
			seen[key] = item.Line
		}
		if vn := m.get("value"); vn != nil && f != nil {
			if v, ok := d.adjustmentValue(vn, f); ok {
				a.New, a.NewText = adjustmentSide(f, v)
			}
		}
		out = append(out, a)
	}
	if err := d.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// adjustmentValue reads the new value of an adjustment as the field's type.
func (d *dec) adjustmentValue(n *yaml.Node, f *Field) (Value, bool) {
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, "value 应为一个值，这里是%s", kindName(n))
		return Value{}, false
	}
	if n.Tag == "!!null" || n.Value == "" {
		return Value{Missing: true}, true
	}
	text := n.Value
	if n.Tag == "!!bool" && f.Type == TypeBoolean {
		// YAML's yes/no/true/false
		text = map[bool]string{true: "是", false: "否"}[boolNode(n)]
	}
	if isNA(trimSpace(text)) {
		if !f.AllowNA {
			d.errorf(n, "字段 %s 不允许「不适用」", f.ID)
			return Value{}, false
		}
		return Value{NA: true}, true
	}
	cell := RawCell{Text: text}
	var r reading
	switch f.Type {
	case TypeBoolean:
		r = readBoolean(cell)
	case TypeGrade:
		r = readGrade(cell, f.Grades)
	case TypeText:
		return Value{Text: text}, true
	default:
		r = readNumber(cell, f.Type == TypePercent, f.Unit)
		if r.code == "" && f.Type == TypeInteger && r.num != math.Trunc(r.num) {
			r.code, r.hint = CodeValueNotInteger, "应为整数"
		}
		if r.code == "" && ((f.Min != nil && r.num < *f.Min) || (f.Max != nil && r.num > *f.Max)) {
			r.code, r.hint = CodeValueOutOfRange, "超出字段允许的范围"+rangeText(f)
		}
	}
	if r.code != "" {
		d.errorf(n, "字段 %s 的新值 %q 无法使用：%s", f.ID, n.Value, r.hint)
		return Value{}, false
	}
	return Value{Num: r.num, Text: r.text}, true
}

func boolNode(n *yaml.Node) bool {
	var b bool
	_ = n.Decode(&b)
	return b
}

func rangeText(f *Field) string {
	switch {
	case f.Min != nil && f.Max != nil:
		return fmt.Sprintf("（%v–%v）", *f.Min, *f.Max)
	case f.Min != nil:
		return fmt.Sprintf("（不小于 %v）", *f.Min)
	case f.Max != nil:
		return fmt.Sprintf("（不大于 %v）", *f.Max)
	}
	return ""
}

// adjustmentSide is how a value is recorded in an Adjustment: numbers (booleans as
// 1/0) in the number, booleans, grades and 不适用 also as text; missing as nil and "".
func adjustmentSide(f *Field, v Value) (*float64, string) {
	switch {
	case v.NA:
		return nil, "不适用"
	case v.Missing:
		return nil, ""
	case f.Type == TypeGrade || f.Type == TypeText:
		return nil, v.Text
	case f.Type == TypeBoolean:
		return ptr(v.Num), map[bool]string{true: "是", false: "否"}[v.Num != 0]
	}
	return ptr(v.Num), ""
}

// adjustedValue turns an Adjustment's new side back into a Value.
func adjustedValue(f *Field, a Adjustment) Value {
	switch {
	case a.NewText == "不适用":
		return Value{NA: true}
	case f.Type == TypeGrade || f.Type == TypeText:
		if a.NewText == "" {
			return Value{Missing: true}
		}
		return Value{Text: a.NewText}
	case a.New == nil:
		return Value{Missing: true}
	}
	return Value{Num: *a.New, Text: a.NewText}
}

// ApplyAdjustments applies audited corrections to the dataset (before scoring) and
// records each, with the value it replaced, in ds.Adjustments. A unit that submitted
// nothing gets an entry (this is how another department's statistics can arrive).
// source is the adjustments file name, recorded as the values' provenance.
func ApplyAdjustments(fw *Framework, ds *Dataset, adjs []Adjustment, source string) error {
	if ds.Units == nil {
		ds.Units = map[string]map[string]Value{}
	}
	for i, a := range adjs {
		f := fw.Field(a.Field)
		if f == nil {
			return fmt.Errorf("adjustment %d: unknown field %q", i+1, a.Field)
		}
		if _, ok := fw.Unit(a.Unit); !ok {
			return fmt.Errorf("adjustment %d: unknown unit %q", i+1, a.Unit)
		}
		vals := ds.Units[a.Unit]
		if vals == nil {
			vals = map[string]Value{}
			ds.Units[a.Unit] = vals
		}
		old, had := vals[a.Field]
		if had {
			a.Old, a.OldText = adjustmentSide(f, old)
		} else {
			a.Old, a.OldText = nil, ""
		}
		nv := adjustedValue(f, a)
		nv.Evidence = old.Evidence
		nv.Prov = Provenance{File: filepath.Base(source)}
		vals[a.Field] = nv
		ds.Adjustments = append(ds.Adjustments, a)
	}
	return nil
}

// signatories are who may sign an adjustment: the framework's issuer, the source
// departments of its fields and its organisations list, in that order, once each.
func signatories(fw *Framework) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	add(fw.Issuer)
	for _, f := range fw.Fields {
		add(f.Source)
	}
	for _, o := range fw.Organisations {
		add(o)
	}
	return out
}

// signatory reports whether by names one of the signatories exactly (a suffix or
// prefix rule would let 张局 or 市数据局张三 through).
func signatory(fw *Framework, by string) bool {
	by = strings.TrimSpace(by)
	for _, s := range signatories(fw) {
		if by == s {
			return true
		}
	}
	return false
}

var (
	reMobile   = regexp.MustCompile(`(^|[^0-9])(\+?86|0086)?1[3-9][0-9]{9}([^0-9]|$)`)
	reLandline = regexp.MustCompile(`(^|[^0-9])0[1-9][0-9]{1,2}[- ]?[0-9]{7,8}([^0-9]|$)`)
	reIDCard   = regexp.MustCompile(`(^|[^0-9])[1-9][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]([^0-9]|$)`)
	reEmail    = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+`)
)

// personalData names the kind of personal data s holds (手机号码, 电话号码,
// 身份证号码, 电子邮箱地址), "" for none. Full-width digits count as digits, and a
// number is found however its digits are grouped: 139 1234 5678, 139-1234-5678,
// +86 139 1234 5678, 0510 8123 4567.
func personalData(s string) string {
	t, _ := normalizeWidth(s)
	if what := personalDataIn(t); what != "" {
		return what
	}
	return personalDataIn(joinDigitGroups(t))
}

func personalDataIn(t string) string {
	switch {
	case reIDCard.MatchString(t):
		return "身份证号码"
	case reMobile.MatchString(t):
		return "手机号码"
	case reLandline.MatchString(t):
		return "电话号码"
	case reEmail.MatchString(t):
		return "电子邮箱地址"
	}
	return ""
}

// joinDigitGroups drops the spaces and dashes between two digits (and after a
// leading +), so that a number written in groups reads as one run of digits. A dot
// or comma is kept: 0.5 and 1,234 stay numbers, never part of a phone number.
func joinDigitGroups(s string) string {
	rs := []rune(s)
	sep := func(r rune) bool {
		return r == ' ' || r == '\u00a0' || r == '\t' || r == '-' || r == '‐' || r == '‑' || r == '–' || r == '—' || r == '−'
	}
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		if sep(rs[i]) && i > 0 && (isDigit(rs[i-1]) || rs[i-1] == '+') {
			j := i
			for j < len(rs) && sep(rs[j]) {
				j++
			}
			if j < len(rs) && isDigit(rs[j]) {
				i = j - 1
				continue
			}
		}
		b.WriteRune(rs[i])
	}
	return b.String()
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// suggestUnit is 「，是否为 xinwu？」 for a unit id one or two edits from a
// framework unit's id (or equal to its name), "" otherwise.
func suggestUnit(fw *Framework, id string) string {
	best, bestD := "", 3
	for _, u := range fw.Units {
		if id == u.Name {
			return "，是否为 " + u.ID + "？"
		}
		if d := editDistance(strings.ToLower(id), u.ID); d < bestD {
			best, bestD = u.ID, d
		}
	}
	if best == "" {
		return ""
	}
	return "，是否为 " + best + "？"
}
