package evaluator

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// ScoreOptions are the inputs of Score besides the framework and the dataset.
type ScoreOptions struct {
	Date string  // results.json "date" (the report date)
	Tool ToolRef // results.json "tool"
	// Previous is last year's results (-previous): the published and comparable
	// values of SPEC §5.8, and what prev(x) reads. Required when the framework uses prev().
	Previous *Results
	// Findings from reading, validation and merging: counted in results.json and
	// kept, with the scoring warnings, in Results.AllFindings.
	Findings Findings
	// NoSensitivity skips the Monte Carlo analysis whatever the framework says.
	NoSensitivity bool
	// Workers for the sensitivity runs; 0 means runtime.GOMAXPROCS(0). The results do
	// not depend on it.
	Workers int
}

// ErrNeedsPrevious is returned by Score when the framework uses prev() and no
// previous results were given (SPEC §4: exit 2, saying so).
var ErrNeedsPrevious = errors.New("指标体系中有指标用 prev() 读取上年数值，需要上年度的评估结果 results.json")

// UsesPrev reports whether any indicator of fw reads last year's values with prev().
func UsesPrev(fw *Framework) bool {
	uses := false
	fw.Walk(func(n *Node) {
		if n.Expr != nil && len(n.Expr.Prev) > 0 {
			uses = true
		}
	})
	return uses
}

// Score runs the scoring pipeline of SPEC §5 — derive → impute → treat → normalise →
// aggregate → rank → grade, then sensitivity and the previous year — on the year's
// dataset. Units with no entry in ds.Units submitted nothing: they are not scored
// and are listed in Results.NotSubmitted. Adjustments must already be applied to ds
// (ApplyAdjustments); they are recorded in the results as ds.Adjustments says.
func Score(fw *Framework, ds *Dataset, opt ScoreOptions) (*Results, error) {
	if fw == nil || fw.Index == nil {
		return nil, errors.New("score: no framework")
	}
	if ds == nil {
		ds = &Dataset{}
	}
	if err := checkScorable(fw); err != nil {
		return nil, err
	}
	if UsesPrev(fw) && opt.Previous == nil {
		return nil, ErrNeedsPrevious
	}
	if opt.Previous != nil {
		if err := CheckPrevious(fw, opt.Previous); err != nil {
			return nil, fmt.Errorf("score: %w", err)
		}
	}
	s := newScoring(fw, ds, opt.Previous)
	s.run()

	res := s.results()
	res.Date = opt.Date
	res.Tool = opt.Tool
	if fw.Method.Sensitivity.Runs > 0 && !opt.NoSensitivity && len(s.units) > 0 {
		sens := s.sensitivity(opt.Workers)
		res.Sensitivity = &sens.Summary
		for i := range res.Units {
			us := sens.Units[i]
			res.Units[i].Sensitivity = &us
		}
	}
	if opt.Previous != nil {
		if err := comparePrevious(fw, res, opt.Previous); err != nil {
			return nil, err
		}
	}
	all := append(append(Findings{}, opt.Findings...), s.findings...)
	res.AllFindings = all
	res.Findings = FindingCounts{Error: all.Errors(), Warning: all.Warnings(), ByCode: all.ByCode()}
	return res, nil
}

// checkScorable rejects what the loader should already have rejected, so that a
// hand-built framework cannot make the pipeline invent a score.
func checkScorable(fw *Framework) error {
	var errs []string
	fw.Walk(func(n *Node) {
		if n.Kind != KindIndicator || n.OutsideIndex() {
			return
		}
		if !knownMethod(n.Normalize.Method) {
			errs = append(errs, fmt.Sprintf("indicator %s: unknown normalisation method %q", n.ID, n.Normalize.Method))
		}
		if n.Expr == nil && n.Value != "" {
			errs = append(errs, fmt.Sprintf("indicator %s: value %q is not parsed", n.ID, n.Value))
		}
	})
	for _, m := range fw.Method.Sensitivity.Alternatives {
		if !knownMethod(m) {
			errs = append(errs, fmt.Sprintf("sensitivity: unknown alternative method %q", m))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("score: %s", strings.Join(errs, "; "))
	}
	return nil
}

// scoring is one run of the pipeline over one year's dataset.
type scoring struct {
	fw       *Framework
	ds       *Dataset
	units    []Unit // submitted units, framework order
	envs     []unitEnv
	notSub   []string
	leaves   []*Node
	cols     []*column
	plan     *aggPlan
	sc       [][]float64 // by unit, by plan node number
	st       [][]uint8
	bonus    []float64 // by unit
	penalty  []float64
	adj      []*adjColumn // bonus/penalty children
	veto     []*adjColumn // veto items: points unused; applied[i] when the value is above 0
	findings Findings
}

// adjColumn is a bonus or penalty child across the units.
type adjColumn struct {
	node   *Node
	group  *Node
	raw    []float64
	has    []bool
	na     []bool
	text   []string
	points []float64
}

func newScoring(fw *Framework, ds *Dataset, prev *Results) *scoring {
	s := &scoring{fw: fw, ds: ds}
	var prevFields map[string]map[string]any
	if prev != nil {
		prevFields = map[string]map[string]any{}
		for _, u := range prev.Units {
			prevFields[u.ID] = u.Fields
		}
	}
	for _, u := range fw.Units {
		vals, ok := ds.Units[u.ID]
		if _, excluded := ds.Excluded[u.ID]; excluded || !ok || len(vals) == 0 {
			s.notSub = append(s.notSub, u.ID)
			continue
		}
		s.units = append(s.units, u)
		s.envs = append(s.envs, unitEnv{fw: fw, cur: vals, prev: prevFields[u.ID]})
	}
	s.leaves = fw.Leaves()
	leafNo := map[*Node]int{}
	for i, n := range s.leaves {
		leafNo[n] = i
	}
	s.plan = newAggPlan(fw, leafNo)
	return s
}

func (s *scoring) run() {
	nu := len(s.units)
	s.cols = make([]*column, len(s.leaves))
	// Indicators are independent up to aggregation: each column is derived,
	// imputed, treated and normalised in parallel, its findings gathered in
	// indicator order.
	colFs := make([]Findings, len(s.leaves))
	parallelFor(len(s.leaves), func(i int) {
		c := newColumn(s.leaves[i], nu)
		c.derive(s.fw, s.units, s.envs, &colFs[i])
		c.impute(s.units, s.fw.UnitNoun(), &colFs[i])
		c.treat(s.fw.Method.Winsorize)
		c.normalise(s.fw.UnitNoun(), &colFs[i])
		s.cols[i] = c
	})
	for _, fs := range colFs {
		s.findings = append(s.findings, fs...)
	}
	// aggregate
	leafSc := make([][]float64, len(s.cols))
	leafSt := make([][]uint8, len(s.cols))
	for i, c := range s.cols {
		leafSc[i], leafSt[i] = c.score, c.st
	}
	s.sc = make([][]float64, nu)
	s.st = make([][]uint8, nu)
	for u := range s.units {
		s.sc[u] = make([]float64, len(s.plan.nodes))
		s.st[u] = make([]uint8, len(s.plan.nodes))
		s.plan.evalUnit(u, s.plan.weight, leafSc, leafSt, s.sc[u], s.st[u])
		s.zeroGeometric(u)
	}
	s.scoreAdjusters()
	s.scoreVetoes()
}

// scoreVetoes reads the veto items (SPEC §4 kind: veto): a value above 0 (是, or a
// count of one or more) caps the unit's grade at the item's grade_cap. A missing or
// 不适用 value vetoes nothing.
func (s *scoring) scoreVetoes() {
	nu := len(s.units)
	for _, k := range s.fw.Vetoes() {
		a := &adjColumn{node: k, raw: make([]float64, nu), has: make([]bool, nu),
			na: make([]bool, nu), text: make([]string, nu), points: make([]float64, nu)}
		for i, u := range s.units {
			a.raw[i], a.has[i], a.na[i], a.text[i] = deriveUnit(s.fw, k, u, s.envs[i], &s.findings)
		}
		s.veto = append(s.veto, a)
	}
}

// vetoed reports whether veto item a applies to unit u.
func (a *adjColumn) vetoed(u int) bool { return a.has[u] && a.raw[u] > 0 }

// CapGrade returns grade capped at cap: the lower of the two in the order of bands
// (descending). A label not in bands leaves grade as it is.
func CapGrade(grade, cap string, bands []GradeBand) string {
	gi, ci := -1, -1
	for i, b := range bands {
		if b.Label == grade {
			gi = i
		}
		if b.Label == cap {
			ci = i
		}
	}
	if ci >= 0 && gi >= 0 && gi < ci {
		return cap
	}
	return grade
}

// treat applies the indicator's treatment to the units taking part in its statistics.
//
// Only methods that score a unit relative to the others' values (minmax, zscore, rank)
// are treated. The others are left alone: goalpost, target and ladder compare the
// value with fixed parameters in the value's own unit (a log-transformed value cannot
// be compared with them, and a top performer's absolute achievement must not be cut
// to its neighbour's), and boolean, grade and none are already scores — a 0/1 column
// fails the outlier rule easily and the log fallback would turn 是 into about 1 point.
func (c *column) treat(w Winsorize) {
	if c.node.Treat != "winsorize" || len(c.part) < 4 || !treatable(c.node.Normalize.Method) {
		return
	}
	xs := make([]float64, len(c.part))
	for j, i := range c.part {
		xs[j] = c.value[i]
	}
	out, changed, _ := Winsorise(xs, w)
	for j, i := range c.part {
		c.value[i] = out[j]
		c.treated[i] = changed[j]
	}
}

// treatable reports whether an indicator normalised with method is treated.
func treatable(method string) bool {
	return method == NormMinmax || method == NormZscore || method == NormRank
}

// normalise scores the column (SPEC §5.4): the units taking part with the method,
// missing values under the zero policy 0. noun names the units in its findings.
func (c *column) normalise(noun string, fs *Findings) {
	n := c.node
	xs := make([]float64, len(c.part))
	for j, i := range c.part {
		xs[j] = c.value[i]
	}
	out := make([]float64, len(xs))
	switch normaliseInto(out, n.Normalize, n.Direction, xs) {
	case normNoSpread:
		what := fmt.Sprintf("所有%[1]s数值相同，各%[1]s均得 100 分（该指标不区分高低）：数值无误则无需处理，否则请核对各%[1]s的填报", noun)
		if n.Normalize.Method == NormZscore {
			what = fmt.Sprintf("有效数值不足两个或标准差为 0，各%s均得 %s 分：请核对该指标的填报数值", noun, FormatFixed(n.Normalize.Mean, 2))
		}
		*fs = append(*fs, scoringWarning(CodeNoSpread, "", n.ID, fmt.Sprintf("指标「%s」：%s", n.Name, what)))
	case normClipped:
		*fs = append(*fs, scoringWarning(CodeValueClipped, "", n.ID,
			fmt.Sprintf("指标「%s」：按原值计分，有数值超出 0–100，已截取到 0–100：请核对填报数值；如数值本就会超出此范围，请在指标体系中为该指标改用其他计分方法", n.Name)))
	case normNotFinite:
		*fs = append(*fs, scoringWarning(CodeNotFinite, "", n.ID,
			fmt.Sprintf("指标「%s」：标准化结果不是有限数，按 0 分处理（请检查目标值等参数）", n.Name)))
	}
	for i := range c.score {
		c.score[i] = 0
	}
	for j, i := range c.part {
		c.score[i] = out[j]
	}
}

// zeroGeometric adds a score-zero-geometric warning for every child of a geometric
// group that scored exactly 0 for unit u (SPEC §5.5): the group is then 0, the limit
// of the mean, whatever its other children score.
func (s *scoring) zeroGeometric(u int) {
	p := s.plan
	for i, n := range p.nodes {
		if !p.geo[i] || s.st[u][i] != stOK {
			continue
		}
		for _, c := range p.kids[i] {
			if s.st[u][c] == stOK && s.sc[u][c] <= 0 {
				child := p.nodes[c]
				s.findings = append(s.findings, scoringWarning(CodeZeroGeometric, s.units[u].ID, child.ID,
					fmt.Sprintf("「%s」得 0 分，它所在的「%s」用几何平均，因此该组也得 0 分（其他指标得分不再起作用）：请核实该项数值；如该项确为 0，可在指标体系中改用以自然零点为下限的 goalpost 或 minmax {lo: 1}",
						child.Name, n.Name)))
			}
		}
	}
}

// scoreAdjusters computes the bonus and penalty points of every unit (SPEC §5.5).
func (s *scoring) scoreAdjusters() {
	nu := len(s.units)
	s.bonus = make([]float64, nu)
	s.penalty = make([]float64, nu)
	for _, g := range s.fw.Adjusters() {
		sums := make([]float64, nu)
		var kids []*Node
		var walk func(n *Node)
		walk = func(n *Node) {
			for _, c := range n.Children {
				if c.Kind == KindIndicator {
					kids = append(kids, c)
				} else {
					walk(c)
				}
			}
		}
		walk(g)
		for _, k := range kids {
			a := &adjColumn{node: k, group: g, raw: make([]float64, nu), has: make([]bool, nu),
				na: make([]bool, nu), text: make([]string, nu), points: make([]float64, nu)}
			for i, u := range s.units {
				a.raw[i], a.has[i], a.na[i], a.text[i] = deriveUnit(s.fw, k, u, s.envs[i], &s.findings)
				if a.has[i] {
					a.points[i] = BonusPoints(a.raw[i], k.PointsEach, k.Cap)
					sums[i] += a.points[i]
				}
			}
			s.adj = append(s.adj, a)
		}
		for i := range s.units {
			p := CapPoints(sums[i], g.Cap)
			if g.Kind == KindBonus {
				s.bonus[i] += p
			} else {
				s.penalty[i] += p
			}
		}
	}
}

// indexScore is the unit's index (root) score; 0 when nothing at all was scored.
func (s *scoring) indexScore(u int) float64 {
	r := s.plan.root
	if s.st[u][r] != stOK {
		return 0
	}
	return s.sc[u][r]
}

// results assembles results.json from the scored columns: scores, ranks, grades.
func (s *scoring) results() *Results {
	fw := s.fw
	dec := fw.Method.Decimals
	nu := len(s.units)
	res := &Results{
		Schema:       ResultsSchema,
		Framework:    FrameworkRef{ID: fw.ID, Version: fw.Version, Title: fw.Title, SHA256: fw.SHA256},
		Year:         fw.Year,
		Inputs:       sortedInputs(fw, s.ds.Inputs),
		Units:        make([]UnitResult, nu),
		NotSubmitted: append([]string{}, s.notSub...),
		Adjustments:  append([]Adjustment{}, s.ds.Adjustments...),
	}
	groups := make([]string, nu)
	scores := make([]float64, nu)
	index := make([]float64, nu)
	for i, u := range s.units {
		groups[i] = u.Group
		index[i] = s.indexScore(i)
		scores[i] = UnitScore(index[i], s.bonus[i], s.penalty[i])
		res.Units[i] = UnitResult{
			ID: u.ID, Name: u.Name, Group: u.Group, Score: scores[i],
			Grade:      GradeForUnit(scores[i], index[i], fw.Method.Grades, dec),
			Nodes:      make(map[string]NodeResult, len(s.plan.nodes)-len(s.cols)+len(fw.Adjusters())),
			Indicators: make(map[string]IndicatorResult, len(s.cols)+len(s.adj)),
			Fields:     publicFields(fw, s.envs[i].cur),
			Bonus:      s.bonus[i], Penalty: s.penalty[i],
		}
	}
	// SPEC §5.6: units are ranked by their total score (实得分, bonus and penalty
	// included), or by the index score with rank_by: index; the grade comes from the
	// total, capped by any veto that applies. A group of one has no group rank.
	rankOn := scores
	if fw.Method.RankBy == RankByIndex {
		rankOn = index
	}
	ranks := RankScores(rankOn, nil, dec)
	granks := RankWithinGroups(rankOn, nil, groups, dec)
	size := map[string]int{}
	for _, g := range groups {
		size[g]++
	}
	for i := range res.Units {
		res.Units[i].Rank, res.Units[i].GroupRank = ranks[i], granks[i]
		if size[groups[i]] < 2 {
			res.Units[i].GroupRank = 0
		}
		grade := res.Units[i].Grade
		for _, a := range s.veto {
			if a.vetoed(i) {
				res.Units[i].Vetoes = append(res.Units[i].Vetoes, a.node.ID)
				grade = CapGrade(grade, a.node.GradeCap, fw.Method.Grades)
			}
		}
		if grade != res.Units[i].Grade {
			res.Units[i].UncappedGrade = res.Units[i].Grade
			res.Units[i].Grade = grade
		}
	}
	// group nodes: score, rank, group rank
	nsc := make([]float64, nu)
	inc := make([]bool, nu)
	for k, n := range s.plan.nodes {
		if s.plan.leaf[k] >= 0 {
			continue
		}
		for u := range s.units {
			nsc[u], inc[u] = s.sc[u][k], s.st[u][k] == stOK
		}
		r := RankScores(nsc, inc, dec)
		gr := RankWithinGroups(nsc, inc, groups, dec)
		for u := range s.units {
			res.Units[u].Nodes[n.ID] = NodeResult{Score: nsc[u], Rank: r[u], GroupRank: gr[u],
				NA: s.st[u][k] == stNA, Dropped: s.st[u][k] == stDropped}
		}
	}
	// indicators: the ranks of each column in parallel, then the results in order
	colRanks := make([][]int, len(s.cols))
	parallelFor(len(s.cols), func(i int) {
		c := s.cols[i]
		in := make([]bool, nu)
		for u := range s.units {
			in[u] = c.st[u] == stOK && !c.zero[u]
		}
		colRanks[i] = RankScores(c.score, in, dec)
	})
	for ci, c := range s.cols {
		r := colRanks[ci]
		for u := range s.units {
			ir := IndicatorResult{
				Score: c.score[u], Rank: r[u], Missing: c.missing[u], Imputed: c.imputed[u],
				Treated: c.treated[u], NA: c.na[u], Dropped: c.st[u] == stDropped, Text: c.text[u],
			}
			if c.missing[u] {
				ir.Error = faultOf(c.node, s.envs[u].cur)
			}
			if c.has[u] {
				ir.Raw = ptr(c.raw[u])
			}
			if c.st[u] == stOK && !c.zero[u] {
				ir.Value = ptr(c.value[u])
			}
			res.Units[u].Indicators[c.node.ID] = ir
		}
	}
	// bonus and penalty: each child's capped points, each group's capped sum
	for _, a := range s.adj {
		for u := range s.units {
			ir := IndicatorResult{Score: a.points[u], Missing: !a.has[u] && !a.na[u], NA: a.na[u], Text: a.text[u]}
			if ir.Missing {
				ir.Error = faultOf(a.node, s.envs[u].cur)
			}
			if a.has[u] {
				ir.Raw, ir.Value = ptr(a.raw[u]), ptr(a.raw[u])
			}
			res.Units[u].Indicators[a.node.ID] = ir
		}
	}
	// veto items: the value as given, no score
	for _, a := range s.veto {
		for u := range s.units {
			ir := IndicatorResult{Missing: !a.has[u] && !a.na[u], NA: a.na[u], Text: a.text[u]}
			if a.has[u] {
				ir.Raw, ir.Value = ptr(a.raw[u]), ptr(a.raw[u])
			}
			res.Units[u].Indicators[a.node.ID] = ir
		}
	}
	for _, g := range fw.Adjusters() {
		for u := range s.units {
			var sum float64
			for _, a := range s.adj {
				if a.group == g {
					sum += a.points[u]
				}
			}
			res.Units[u].Nodes[g.ID] = NodeResult{Score: CapPoints(sum, g.Cap)}
		}
	}
	return res
}

func ptr[T any](v T) *T { return &v }

// faultOf is the error code of the first dropped (faulty) value an indicator reads,
// "" when none of its missing inputs was dropped (SPEC §6 indicators' "error").
func faultOf(n *Node, vals map[string]Value) string {
	for _, id := range fieldsRead(n) {
		if v, ok := vals[id]; ok && v.Error != "" {
			return v.Error
		}
	}
	return ""
}

// publicFields is the unit's "fields" of results.json (SPEC §6): the submitted values
// of every framework field the unit gave — numbers as numbers, booleans as 是/否,
// grades as the grade, 不适用 as "不适用", an empty value as null. Text fields are
// left out: results.json is public and carries no free text from submissions (§10).
func publicFields(fw *Framework, vals map[string]Value) map[string]any {
	out := make(map[string]any, len(vals))
	for _, f := range fw.Fields {
		v, ok := vals[f.ID]
		if !ok || f.Type == TypeText {
			continue
		}
		switch {
		case v.NA:
			out[f.ID] = "不适用"
		case v.Missing || math.IsNaN(v.Num) || math.IsInf(v.Num, 0):
			out[f.ID] = nil
		case f.Type == TypeBoolean:
			if v.Num != 0 {
				out[f.ID] = "是"
			} else {
				out[f.ID] = "否"
			}
		case f.Type == TypeGrade:
			out[f.ID] = v.Text
		default:
			out[f.ID] = v.Num
		}
	}
	return out
}

// sortedInputs orders the inputs by the framework's unit order, then file name.
func sortedInputs(fw *Framework, in []Input) []Input {
	out := append([]Input{}, in...)
	slices.SortStableFunc(out, func(a, b Input) int {
		ia, ib := fw.UnitIndex(a.Unit), fw.UnitIndex(b.Unit)
		if ia < 0 {
			ia = len(fw.Units)
		}
		if ib < 0 {
			ib = len(fw.Units)
		}
		if ia != ib {
			return ia - ib
		}
		return strings.Compare(a.File, b.File)
	})
	return out
}
