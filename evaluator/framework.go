package evaluator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/wuxi-data/dteval/indicators"
	"go.yaml.in/yaml/v3"
)

// FrameworkSchema is the schema id a framework file declares.
const FrameworkSchema = "dteval/framework/v1"

// Limits on framework files (SPEC §4).
const (
	MaxFrameworkSize = 5 << 20
	MaxTreeDepth     = 32
)

var (
	frameworkIDRe = regexp.MustCompile(`^[a-z0-9-]+$`)
	unitIDRe      = regexp.MustCompile(`^[a-z0-9_-]+$`)
	fieldIDRe     = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

// Load reads and checks the framework file at path.
func Load(path string) (*Framework, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return nil, ReadError("指标体系文件", path, err)
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxFrameworkSize+1))
	if err != nil {
		return nil, ReadError("指标体系文件", path, err)
	}
	return LoadBytes(path, src)
}

// LoadDefault loads the framework embedded in the binary (indicators.Default).
func LoadDefault() (*Framework, error) {
	src, err := indicators.FS.ReadFile(indicators.Default)
	if err != nil {
		return nil, err
	}
	return LoadBytes("indicators/"+indicators.Default, src)
}

// LoadEmbedded loads a framework shipped in the binary by name: its file stem
// (wuxi-2025) or its file name (wuxi-2025.yaml).
func LoadEmbedded(name string) (*Framework, error) {
	if !strings.HasSuffix(name, ".yaml") {
		name += ".yaml"
	}
	src, err := indicators.FS.ReadFile(name)
	if err != nil || strings.Contains(name, "/") {
		return nil, fmt.Errorf("no embedded framework %q", strings.TrimSuffix(name, ".yaml"))
	}
	return LoadBytes("indicators/"+name, src)
}

// EmbeddedFramework is one framework shipped in the binary, loaded.
type EmbeddedFramework struct {
	Name string // the file stem, which -framework NAME takes
	*Framework
}

// LoadAllEmbedded loads every framework shipped in the binary, by name.
func LoadAllEmbedded() ([]EmbeddedFramework, error) {
	var out []EmbeddedFramework
	for _, name := range indicators.Names() {
		fw, err := LoadEmbedded(name)
		if err != nil {
			return nil, fmt.Errorf("embedded framework %s: %w", name, err)
		}
		out = append(out, EmbeddedFramework{Name: name, Framework: fw})
	}
	return out, nil
}

// EarlierEditions returns the embedded frameworks with fw's id and an earlier year
// (older editions of the same framework), oldest first.
func EarlierEditions(all []EmbeddedFramework, fw *Framework) []EmbeddedFramework {
	var out []EmbeddedFramework
	for _, e := range all {
		if e.ID == fw.ID && e.Year < fw.Year {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out
}

// LoadBytes parses and checks a framework. name is used in error positions.
// Every problem is reported, as a *LoadError listing file:line:col: message.
func LoadBytes(name string, src []byte) (*Framework, error) {
	fail := func(line int, msg string) error {
		return &LoadError{Errs: []PosError{{Pos: Pos{File: name, Line: line}, Msg: msg}}}
	}
	if len(src) > MaxFrameworkSize {
		return nil, fail(0, fmt.Sprintf("文件超过 %d MiB 的上限", MaxFrameworkSize>>20))
	}
	if what := notYAMLText(src); what != "" {
		return nil, fail(0, what+"，不是指标体系文件：指标体系是 UTF-8 编码的 YAML 文本文件（如 indicators/wuxi-2025.yaml），请确认给出的是指标体系文件；检查填报表或汇总表请用 dteval validate")
	}
	if !utf8.Valid(src) {
		return nil, fail(0, "文件不是 UTF-8 编码（可能是 GBK）：请用 UTF-8 编码另存指标体系文件")
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(src, []byte("\ufeff")))) == 0 {
		return nil, fail(0, "文件是空的：指标体系至少需要 schema、id、title、year、units、fields、index")
	}
	if line, col, ok := findTab(src); ok {
		return nil, &LoadError{Errs: []PosError{{Pos: Pos{File: name, Line: line, Col: col}, Msg: "YAML 不允许用制表符缩进，请把行首的制表符改成空格"}}}
	}
	var root yaml.Node
	yd := yaml.NewDecoder(bytes.NewReader(src))
	if err := yd.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fail(0, "文件里只有注释：指标体系至少需要 schema、id、title、year、units、fields、index")
		}
		return nil, YAMLError(name, src, err)
	}
	var extra yaml.Node
	if err := yd.Decode(&extra); err == nil {
		at := &extra
		if len(extra.Content) > 0 {
			at = extra.Content[0]
		}
		return nil, &LoadError{Errs: []PosError{{Pos: Pos{File: name, Line: at.Line, Col: at.Column}, Msg: "文件中有第二个 YAML 文档（---）：一个文件只能有一个指标体系"}}}
	} else if !errors.Is(err, io.EOF) {
		return nil, YAMLError(name, src, err)
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return nil, fail(0, "文件是空的：指标体系至少需要 schema、id、title、year、units、fields、index")
	}
	if err := checkAliases(name, root.Content[0]); err != nil {
		return nil, err
	}
	d := &dec{file: name, np: map[*Node]*nodePos{}}
	fw := d.framework(root.Content[0])
	if err := d.err(); err != nil {
		return nil, err
	}
	fw.Source = src
	sum := sha256.Sum256(src)
	fw.SHA256 = hex.EncodeToString(sum[:])
	fw.Path = name
	d.semantics(fw)
	if err := d.err(); err != nil {
		return nil, err
	}
	sort.SliceStable(d.warns, func(i, j int) bool {
		a, b := d.warns[i].Pos, d.warns[j].Pos
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	fw.Warnings = d.warns
	return fw, nil
}

// findTab finds a tab in the indentation of a line (YAML forbids it there).
func findTab(src []byte) (line, col int, ok bool) {
	for i, l := range bytes.Split(src, []byte("\n")) {
		for j, c := range l {
			if c == '\t' {
				return i + 1, j + 1, true
			}
			if c != ' ' {
				break
			}
		}
	}
	return 0, 0, false
}

// checkAliases rejects anchors and aliases: a framework is plain data, and
// aliases would let a small file expand into a huge one.
func checkAliases(name string, n *yaml.Node) error {
	var found *yaml.Node
	var walk func(n *yaml.Node, depth int) bool
	walk = func(n *yaml.Node, depth int) bool {
		if depth > 4*MaxTreeDepth+16 {
			found = n
			return true
		}
		if n.Kind == yaml.AliasNode || n.Anchor != "" {
			found = n
			return true
		}
		for _, c := range n.Content {
			if walk(c, depth+1) {
				return true
			}
		}
		return false
	}
	if walk(n, 0) {
		msg := "不支持 YAML 锚点和别名（& 和 *），请把内容写全"
		if found.Kind != yaml.AliasNode && found.Anchor == "" {
			msg = "嵌套过深"
		}
		return &LoadError{Errs: []PosError{{Pos: Pos{File: name, Line: found.Line, Col: found.Column}, Msg: msg}}}
	}
	return nil
}

var (
	topKeys       = []string{"schema", "id", "title", "version", "year", "kind", "level", "regulation", "issuer", "organisations", "region", "unit_noun", "units", "fields", "checks", "method", "index"}
	unitKeys      = []string{"id", "name", "group"}
	fieldKeys     = []string{"id", "name", "unit", "type", "min", "max", "required", "evidence", "allow_na", "from_table", "grades", "source", "period", "help"}
	checkKeys     = []string{"rule", "message"}
	methodKeys    = []string{"normalize", "missing", "treat", "winsorize", "aggregate", "decimals", "rank_by", "publish", "grades", "sensitivity"}
	winsorKeys    = []string{"max_points", "skew", "kurtosis", "log_fallback"}
	gradeBandKeys = []string{"min", "label", "index_min"}
	sensKeys      = []string{"runs", "weight_spread", "alternatives", "seed"}
	groupKeys     = []string{"id", "name", "chapter", "article", "weight", "children", "aggregate", "missing", "applies_to", "kind", "cap", "help"}
	leafKeys      = []string{"id", "name", "chapter", "article", "weight", "value", "unit", "direction", "normalize", "missing", "treat", "applies_to", "points_each", "cap", "grade_cap", "source", "help", "baseline", "target"}
	planKeys      = []string{"year", "value", "source"}
	normKeys      = map[string][]string{
		NormMinmax:   {"method", "lo"},
		NormGoalpost: {"method", "lo", "hi", "log"},
		NormTarget:   {"method", "target"},
		NormRank:     {"method"},
		NormZscore:   {"method", "mean", "sd"},
		NormLadder:   {"method", "steps"},
		NormBoolean:  {"method"},
		NormGrade:    {"method", "scores"},
		NormNone:     {"method"},
	}
	normMethods    = []string{NormMinmax, NormGoalpost, NormTarget, NormRank, NormZscore, NormLadder, NormBoolean, NormGrade, NormNone}
	missingPols    = []string{"zero", "reweight", "mean", "group-mean"}
	treatPols      = []string{"none", "winsorize"}
	aggregatePols  = []string{"arithmetic", "geometric"}
	frameworkKinds = []string{FrameworkRanking, FrameworkSelf}
	fieldTypes     = []string{TypeNumber, TypeInteger, TypePercent, TypeBoolean, TypeGrade, TypeText}
)

// positions of values the semantic pass needs to point at.
type nodePos struct {
	weight, chapter, article, value, normalize, appliesTo, cap, points, kind, id, direction, gradeCap *yaml.Node
	baseline, target                                                                                  *yaml.Node
}

func (d *dec) framework(n *yaml.Node) *Framework {
	fw := &Framework{}
	m, ok := d.mapping(n, "指标体系", topKeys...)
	if !ok {
		return fw
	}
	d.require(m, "指标体系", "schema", "id", "title", "year", "units", "fields", "index")
	fw.Schema = d.str(m.get("schema"), "schema")
	if fw.Schema != "" && fw.Schema != FrameworkSchema {
		d.errorf(m.get("schema"), "schema 应为 %q，这里是 %q", FrameworkSchema, fw.Schema)
	}
	fw.ID = d.str(m.get("id"), "id")
	if fw.ID != "" && !frameworkIDRe.MatchString(fw.ID) {
		d.errorf(m.get("id"), "id %q 只能由小写字母、数字和 - 组成", fw.ID)
	}
	fw.Title = d.str(m.get("title"), "title")
	fw.Version = d.str(m.get("version"), "version")
	if y, ok := d.integer(m.get("year"), "year"); ok {
		if y < 1900 || y > 2200 {
			d.errorf(m.get("year"), "year 应为数据所属年度（如 2025），这里是 %d", y)
		}
		fw.Year = y
	}
	fw.Kind = FrameworkRanking
	if kn := m.get("kind"); kn != nil {
		d.choice(kn, "kind", frameworkKinds, &fw.Kind)
	}
	fw.Level = d.str(m.get("level"), "level")
	fw.Regulation = d.str(m.get("regulation"), "regulation")
	fw.Issuer = d.str(m.get("issuer"), "issuer")
	fw.Region = strings.TrimSpace(d.str(m.get("region"), "region"))
	fw.UnitNounText = strings.TrimSpace(d.str(m.get("unit_noun"), "unit_noun"))
	if m.has("unit_noun") && fw.UnitNounText == "" {
		d.errorf(m.get("unit_noun"), "unit_noun 是被评估单位的称呼（如 地区、镇（街道）），不能为空；不写则为“地区”")
	}
	d.unitsNode, d.kindNode = m.get("units"), m.get("kind")
	for _, on := range d.seq(m.get("organisations"), "organisations") {
		if o := d.str(on, "organisations"); o != "" {
			fw.Organisations = append(fw.Organisations, o)
		}
	}
	d.units(fw, m.get("units"))
	d.fields(fw, m.get("fields"))
	d.method(fw, m.get("method"))
	for _, cn := range d.seq(m.get("checks"), "checks") {
		cm, ok := d.mapping(cn, "检查规则", checkKeys...)
		if !ok {
			continue
		}
		d.require(cm, "检查规则", "rule", "message")
		c := &Check{Rule: d.str(cm.get("rule"), "rule"), Message: d.str(cm.get("message"), "message"), Pos: d.pos(cn)}
		if c.Rule != "" {
			e, err := ParseRule(c.Rule)
			if err != nil {
				d.exprError(cm.get("rule"), err)
			} else {
				c.Expr = e
				d.exprFields(fw, cm.get("rule"), e, "检查规则")
			}
		}
		fw.Checks = append(fw.Checks, c)
	}
	if idx := m.get("index"); idx != nil {
		fw.Index = d.node(fw, idx, nil, 0)
	}
	return fw
}

func (d *dec) units(fw *Framework, n *yaml.Node) {
	items := d.seq(n, "units")
	if n != nil && len(items) == 0 && n.Kind == yaml.SequenceNode {
		d.errorf(n, "units 至少要列出一个被评估单位")
	}
	fw.unitByID = map[string]int{}
	for _, un := range items {
		um, ok := d.mapping(un, "单位", unitKeys...)
		if !ok {
			continue
		}
		d.require(um, "单位", "id", "name")
		u := Unit{ID: d.str(um.get("id"), "单位 id"), Name: d.str(um.get("name"), "单位 name"), Group: d.str(um.get("group"), "单位 group"), Pos: d.pos(un)}
		if id := um.get("id"); id != nil && id.Kind == yaml.ScalarNode && u.ID == "" {
			d.errorf(id, "单位 id 不能为空（它会成为文件名）：请填写小写字母、数字、_ 或 - 组成的 id")
		} else if u.ID != "" && !unitIDRe.MatchString(u.ID) {
			d.errorf(um.get("id"), "单位 id %q 只能由小写字母、数字、_ 和 - 组成（它会成为文件名）", u.ID)
		} else if u.ID != "" {
			if _, dup := fw.unitByID[u.ID]; dup {
				d.errorf(um.get("id"), "单位 id %q 重复", u.ID)
			}
		}
		fw.unitByID[u.ID] = len(fw.Units)
		fw.Units = append(fw.Units, u)
	}
}

func (d *dec) fields(fw *Framework, n *yaml.Node) {
	fw.fieldByID = map[string]*Field{}
	items := d.seq(n, "fields")
	if n != nil && len(items) == 0 && n.Kind == yaml.SequenceNode {
		d.errorf(n, "fields 至少要有一个填报字段")
	}
	for _, fn := range items {
		fm, ok := d.mapping(fn, "字段", fieldKeys...)
		if !ok {
			continue
		}
		d.require(fm, "字段", "id", "name", "type")
		f := &Field{
			ID: d.str(fm.get("id"), "字段 id"), Name: d.str(fm.get("name"), "字段 name"),
			Unit: d.str(fm.get("unit"), "字段 unit"), Type: d.str(fm.get("type"), "字段 type"),
			Required: true, Source: d.str(fm.get("source"), "字段 source"), Period: d.str(fm.get("period"), "字段 period"), Help: d.str(fm.get("help"), "字段 help"),
			Pos: d.pos(fn),
		}
		if f.ID != "" {
			if !fieldIDRe.MatchString(f.ID) {
				d.errorf(fm.get("id"), "字段 id %q 应以小写字母开头，只含小写字母、数字和 _", f.ID)
			} else if _, dup := fw.fieldByID[f.ID]; dup {
				d.errorf(fm.get("id"), "字段 id %q 重复", f.ID)
			} else {
				fw.fieldByID[f.ID] = f
			}
		}
		if f.Type != "" && !contains(fieldTypes, f.Type) {
			d.errorf(fm.get("type"), "未知的字段类型 %q（可用：%s）", f.Type, strings.Join(fieldTypes, ", "))
		}
		if v, ok := d.number(fm.get("min"), "min"); ok {
			f.Min = &v
		}
		if v, ok := d.number(fm.get("max"), "max"); ok {
			f.Max = &v
		}
		if (f.Min != nil || f.Max != nil) && (f.Type == TypeBoolean || f.Type == TypeGrade || f.Type == TypeText) {
			at := fm.get("min")
			if at == nil {
				at = fm.get("max")
			}
			d.errorf(at, "%s 类型的字段不能设 min/max", f.Type)
		}
		if f.Min != nil && f.Max != nil && *f.Min > *f.Max {
			d.errorf(fm.get("max"), "max (%v) 小于 min (%v)", *f.Max, *f.Min)
		}
		if b, ok := d.boolean(fm.get("required"), "required"); ok {
			f.Required = b
		}
		if b, ok := d.boolean(fm.get("evidence"), "evidence"); ok {
			f.Evidence = b
		}
		if b, ok := d.boolean(fm.get("allow_na"), "allow_na"); ok {
			f.AllowNA = b
		}
		if b, ok := d.boolean(fm.get("from_table"), "from_table"); ok {
			f.FromTable = b
		}
		f.Grades = d.strList(fm.get("grades"), "grades")
		if f.Type == TypeGrade && len(f.Grades) == 0 {
			d.errorf(fn, "grade 类型的字段需要 grades（等级列表，如 [A, B, C, D]）")
		}
		if f.Type != TypeGrade && fm.has("grades") {
			d.errorf(fm.get("grades"), "只有 grade 类型的字段才能设 grades")
		}
		seen := map[string]bool{}
		for _, g := range f.Grades {
			if seen[g] {
				d.errorf(fm.get("grades"), "等级 %q 重复", g)
			}
			seen[g] = true
		}
		fw.Fields = append(fw.Fields, f)
	}
}

func (d *dec) method(fw *Framework, n *yaml.Node) {
	fw.Method = Method{
		Normalize: Normalize{Method: NormMinmax},
		Missing:   "zero",
		Treat:     "none",
		Winsorize: Winsorize{MaxPoints: 5, Skew: 2, Kurtosis: 3.5, LogFallback: true},
		Aggregate: "arithmetic",
		Decimals:  2,
		RankBy:    RankByTotal,
		Publish:   "ranks",
		Grades: []GradeBand{
			{Min: 90, Label: "优秀"}, {Min: 80, Label: "良好"}, {Min: 60, Label: "合格"}, {Min: 0, Label: "待提升"},
		},
		Sensitivity: Sensitivity{Runs: 1000, WeightSpread: 0.25, Alternatives: []string{NormMinmax, NormRank}, Seed: 2025},
	}
	if n == nil {
		return
	}
	m, ok := d.mapping(n, "method", methodKeys...)
	if !ok {
		return
	}
	me := &fw.Method
	if v := m.get("normalize"); v != nil {
		me.Normalize = d.normalize(v, nil)
	}
	d.choice(m.get("missing"), "missing", missingPols, &me.Missing)
	d.choice(m.get("treat"), "treat", treatPols, &me.Treat)
	d.choice(m.get("aggregate"), "aggregate", aggregatePols, &me.Aggregate)
	d.choice(m.get("publish"), "publish", []string{"ranks", "grades"}, &me.Publish)
	d.choice(m.get("rank_by"), "rank_by", []string{RankByTotal, RankByIndex}, &me.RankBy)
	if v, ok := d.integer(m.get("decimals"), "decimals"); ok {
		if v < 0 || v > 6 {
			d.errorf(m.get("decimals"), "decimals 应在 0 到 6 之间，这里是 %d", v)
		} else {
			me.Decimals = v
		}
	}
	if wn := m.get("winsorize"); wn != nil {
		wm, ok := d.mapping(wn, "winsorize", winsorKeys...)
		if ok {
			if v, ok := d.integer(wm.get("max_points"), "max_points"); ok {
				if v < 1 {
					d.errorf(wm.get("max_points"), "max_points 应不小于 1")
				}
				me.Winsorize.MaxPoints = v
			}
			if v, ok := d.number(wm.get("skew"), "skew"); ok {
				me.Winsorize.Skew = v
			}
			if v, ok := d.number(wm.get("kurtosis"), "kurtosis"); ok {
				me.Winsorize.Kurtosis = v
			}
			if v, ok := d.boolean(wm.get("log_fallback"), "log_fallback"); ok {
				me.Winsorize.LogFallback = v
			}
		}
	}
	if gn := m.get("grades"); gn != nil {
		me.Grades = nil
		items := d.seq(gn, "grades")
		if gn.Kind == yaml.SequenceNode && len(items) == 0 {
			d.errorf(gn, "grades 至少要有一个等次")
		}
		for i, item := range items {
			gm, ok := d.mapping(item, "等次", gradeBandKeys...)
			if !ok {
				continue
			}
			d.require(gm, "等次", "min", "label")
			b := GradeBand{Label: d.str(gm.get("label"), "label")}
			b.Min, _ = d.number(gm.get("min"), "min")
			if v, ok := d.number(gm.get("index_min"), "index_min"); ok {
				b.IndexMin = &v
			}
			if i > 0 && len(me.Grades) > 0 && b.Min >= me.Grades[len(me.Grades)-1].Min {
				d.errorf(gm.get("min"), "等次应按 min 从高到低排列：%q 的 min (%v) 不低于上一个等次的 %v", b.Label, b.Min, me.Grades[len(me.Grades)-1].Min)
			}
			me.Grades = append(me.Grades, b)
		}
	}
	if sn := m.get("sensitivity"); sn != nil {
		sm, ok := d.mapping(sn, "sensitivity", sensKeys...)
		if ok {
			s := &me.Sensitivity
			if v, ok := d.integer(sm.get("runs"), "runs"); ok {
				if v < 0 || v > 100000 {
					d.errorf(sm.get("runs"), "runs 应在 0 到 100000 之间（0 表示不做稳定性分析）")
				}
				s.Runs = v
			}
			if v, ok := d.number(sm.get("weight_spread"), "weight_spread"); ok {
				if v < 0 || v >= 1 {
					d.errorf(sm.get("weight_spread"), "weight_spread 应在 [0, 1) 之间，这里是 %v", v)
				}
				s.WeightSpread = v
			}
			if an := sm.get("alternatives"); an != nil {
				s.Alternatives = nil
				for _, item := range d.seq(an, "alternatives") {
					a := d.str(item, "alternatives 的每一项")
					if a == "" {
						continue
					}
					if a != NormMinmax && a != NormRank && a != NormZscore {
						d.errorf(item, "alternatives 只能是不需要参数的方法 minmax、rank、zscore，这里是 %q", a)
						continue
					}
					s.Alternatives = append(s.Alternatives, a)
				}
			}
			if v, ok := d.integer(sm.get("seed"), "seed"); ok {
				if v < 0 {
					d.errorf(sm.get("seed"), "seed 应为非负整数")
				}
				s.Seed = uint64(v)
			}
		}
	}
}

func (d *dec) choice(n *yaml.Node, what string, allowed []string, dst *string) {
	if n == nil {
		return
	}
	v := d.str(n, what)
	if v == "" {
		return
	}
	if !contains(allowed, v) {
		msg := fmt.Sprintf("%s 的取值 %q 无效（可用：%s）", what, v, strings.Join(allowed, ", "))
		if s := suggest(v, allowed); s != "" {
			msg = fmt.Sprintf("%s 的取值 %q 无效（是否应为 %q？）", what, v, s)
		}
		d.errorf(n, "%s", msg)
		return
	}
	*dst = v
}

// normalize reads a normalize value: a method name or a mapping with method and
// parameters. Parameters are checked in semantics, where the direction is known.
func (d *dec) normalize(n *yaml.Node, _ *Node) Normalize {
	var nz Normalize
	if n.Kind == yaml.ScalarNode {
		d.choice(n, "normalize", normMethods, &nz.Method)
	} else {
		// First read the method, then check the keys allowed for it.
		var method string
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == "method" {
					d.choice(n.Content[i+1], "normalize 的 method", normMethods, &method)
				}
			}
		}
		known := normKeys[method]
		if known == nil {
			known = []string{"method", "lo", "hi", "log", "target", "mean", "sd", "steps", "scores"}
		}
		m, ok := d.mapping(n, "normalize", known...)
		if !ok {
			return nz
		}
		if !m.has("method") {
			d.errorf(n, "normalize 缺少 method（可用：%s）", strings.Join(normMethods, ", "))
			return nz
		}
		nz.Method = method
		switch method {
		case NormMinmax:
			if v, ok := d.number(m.get("lo"), "lo"); ok {
				if v < 0 || v >= 100 {
					d.errorf(m.get("lo"), "minmax 的 lo 应在 [0, 100) 之间，这里是 %v", v)
				}
				nz.Lo = v
			}
		case NormGoalpost:
			d.require(m, "goalpost", "lo", "hi")
			lo, okLo := d.number(m.get("lo"), "lo")
			hi, okHi := d.number(m.get("hi"), "hi")
			nz.Lo, nz.Hi = lo, hi
			if b, ok := d.boolean(m.get("log"), "log"); ok {
				nz.Log = b
			}
			if okLo && okHi && lo >= hi {
				d.errorf(m.get("hi"), "goalpost 的 hi (%v) 应大于 lo (%v)", hi, lo)
			}
			if okLo && nz.Log && lo <= 0 {
				d.errorf(m.get("lo"), "对数 goalpost（log: true）的 lo 应大于 0，这里是 %v", lo)
			}
		case NormTarget:
			d.require(m, "target", "target")
			if v, ok := d.number(m.get("target"), "target"); ok {
				if v <= 0 {
					d.errorf(m.get("target"), "target 应大于 0，这里是 %v", v)
				}
				nz.Target = v
			}
		case NormZscore:
			nz.Mean, nz.SD = 50, 10
			if v, ok := d.number(m.get("mean"), "mean"); ok {
				nz.Mean = v
			}
			if v, ok := d.number(m.get("sd"), "sd"); ok {
				if v <= 0 {
					d.errorf(m.get("sd"), "zscore 的 sd 应大于 0")
				}
				nz.SD = v
			}
		case NormLadder:
			d.require(m, "ladder", "steps")
			d.steps(&nz, m.get("steps"))
		case NormGrade:
			d.require(m, "grade", "scores")
			if sn := m.get("scores"); sn != nil {
				sm, ok := d.mapping(sn, "scores", anyKeys(sn)...)
				if ok {
					nz.Scores = map[string]float64{}
					for i := 0; i+1 < len(sn.Content); i += 2 {
						k := sn.Content[i].Value
						if _, ok := sm.vals[k]; !ok {
							continue
						}
						if v, ok := d.number(sn.Content[i+1], "等级分值"); ok {
							nz.Scores[k] = v
							if nz.ScorePos == nil {
								nz.ScorePos = map[string]Pos{}
							}
							nz.ScorePos[k] = d.pos(sn.Content[i])
							nz.ScoreOrder = append(nz.ScoreOrder, k)
						}
					}
					if len(nz.Scores) == 0 {
						d.errorf(sn, "grade 的 scores 不能为空")
					}
				}
			}
		}
	}
	if nz.Method == NormZscore && nz.SD == 0 {
		nz.Mean, nz.SD = 50, 10
	}
	return nz
}

func anyKeys(n *yaml.Node) []string {
	var ks []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		ks = append(ks, n.Content[i].Value)
	}
	return ks
}

func (d *dec) steps(nz *Normalize, n *yaml.Node) {
	items := d.seq(n, "steps")
	if n != nil && n.Kind == yaml.SequenceNode && len(items) == 0 {
		d.errorf(n, "ladder 的 steps 不能为空")
	}
	for _, item := range items {
		sm, ok := d.mapping(item, "ladder 的一级", "min", "max", "score")
		if !ok {
			continue
		}
		d.require(sm, "ladder 的一级", "score")
		st := LadderStep{}
		if v, ok := d.number(sm.get("min"), "min"); ok {
			st.Min, st.HasMin = v, true
		}
		if v, ok := d.number(sm.get("max"), "max"); ok {
			st.Max, st.HasMax = v, true
		}
		st.Score, _ = d.number(sm.get("score"), "score")
		if !st.HasMin && !st.HasMax {
			d.errorf(item, "ladder 的每一级需要 min（方向 higher）或 max（方向 lower）")
		}
		nz.Steps = append(nz.Steps, st)
	}
}

// node reads an index node and its subtree.
func (d *dec) node(fw *Framework, n *yaml.Node, parent *Node, depth int) *Node {
	nd := &Node{Parent: parent, Depth: depth, Pos: d.pos(n), Weight: 1}
	if depth > MaxTreeDepth {
		d.errorf(n, "指标树超过 %d 层", MaxTreeDepth)
		return nd
	}
	isGroup := false
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "children" {
				isGroup = true
			}
		}
	}
	what := "指标"
	keys := leafKeys
	if isGroup || parent == nil {
		what, keys = "指标组", groupKeys
	}
	m, ok := d.mapping(n, what, keys...)
	if !ok {
		return nd
	}
	d.require(m, what, "id", "name")
	nd.ID = d.str(m.get("id"), "id")
	nd.Name = d.str(m.get("name"), "name")
	np := &nodePos{weight: m.get("weight"), chapter: m.get("chapter"), article: m.get("article"), value: m.get("value"),
		normalize: m.get("normalize"), appliesTo: m.get("applies_to"), cap: m.get("cap"), points: m.get("points_each"),
		kind: m.get("kind"), id: m.get("id"), direction: m.get("direction"), gradeCap: m.get("grade_cap")}
	d.np[nd] = np
	if nd.ID != "" && !fieldIDRe.MatchString(nd.ID) {
		d.errorf(m.get("id"), "节点 id %q 应以小写字母开头，只含小写字母、数字和 _", nd.ID)
	}
	if v, ok := d.number(m.get("weight"), "weight"); ok {
		if v <= 0 {
			d.errorf(m.get("weight"), "权重 weight 应大于 0，这里是 %v", v)
		}
		nd.Weight = v
	}
	if v, ok := d.integer(m.get("chapter"), "chapter"); ok {
		nd.Chapter = v
	}
	if v, ok := d.integer(m.get("article"), "article"); ok {
		nd.Article = v
	}
	nd.AppliesTo = d.strList(m.get("applies_to"), "applies_to")
	if m.has("applies_to") && len(nd.AppliesTo) == 0 && m.get("applies_to").Kind == yaml.SequenceNode {
		d.errorf(m.get("applies_to"), "applies_to 不能为空列表（不设 applies_to 表示适用于所有单位）")
	}
	d.choice(m.get("missing"), "missing", missingPols, &nd.Missing)
	nd.Help = d.str(m.get("help"), "help")
	if v, ok := d.number(m.get("cap"), "cap"); ok {
		if v <= 0 {
			d.errorf(m.get("cap"), "cap 应大于 0")
		}
		nd.Cap = &v
	}
	if isGroup || parent == nil {
		nd.Kind = KindGroup
		if k := m.get("kind"); k != nil {
			var kind string
			d.choice(k, "kind", []string{KindBonus, KindPenalty, KindVeto}, &kind)
			if kind != "" {
				nd.Kind = kind
			}
		}
		d.choice(m.get("aggregate"), "aggregate", aggregatePols, &nd.Aggregate)
		if !isGroup {
			d.errorf(n, "指标体系的根节点 index 需要 children")
		}
		kids := d.seq(m.get("children"), "children")
		if m.has("children") && len(kids) == 0 && m.get("children").Kind == yaml.SequenceNode {
			d.errorf(m.get("children"), "children 不能为空列表")
		}
		for _, c := range kids {
			nd.Children = append(nd.Children, d.node(fw, c, nd, depth+1))
		}
		return nd
	}
	nd.Kind = KindIndicator
	nd.Value = d.str(m.get("value"), "value")
	nd.Unit = d.str(m.get("unit"), "unit")
	nd.Source = d.str(m.get("source"), "source")
	nd.GradeCap = d.str(m.get("grade_cap"), "grade_cap")
	nd.Direction = "higher"
	d.choice(m.get("direction"), "direction", []string{"higher", "lower"}, &nd.Direction)
	d.choice(m.get("treat"), "treat", treatPols, &nd.Treat)
	if v, ok := d.number(m.get("points_each"), "points_each"); ok {
		if v <= 0 {
			d.errorf(m.get("points_each"), "points_each 应大于 0")
		}
		nd.PointsEach = v
	}
	if nn := m.get("normalize"); nn != nil {
		nd.Normalize = d.normalize(nn, nd)
		nd.NormPos = d.pos(nn)
	}
	nd.Baseline = d.planPoint(m.get("baseline"), "baseline")
	nd.Target = d.planPoint(m.get("target"), "target")
	np.baseline, np.target = m.get("baseline"), m.get("target")
	if nd.Value != "" {
		e, err := ParseExpr(nd.Value)
		if err != nil {
			d.exprError(m.get("value"), err)
		} else {
			nd.Expr = e
		}
	}
	return nd
}

// planPoint reads a baseline or target: {year, value, source}.
func (d *dec) planPoint(n *yaml.Node, what string) *PlanPoint {
	if n == nil {
		return nil
	}
	m, ok := d.mapping(n, what, planKeys...)
	if !ok {
		return nil
	}
	d.require(m, what, "year", "value")
	p := &PlanPoint{Pos: d.pos(n)}
	if y, ok := d.integer(m.get("year"), what+" 的 year"); ok {
		if y < 1900 || y > 2200 {
			d.errorf(m.get("year"), "%s 的 year 应为年份（如 2020），这里是 %d", what, y)
		}
		p.Year = y
	}
	p.Value, _ = d.number(m.get("value"), what+" 的 value")
	p.Source = d.str(m.get("source"), what+" 的 source")
	return p
}

// exprError positions an expression error inside the YAML scalar when it is a plain
// one-line scalar (the usual case); otherwise at the scalar.
func (d *dec) exprError(n *yaml.Node, err error) {
	var ee *ExprError
	p := d.pos(n)
	msg := err.Error()
	if errors.As(err, &ee) {
		if n.Style == 0 || n.Style == yaml.FlowStyle {
			p.Col += utf8.RuneCountInString(n.Value[:min(ee.Offset, len(n.Value))])
		} else if n.Style == yaml.DoubleQuotedStyle || n.Style == yaml.SingleQuotedStyle {
			p.Col += 1 + utf8.RuneCountInString(n.Value[:min(ee.Offset, len(n.Value))])
		}
	}
	d.errs = append(d.errs, PosError{Pos: p, Msg: msg})
}

// exprFields reports field names an expression uses that the framework does not define.
func (d *dec) exprFields(fw *Framework, n *yaml.Node, e *Expr, what string) {
	for _, list := range [][]string{e.Fields, e.Prev} {
		for _, id := range list {
			if fw.fieldByID[id] == nil {
				msg := fmt.Sprintf("%s引用了未定义的字段 %q", what, id)
				if s := suggest(id, fieldIDs(fw)); s != "" {
					msg += fmt.Sprintf("（是否应为 %q？）", s)
				}
				col := strings.Index(n.Value, id)
				p := d.pos(n)
				if col >= 0 && (n.Style == 0 || n.Style == yaml.FlowStyle) {
					p.Col += utf8.RuneCountInString(n.Value[:col])
				} else if col >= 0 {
					p.Col += 1 + utf8.RuneCountInString(n.Value[:col])
				}
				d.errs = append(d.errs, PosError{Pos: p, Msg: msg})
			} else if f := fw.fieldByID[id]; f.Type == TypeText || f.Type == TypeGrade {
				d.errorf(n, "%s不能在算式中使用%s类型的字段 %q", what, typeName(f.Type), id)
			}
		}
	}
}

func fieldIDs(fw *Framework) []string {
	ids := make([]string, 0, len(fw.Fields))
	for _, f := range fw.Fields {
		ids = append(ids, f.ID)
	}
	return ids
}

func typeName(t string) string {
	switch t {
	case TypeText:
		return "文本"
	case TypeGrade:
		return "等级"
	case TypeBoolean:
		return "是/否"
	}
	return t
}
