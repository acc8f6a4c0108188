package templates

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/wuxi-data/dteval/evaluator"
)

// reportModel is what both PDF renderers derive from the framework and results:
// units in framework order, city statistics per node and indicator, and the
// formatting helpers (every number through evaluator.FormatFixed).
type reportModel struct {
	fw   *evaluator.Framework
	res  *evaluator.Results
	dec  int
	opt  ReportOptions
	date time.Time
	// dateText is the report date in Chinese (2026年3月1日), "" when unknown.
	dateText string

	units   []*evaluator.UnitResult // scored units, framework order
	byID    map[string]*evaluator.UnitResult
	missing []string // names of units that submitted nothing, framework order

	chapters []*evaluator.Node
	leaves   []*evaluator.Node
	bonus    []*evaluator.Node // indicators under bonus/penalty groups

	nodeStat map[string]stat // group node id → over units where it applies
	indStat  map[string]stat // indicator id → scores over units where it applies
	valStat  map[string]stat // indicator id → values (raw) over units

	// prof: indicator id → the cells of its profile row that are the same for
	// every unit (profileTable), made once: 1,000 feedbacks draw 200 rows each
	prof map[string]profileConst
}

// stat summarises a set of values.
type stat struct {
	n              int
	mean, min, max float64
	sd             float64
}

func newStat(xs []float64) stat {
	if len(xs) == 0 {
		return stat{}
	}
	s := stat{n: len(xs), min: xs[0], max: xs[0]}
	sum := 0.0
	for _, x := range xs {
		sum += x
		s.min = math.Min(s.min, x)
		s.max = math.Max(s.max, x)
	}
	s.mean = sum / float64(len(xs))
	if len(xs) > 1 {
		ss := 0.0
		for _, x := range xs {
			ss += (x - s.mean) * (x - s.mean)
		}
		s.sd = math.Sqrt(ss / float64(len(xs)-1))
	}
	return s
}

func newReportModel(fw *evaluator.Framework, res *evaluator.Results, opt ReportOptions) (*reportModel, error) {
	if fw == nil || res == nil {
		return nil, fmt.Errorf("report: no framework or results")
	}
	if fw.Index == nil {
		return nil, fmt.Errorf("report: framework %s has no index", fw.ID)
	}
	m := &reportModel{fw: fw, res: res, dec: fw.Method.Decimals, opt: opt, byID: map[string]*evaluator.UnitResult{}}
	var err error
	if m.date, m.dateText, err = reportDate(opt.Date, res.Date); err != nil {
		return nil, err
	}
	for i := range res.Units {
		u := &res.Units[i]
		m.byID[u.ID] = u
	}
	// framework order; units unknown to the framework keep results order at the end
	for _, fu := range fw.Units {
		if u, ok := m.byID[fu.ID]; ok {
			m.units = append(m.units, u)
		}
	}
	seen := map[string]bool{}
	for _, u := range m.units {
		seen[u.ID] = true
	}
	for i := range res.Units {
		if !seen[res.Units[i].ID] {
			m.units = append(m.units, &res.Units[i])
		}
	}
	ns := map[string]bool{}
	for _, id := range res.NotSubmitted {
		ns[id] = true
	}
	for _, fu := range fw.Units {
		if ns[fu.ID] {
			m.missing = append(m.missing, fu.Name)
			delete(ns, fu.ID)
		}
	}
	rest := make([]string, 0, len(ns))
	for id := range ns {
		rest = append(rest, id)
	}
	sort.Strings(rest)
	m.missing = append(m.missing, rest...)

	m.chapters = fw.Chapters()
	fw.Walk(func(n *evaluator.Node) {
		if n.Kind != evaluator.KindIndicator {
			return
		}
		if n.InVeto() {
			return
		}
		if n.InBonusPenalty() {
			m.bonus = append(m.bonus, n)
		} else {
			m.leaves = append(m.leaves, n)
		}
	})
	m.nodeStat = map[string]stat{}
	m.indStat = map[string]stat{}
	m.valStat = map[string]stat{}
	for _, g := range fw.Groups() {
		var xs []float64
		for _, u := range m.units {
			if nr, ok := u.Nodes[g.ID]; ok && !nr.NA {
				xs = append(xs, nr.Score)
			}
		}
		m.nodeStat[g.ID] = newStat(xs)
	}
	for _, n := range append(append([]*evaluator.Node{}, m.leaves...), m.bonus...) {
		var xs, vs []float64
		for _, u := range m.units {
			ir, ok := u.Indicators[n.ID]
			if !ok || ir.NA {
				continue
			}
			xs = append(xs, ir.Score)
			if ir.Raw != nil {
				vs = append(vs, *ir.Raw)
			}
		}
		m.indStat[n.ID] = newStat(xs)
		m.valStat[n.ID] = newStat(vs)
	}
	m.prof = map[string]profileConst{}
	for _, n := range slices.Concat(m.leaves, m.bonus) {
		m.prof[n.ID] = m.newProfileConst(n)
	}
	// a chapter that is itself an indicator has its statistics under indStat
	for _, c := range m.chapters {
		if c.IsLeaf() {
			m.nodeStat[c.ID] = m.indStat[c.ID]
		}
	}
	return m, nil
}

// un puts what the framework calls its units (地区, 镇（街道）) for {U} in a text.
func (m *reportModel) un(s string) string { return strings.ReplaceAll(s, "{U}", m.fw.UnitNoun()) }

// by names who did what in a 数据来源 line: the framework's issuer, who compiled
// the report (无锡市数据局计算), or the tool when the framework names none
// (dteval 计算).
func (m *reportModel) by(what string) string {
	if m.fw.Issuer != "" {
		return m.fw.Issuer + what
	}
	return "dteval " + what
}

// gradesOnly reports whether the public outputs show grades and no ranks.
func (m *reportModel) gradesOnly() bool { return m.fw.Method.Publish == "grades" }

// f formats a score (or any number) with the framework's decimals.
func (m *reportModel) f(x float64) string { return evaluator.FormatFixed(x, m.dec) }

// signed formats a change of score with an explicit sign (+1.20, −0.35, 0.00).
func (m *reportModel) signed(x float64) string { return evaluator.ScoreChangeText(x, m.dec) }

// value formats an indicator's value with its unit (integers without decimals).
func (m *reportModel) value(n *evaluator.Node, x float64) string {
	s := m.number(n, x)
	if n.Unit != "" && n.Unit != "-" {
		if n.Unit == "%" {
			return s + "%"
		}
		return s + n.Unit
	}
	return s
}

// indicatorValue is an indicator's input value as printed: 不适用, 未填报, the text
// of a boolean/grade, or the number with its unit.
func (m *reportModel) indicatorValue(n *evaluator.Node, ir evaluator.IndicatorResult) string {
	switch {
	case ir.NA:
		return "不适用"
	case ir.Error != "":
		return evaluator.WordFaulty
	case ir.Text != "":
		return ir.Text
	case ir.Raw == nil:
		return "未填报"
	}
	return m.value(n, *ir.Raw)
}

// indicatorScore is an indicator's score as printed (不适用 never 0).
func (m *reportModel) indicatorScore(ir evaluator.IndicatorResult, ok bool) string {
	if !ok || ir.NA {
		return "不适用"
	}
	if ir.Dropped {
		return "未计分"
	}
	return m.f(ir.Score)
}

// nodeScore is a group node's score for a unit as printed.
func (m *reportModel) nodeScore(u *evaluator.UnitResult, n *evaluator.Node) (string, bool) {
	if n.IsLeaf() {
		ir, ok := u.Indicators[n.ID]
		if !ok || ir.NA {
			return "不适用", false
		}
		return m.f(ir.Score), true
	}
	nr, ok := u.Nodes[n.ID]
	if !ok || nr.NA {
		return "不适用", false
	}
	return m.f(nr.Score), true
}

// nodeValue returns the unit's score of a chapter node (group or leaf) and whether it applies.
func (m *reportModel) nodeValue(u *evaluator.UnitResult, n *evaluator.Node) (float64, bool) {
	if n.IsLeaf() {
		ir, ok := u.Indicators[n.ID]
		return ir.Score, ok && !ir.NA
	}
	nr, ok := u.Nodes[n.ID]
	return nr.Score, ok && !nr.NA
}

// nodeRank returns the unit's rank on a chapter node (0 when not available).
func (m *reportModel) nodeRank(u *evaluator.UnitResult, n *evaluator.Node) int {
	if n.IsLeaf() {
		ir := u.Indicators[n.ID]
		if ir.NA {
			return 0
		}
		return ir.Rank
	}
	nr := u.Nodes[n.ID]
	if nr.NA {
		return 0
	}
	return nr.Rank
}

// unitName returns the framework's name for a unit id (or the id).
func (m *reportModel) unitName(id string) string {
	if u, ok := m.fw.Unit(id); ok {
		return u.Name
	}
	if u, ok := m.byID[id]; ok && u.Name != "" {
		return u.Name
	}
	return id
}

// appliesNames writes an applies_to list (unit groups or unit ids) with unit names
// in place of unit ids.
func (m *reportModel) appliesNames(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id
		if u, ok := m.fw.Unit(id); ok {
			out[i] = u.Name
		}
	}
	return out
}

// inputFile is one input file of a report's annex: who it came from (a unit's name,
// 全部地区 or N个地区 for a consolidated table, 核查核定调整, 上年评估结果), what it is
// (inputKind: never the file name someone typed) and its SHA-256.
type inputFile struct{ Who, Name, SHA256 string }

// inputFiles lists the inputs once per file (a consolidated table read for several
// units is one row), submissions in framework order, then the adjustments file and
// last year's results. scored is the number of scored units.
func inputFiles(fw *evaluator.Framework, inputs []evaluator.Input, scored int) []inputFile {
	type file struct {
		name, sha, role string
		units           []string
	}
	var files []*file
	byKey := map[string]*file{}
	sorted := append([]evaluator.Input{}, inputs...)
	rank := func(in evaluator.Input) int {
		switch in.Role {
		case evaluator.InputAdjustments:
			return len(fw.Units) + 1
		case evaluator.InputPrevious:
			return len(fw.Units) + 2
		}
		if i := fw.UnitIndex(in.Unit); i >= 0 {
			return i
		}
		return len(fw.Units)
	}
	sort.SliceStable(sorted, func(i, j int) bool { return rank(sorted[i]) < rank(sorted[j]) })
	for _, in := range sorted {
		// Never the file name someone typed (SPEC §10): a file is told by its role,
		// its unit or source department, and its SHA-256.
		k := in.SHA256 + "\x00" + in.Role
		f, ok := byKey[k]
		if !ok {
			f = &file{name: inputKind(in), sha: in.SHA256, role: in.Role}
			byKey[k] = f
			files = append(files, f)
		}
		if in.Unit != "" {
			f.units = append(f.units, in.Unit)
		}
	}
	noun := fw.UnitNoun()
	out := make([]inputFile, 0, len(files))
	for _, f := range files {
		who := "（汇总表）"
		switch {
		case f.role == evaluator.RoleTable && f.name != "汇总表":
			who, f.name = strings.TrimSuffix(f.name, " 汇总表"), "汇总表"
		case f.role == evaluator.RoleTable:
		case f.role == evaluator.InputAdjustments:
			who = "核查核定调整"
		case f.role == evaluator.InputPrevious:
			who = "上年评估结果"
		case len(f.units) == 1:
			who = f.units[0]
			if u, ok := fw.Unit(f.units[0]); ok {
				who = u.Name
			}
		case len(f.units) > 1 && len(f.units) == scored:
			who = "全部" + noun
		case len(f.units) > 1:
			who = fmt.Sprintf("%d个%s", len(f.units), noun)
		}
		if f.role == "" && len(f.units) > 1 {
			f.name = "汇总表" // an older results.json: a table listed per unit
		}
		out = append(out, inputFile{who, f.name, f.sha})
	}
	return out
}

// inputKind is what an input is, for the annex's 文件 column: 填报表, 统计局 汇总表,
// 核查核减文件, results.json (the tool's own name for last year's results).
func inputKind(in evaluator.Input) string {
	switch in.Role {
	case evaluator.RoleTable:
		if in.Source != "" {
			return in.Source + " 汇总表"
		}
		return "汇总表"
	case evaluator.RoleAdjustments:
		return "核查核减文件"
	case evaluator.RolePrevious:
		return "results.json"
	case evaluator.RoleNarrative:
		return "编制说明文本"
	}
	return "填报表"
}

// fieldName returns a field's name (or the id).
func (m *reportModel) fieldName(id string) string {
	if f := m.fw.Field(id); f != nil {
		return f.Name
	}
	return id
}

// chapterRef is "《条例》第二章" for a chapter with a regulation map, "" otherwise.
func (m *reportModel) chapterRef(c *evaluator.Node) string {
	if m.fw.Reg == nil || c.EffChapter == 0 {
		return ""
	}
	return fmt.Sprintf("《%s》第%s章", m.fw.Reg.Title, cnNumber(c.EffChapter))
}

// articleText is "第16条（gist）".
func (m *reportModel) articleText(n int) string {
	if n == 0 {
		return ""
	}
	if m.fw.Reg != nil {
		if a, ok := m.fw.Reg.Article(n); ok && a.Gist != "" {
			return fmt.Sprintf("第%d条（%s）", n, a.Gist)
		}
	}
	return fmt.Sprintf("第%d条", n)
}

// leavesUnder returns the scored indicators under n (n itself when a leaf).
func (m *reportModel) leavesUnder(n *evaluator.Node) []*evaluator.Node {
	var out []*evaluator.Node
	var walk func(x *evaluator.Node)
	walk = func(x *evaluator.Node) {
		if x.IsLeaf() {
			out = append(out, x)
			return
		}
		for _, c := range x.Children {
			walk(c)
		}
	}
	walk(n)
	return out
}

// gradeOrder returns the grade labels in band order (best first).
func (m *reportModel) gradeOrder() []string {
	var out []string
	for _, g := range m.fw.Method.Grades {
		out = append(out, g.Label)
	}
	return out
}

// byGrade returns the units grouped by grade in band order, framework order within a grade.
func (m *reportModel) byGrade() [][]*evaluator.UnitResult {
	order := m.gradeOrder()
	idx := map[string]int{}
	for i, g := range order {
		idx[g] = i
	}
	out := make([][]*evaluator.UnitResult, len(order))
	var other []*evaluator.UnitResult
	for _, u := range m.units {
		if i, ok := idx[u.Grade]; ok {
			out[i] = append(out[i], u)
		} else {
			other = append(other, u)
		}
	}
	if len(other) > 0 {
		out = append(out, other)
	}
	return out
}

// byRank returns the units by overall rank, framework order among ties.
func (m *reportModel) byRank() []*evaluator.UnitResult {
	out := append([]*evaluator.UnitResult{}, m.units...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Rank < out[j].Rank })
	return out
}

// indexName is the name of the index (root node).
func (m *reportModel) indexName() string { return m.fw.Index.Name }

// reportTitle is the title of the report (metadata, running header).
func (m *reportModel) reportTitle() string {
	return fmt.Sprintf("%d年度%s", m.res.Year, m.coverTitle())
}

// coverTitle is the title on the cover, the year going on a line of its own:
// the region (framework key region) and the index name, 无锡市数字化转型发展指数评估报告.
func (m *reportModel) coverTitle() string {
	name := strings.TrimSuffix(m.indexName(), "评估") + "评估报告"
	if r := m.fw.Region; r != "" && !strings.HasPrefix(name, r) {
		name = r + name
	}
	return name
}

// metaTitle is the document's Title metadata: the report title, marked 征求意见稿
// for a draft and 示例数据 for the demo.
func (m *reportModel) metaTitle() string {
	t := m.reportTitle()
	if m.opt.Draft {
		t += "（" + evaluator.WordDraft + "）"
	}
	if m.opt.Sample {
		t += "（" + evaluator.WordDemo + "）"
	}
	return t
}

// cnNumber writes 1–99 in Chinese numerals (一, 十二, 二十).
func cnNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 0 || n >= 100:
		return fmt.Sprint(n)
	case n < 10:
		return digits[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + digits[n%10]
	case n%10 == 0:
		return digits[n/10] + "十"
	}
	return digits[n/10] + "十" + digits[n%10]
}

// rankChange describes a rank change (positive: moved up): ↑2, ↓1, 持平.
func rankChange(c int) string { return evaluator.RankChangeText(c) }

// previousText describes a unit's change on last year in one or two sentences;
// without ranks (publish: grades) it gives last year's grade only.
func (m *reportModel) previousText(u *evaluator.UnitResult, ranks bool) string {
	p := u.Previous
	if p == nil {
		return m.un("上年无该{U}评估结果，不作比较。")
	}
	if !ranks {
		// publish: grades: neither scores nor ranks, which would give the order away
		if p.Grade == "" {
			return ""
		}
		return fmt.Sprintf("上年评估等级为“%s”。", p.Grade)
	}
	var b strings.Builder
	if p.Rank > 0 {
		fmt.Fprintf(&b, "上年综合得分%s分，列第%d位", m.f(p.Score), p.Rank)
	} else {
		fmt.Fprintf(&b, "上年综合得分%s分", m.f(p.Score))
		if p.Grade != "" {
			fmt.Fprintf(&b, "，等级为“%s”", p.Grade)
		}
	}
	if p.ComparableScore == nil {
		b.WriteString("；按本年度指标体系计算的同口径得分无法计算")
		if p.Reason != "" {
			fmt.Fprintf(&b, "（%s）", strings.TrimRight(m.fieldNames(p.Reason), "。"))
		}
		b.WriteString("，不作比较。")
		return b.String()
	}
	fmt.Fprintf(&b, "；按本年度指标体系计算的同口径得分为%s分", m.f(*p.ComparableScore))
	if p.ScoreChange != nil {
		switch c := *p.ScoreChange; {
		case evaluator.Round(c, m.dec) > 0:
			fmt.Fprintf(&b, "，本年度较上年同口径提高%s分", m.f(c))
		case evaluator.Round(c, m.dec) < 0:
			fmt.Fprintf(&b, "，本年度较上年同口径下降%s分", m.f(-c))
		default:
			b.WriteString("，本年度与上年同口径持平")
		}
	}
	if ranks && p.RankChange != nil {
		switch c := *p.RankChange; {
		case c > 0:
			fmt.Fprintf(&b, "，名次上升%d位", c)
		case c < 0:
			fmt.Fprintf(&b, "，名次下降%d位", -c)
		default:
			b.WriteString("，名次不变")
		}
	}
	b.WriteString("。")
	return b.String()
}

// methodName describes a normalisation in Chinese with its parameters.
func (m *reportModel) methodName(nz evaluator.Normalize) string {
	name := evaluator.MethodName(nz.Method)
	switch nz.Method {
	case evaluator.NormMinmax:
		if nz.Lo != 0 {
			return fmt.Sprintf("%s（下限%s分）", name, m.f(nz.Lo))
		}
	case evaluator.NormGoalpost:
		s := fmt.Sprintf("%s（%s–%s", name, trimNum(nz.Lo, m.dec), trimNum(nz.Hi, m.dec))
		if nz.Log {
			s += "，对数"
		}
		return s + "）"
	case evaluator.NormTarget:
		return fmt.Sprintf("%s（目标%s）", name, trimNum(nz.Target, m.dec))
	}
	return name
}

// trimNum formats a framework parameter: FormatFixed, then trailing zeros removed
// (a goalpost of 40 prints as 40, not 40.00).
func trimNum(x float64, dec int) string {
	s := evaluator.FormatFixed(x, dec)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// directionName is 正向 / 逆向.
func directionName(d string) string { return evaluator.DirectionName(d) }

var fieldIDRe = regexp.MustCompile(`[A-Za-z][A-Za-z0-9_]*`)

// fieldNames replaces the field ids in an engine message by the fields' names
// (ai_scenarios → 政务AI应用场景数), for readers who do not know the ids.
func (m *reportModel) fieldNames(s string) string {
	return fieldIDRe.ReplaceAllStringFunc(s, func(id string) string {
		if f := m.fw.Field(id); f != nil && f.Name != "" {
			return "“" + f.Name + "”"
		}
		return id
	})
}

// noComparableNote explains the units without a comparable previous score, or "".
func (m *reportModel) noComparableNote() string {
	reasons := map[string]bool{}
	var names []string
	for _, u := range m.units {
		if p := u.Previous; p != nil && p.ScoreChange == nil {
			names = append(names, u.Name)
			reasons[m.fieldNames(strings.TrimRight(p.Reason, "。"))] = true
		}
	}
	if len(names) == 0 {
		return ""
	}
	who := strings.Join(names, "、")
	if len(names) == len(m.units) {
		who = m.un("各{U}")
	}
	s := "注：“—”表示无可比数据：" + who + "上年数据无法按本年度指标体系计算同口径得分"
	if len(reasons) == 1 {
		for r := range reasons {
			if r != "" {
				s += "（" + r + "）"
			}
		}
	}
	return s + "，不作比较。"
}

// methodBaseName names a normalisation method without its parameters.
func methodBaseName(method string) string { return evaluator.MethodName(method) }

// indexScore is the unit's index score: the root node's, before bonus and penalty.
func (m *reportModel) indexScore(u *evaluator.UnitResult) float64 {
	return u.Nodes[m.fw.Index.ID].Score
}

// byIndex reports whether ranks and totals differ in kind: with bonus or penalty
// items and method.rank_by: index the ranks compare index scores (SPEC §5.6), the
// grade the final score.
func (m *reportModel) byIndex() bool {
	return len(m.bonus) > 0 && m.fw.Method.RankBy == evaluator.RankByIndex
}

// vetoText says which vetoes (kind: veto) lowered or capped the unit's grade, in a
// sentence; "" when none applies.
func (m *reportModel) vetoText(u *evaluator.UnitResult) string {
	return IndexMinSentence(m.fw, u, m.indexScore(u)) + VetoSentence(m.fw, u)
}

// groupRankText is "组内排名：N", or "" for a group of one (no group rank).
func groupRankText(u *evaluator.UnitResult) string {
	if u.GroupRank <= 0 {
		return ""
	}
	return fmt.Sprintf("组内排名：%d", u.GroupRank)
}

// reportDate is the date a report carries: the -date option, else the results' date, as a
// time and as 2026年3月1日 ("" and 2000-01-01 when neither is set).
func reportDate(option, results string) (time.Time, string, error) {
	ds := option
	if ds == "" {
		ds = results
	}
	if ds == "" {
		return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), "", nil
	}
	t, err := time.Parse("2006-01-02", ds)
	if err != nil {
		return time.Time{}, "", fmt.Errorf("report date %q: want YYYY-MM-DD", ds)
	}
	return t, fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day()), nil
}
