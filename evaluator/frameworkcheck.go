package evaluator

import (
	"fmt"
	"math"
	"strings"

	"go.yaml.in/yaml/v3"
)

// semantics runs the checks that need the whole file: ids, inheritance, the
// regulation map, methods against their fields, the geometric rule, and 分值.
func (d *dec) semantics(fw *Framework) {
	if fw.Index == nil {
		return
	}
	fw.nodeByID = map[string]*Node{}
	if fw.Regulation != "" {
		reg, err := LoadRegulation(fw.Regulation)
		if err != nil {
			d.errorf(nil, "条例对照表 \"regulation\"：%v", err)
			d.errs[len(d.errs)-1].Pos = Pos{File: d.file, Line: 1, Col: 1}
		} else {
			fw.Reg = reg
		}
	}
	groupNames := map[string]bool{}
	for _, u := range fw.Units {
		groupNames[u.Group] = true
	}
	fw.Walk(func(n *Node) {
		np := d.np[n]
		if np == nil {
			np = &nodePos{}
		}
		at := func(y *yaml.Node) *yaml.Node {
			if y != nil {
				return y
			}
			return nodeYAML(d, n)
		}
		// Unique ids among the nodes of the tree.
		if n.ID != "" {
			if prev, dup := fw.nodeByID[n.ID]; dup {
				d.errorf(at(np.id), "节点 id %q 重复（第一次出现在第 %d 行）", n.ID, prev.Pos.Line)
			} else {
				fw.nodeByID[n.ID] = n
			}
		}
		// Inheritance.
		parentMissing, parentAgg := fw.Method.Missing, fw.Method.Aggregate
		if n.Parent != nil {
			parentMissing = n.Parent.Missing
		}
		if n.Missing == "" {
			n.Missing = parentMissing
		}
		if n.Kind != KindIndicator {
			if n.Aggregate == "" {
				if n.Parent != nil && n.Parent.Aggregate != "" && n.Parent.Kind == KindGroup {
					parentAgg = n.Parent.Aggregate
				}
				n.Aggregate = parentAgg
			}
		} else {
			if n.Normalize.Method == "" {
				n.Normalize = fw.Method.Normalize
			}
			if n.Treat == "" {
				n.Treat = fw.Method.Treat
			}
		}
		// Chapter of the top-level group.
		if n.Parent == nil {
			if n.Chapter != 0 {
				d.errorf(at(np.chapter), "根节点不设 chapter（chapter 设在第一层的指标组上）")
			}
		} else if n.Parent.Parent == nil {
			n.EffChapter = n.Chapter
		} else {
			n.EffChapter = n.Parent.EffChapter
			if n.Chapter != 0 && n.Chapter != n.EffChapter {
				d.errorf(at(np.chapter), "chapter %d 与上级指标组的 chapter %d 不一致", n.Chapter, n.EffChapter)
			}
		}
		d.checkKind(fw, n, np, at)
		// applies_to names units or unit groups.
		for i, a := range n.AppliesTo {
			if _, ok := fw.unitByID[a]; !ok && !groupNames[a] {
				item := at(np.appliesTo)
				if np.appliesTo != nil && i < len(np.appliesTo.Content) {
					item = np.appliesTo.Content[i]
				}
				d.errorf(item, "applies_to 中的 %q 既不是单位 id，也不是单位分组（group）", a)
			}
		}
		d.checkRegulation(fw, n, np, at)
		if n.Kind == KindIndicator {
			d.checkIndicator(fw, n, np, at)
		}
		if n.Kind == KindGroup && n.Aggregate == "geometric" {
			d.checkGeometric(fw, n)
		}
	})
	if fw.Regulation == "" {
		fw.Reg = nil
	}
	d.checkSelf(fw)
	computePoints(fw.Index, 100)
}

func nodeYAML(d *dec, n *Node) *yaml.Node {
	return &yaml.Node{Line: n.Pos.Line, Column: n.Pos.Col}
}

func (d *dec) checkKind(fw *Framework, n *Node, np *nodePos, at func(*yaml.Node) *yaml.Node) {
	if n.Kind == KindVeto {
		if n.Parent == nil || n.Parent.Parent != nil {
			d.errorf(at(np.kind), "否决事项（kind: veto）只能放在第一层")
		}
		if np.weight != nil {
			d.errorf(np.weight, "否决事项不设 weight（它不计分，只限定等次）")
		}
		if np.cap != nil {
			d.errorf(np.cap, "否决事项不设 cap（它不计分，只限定等次）")
		}
		for _, c := range n.Children {
			if c.Kind != KindIndicator {
				d.errorf(nodeYAML(d, c), "否决事项下只能是指标，不能再分组")
			}
		}
		return
	}
	if n.Parent != nil && n.Parent.Kind == KindVeto {
		if n.GradeCap == "" {
			d.errorf(at(np.id), "否决事项下的指标 %q 需要 grade_cap（否决时等次最高为哪一等，如 合格）", n.ID)
		} else if !hasGradeLabel(fw.Method.Grades, n.GradeCap) {
			d.errorf(np.gradeCap, "grade_cap %q 不是 method.grades 中的等次（可用：%s）", n.GradeCap, strings.Join(gradeLabels(fw.Method.Grades), "、"))
		}
		if np.weight != nil {
			d.errorf(np.weight, "否决事项下的指标不设 weight")
		}
		if np.cap != nil {
			d.errorf(np.cap, "否决事项下的指标不设 cap")
		}
		if np.points != nil {
			d.errorf(np.points, "否决事项下的指标不设 points_each（它不计分，只限定等次）")
		}
		return
	}
	if np.gradeCap != nil {
		d.errorf(np.gradeCap, "grade_cap 只用于否决事项（kind: veto）下的指标")
	}
	bp := n.Kind == KindBonus || n.Kind == KindPenalty
	if bp {
		if n.Parent == nil || n.Parent.Parent != nil {
			d.errorf(at(np.kind), "加分项/扣分项（kind: %s）只能放在第一层", n.Kind)
		}
		if np.weight != nil {
			d.errorf(np.weight, "加分项/扣分项不设 weight（它们的分数直接加入综合得分或从综合得分中扣除）")
		}
		if n.Cap == nil {
			d.errorf(at(np.id), "加分项/扣分项 %q 需要 cap（本组加分或扣分的上限）", n.ID)
		}
		for _, c := range n.Children {
			if c.Kind != KindIndicator {
				d.errorf(nodeYAML(d, c), "加分项/扣分项下只能是指标，不能再分组")
			}
		}
		return
	}
	if n.Parent != nil && n.Parent.InBonusPenalty() {
		if n.PointsEach == 0 {
			d.errorf(at(np.id), "加分项/扣分项下的指标 %q 需要 points_each（每单位分值）", n.ID)
		}
		if n.Cap == nil {
			d.errorf(at(np.id), "加分项/扣分项下的指标 %q 需要 cap（本项上限）", n.ID)
		}
		if np.weight != nil {
			d.errorf(np.weight, "加分项/扣分项下的指标不设 weight")
		}
		return
	}
	if np.cap != nil {
		d.errorf(np.cap, "cap 只用于加分项/扣分项")
	}
	if np.points != nil {
		d.errorf(np.points, "points_each 只用于加分项/扣分项下的指标")
	}
	if n.Parent == nil && np.weight != nil {
		d.errorf(np.weight, "根节点不设 weight")
	}
}

func (d *dec) checkRegulation(fw *Framework, n *Node, np *nodePos, at func(*yaml.Node) *yaml.Node) {
	bp := n.OutsideIndex()
	top := n.Parent != nil && n.Parent.Parent == nil
	if fw.Reg == nil {
		if fw.Regulation == "" {
			return
		}
		// The map failed to load: its error is already reported.
		return
	}
	if top && !bp {
		if n.Chapter == 0 {
			d.errorf(at(np.id), "指标体系引用了法规 %s，第一层的指标组 %q 需要 chapter（章）", fw.Regulation, n.ID)
		} else if _, ok := fw.Reg.Chapter(n.Chapter); !ok {
			d.errorf(at(np.chapter), "法规 %s 没有第 %d 章", fw.Regulation, n.Chapter)
		}
	}
	if bp && np.chapter != nil {
		d.errorf(np.chapter, "加分项、扣分项和否决事项不设 chapter")
	}
	if n.Kind == KindIndicator {
		if n.Article == 0 {
			d.errorf(at(np.id), "指标体系引用了法规 %s，指标 %q 需要 article（条）", fw.Regulation, n.ID)
			return
		}
		a, ok := fw.Reg.Article(n.Article)
		if !ok {
			d.errorf(at(np.article), "法规 %s 没有第 %d 条", fw.Regulation, n.Article)
			return
		}
		if _, chapterOK := fw.Reg.Chapter(n.EffChapter); !bp && chapterOK && a.Chapter != n.EffChapter {
			d.errorf(at(np.article), "第 %d 条属于第 %d 章，不属于本指标所在的第 %d 章", n.Article, a.Chapter, n.EffChapter)
		}
	} else if np.article != nil {
		d.errorf(np.article, "article 设在指标上，不设在指标组上")
	}
}

func (d *dec) checkIndicator(fw *Framework, n *Node, np *nodePos, at func(*yaml.Node) *yaml.Node) {
	var field *Field
	if n.Value == "" {
		field = fw.fieldByID[n.ID]
		if field == nil {
			msg := fmt.Sprintf("指标 %q 没有 value，也没有同名的字段（请写 value: 算式，或定义字段 %q）", n.ID, n.ID)
			if s := suggest(n.ID, fieldIDs(fw)); s != "" {
				msg += fmt.Sprintf("；是否应读字段 %q？", s)
			}
			d.errorf(at(np.id), "%s", msg)
			return
		}
		if field.Type == TypeText {
			d.errorf(at(np.id), "指标 %q 读取的字段是文本类型，无法计分", n.ID)
			return
		}
	} else if n.Expr != nil {
		if len(n.Expr.Prev) > 0 {
			fw.UsesPrev = true
		}
		if len(n.Expr.Fields) == 1 && len(n.Expr.Prev) == 0 && strings.TrimSpace(n.Value) == n.Expr.Fields[0] {
			// A bare field reference: any scorable type may be read this way.
			field = fw.fieldByID[n.Expr.Fields[0]]
			if field == nil {
				d.exprFields(fw, np.value, n.Expr, "value ")
				return
			}
			if field.Type == TypeText {
				d.errorf(np.value, "指标 %q 读取的字段是文本类型，无法计分", n.ID)
				return
			}
		} else {
			d.exprFields(fw, np.value, n.Expr, "value ")
		}
	} else {
		return // the parse error is already reported
	}
	nz := &n.Normalize
	nzAt := at(np.normalize)
	switch nz.Method {
	case NormBoolean:
		if field == nil || field.Type != TypeBoolean {
			d.errorf(nzAt, "boolean 方法需要直接读取一个 boolean（是/否）类型的字段")
		}
	case NormGrade:
		if field == nil || field.Type != TypeGrade {
			d.errorf(nzAt, "grade 方法需要直接读取一个 grade（等级）类型的字段")
			break
		}
		for _, g := range field.Grades {
			if _, ok := nz.Scores[g]; !ok {
				d.errorf(nzAt, "字段 %q 的等级 %q 在 scores 中没有分值", field.ID, g)
			}
		}
		for _, g := range nz.ScoreOrder {
			if !contains(field.Grades, g) {
				d.errorf(nzAt, "scores 中的等级 %q 不在字段 %q 的 grades 中", g, field.ID)
			}
		}
	default:
		if field != nil && (field.Type == TypeGrade) {
			d.errorf(nzAt, "等级字段 %q 只能用 grade 方法计分", field.ID)
		}
	}
	if nz.Method == NormLadder {
		d.checkLadder(n, np, nzAt)
	}
	if n.InBonusPenalty() && nz.Method != NormMinmax && np.normalize != nil {
		d.errorf(np.normalize, "加分项/扣分项下的指标按 points_each × 数值计分，不设 normalize")
	}
	if n.InVeto() && np.normalize != nil {
		d.errorf(np.normalize, "否决事项下的指标不计分（数值大于 0、或为「是」即否决），不设 normalize")
	}
}

func (d *dec) checkLadder(n *Node, np *nodePos, at *yaml.Node) {
	steps := n.Normalize.Steps
	var stepNodes []*yaml.Node
	if np.normalize != nil && np.normalize.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(np.normalize.Content); i += 2 {
			if np.normalize.Content[i].Value == "steps" && np.normalize.Content[i+1].Kind == yaml.SequenceNode {
				stepNodes = np.normalize.Content[i+1].Content
			}
		}
	}
	stepAt := func(i int) *yaml.Node {
		if i < len(stepNodes) {
			return stepNodes[i]
		}
		return at
	}
	lower := n.Direction == "lower"
	for i, st := range steps {
		if !lower && !st.HasMin {
			d.errorf(stepAt(i), "方向为 higher 的 ladder，每一级需要 min（数值达到 min 即得该级分数）")
		}
		if lower && !st.HasMax {
			d.errorf(stepAt(i), "方向为 lower 的 ladder，每一级需要 max（数值不超过 max 即得该级分数）")
		}
		if i == 0 {
			continue
		}
		if !lower && st.HasMin && steps[i-1].HasMin && st.Min >= steps[i-1].Min {
			d.errorf(stepAt(i), "ladder 的各级应按 min 从高到低排列")
		}
		if lower && st.HasMax && steps[i-1].HasMax && st.Max <= steps[i-1].Max {
			d.errorf(stepAt(i), "方向为 lower 的 ladder，各级应按 max 从低到高排列")
		}
	}
}

// canScoreZero reports whether an indicator's method can give a score of 0 (or
// less), which makes a geometric group 0 (SPEC §5.5). A goalpost (or a higher
// target) cannot when the indicator reads one field whose bounds keep the value off
// the lower goalpost: a natural zero, as the UNDP HDI sets its goalposts.
func canScoreZero(fw *Framework, n *Node) bool {
	nz := n.Normalize
	var lo, hi *float64 // the bounds of the field the indicator reads, if it reads one bare
	if n.Value == "" {
		if f := fw.fieldByID[n.ID]; f != nil {
			lo, hi = f.Min, f.Max
		}
	}
	switch nz.Method {
	case NormMinmax:
		return nz.Lo <= 0
	case NormTarget:
		if n.Direction == "lower" {
			return false // min(target/x, 1) > 0 for x > 0; x ≤ 0 gives 100
		}
		return lo == nil || *lo <= 0
	case NormGoalpost:
		l, h := nz.Lo, nz.Hi
		if nz.Log {
			return true // log10 of a bound is compared: keep it simple and warn
		}
		if n.Direction == "lower" {
			return hi == nil || *hi >= h
		}
		return lo == nil || *lo <= l
	case NormGrade:
		for _, v := range nz.Scores {
			if v <= 0 {
				return true
			}
		}
		return false
	}
	return true // rank, zscore, ladder (a value below every step), boolean, none
}

// checkGeometric warns (does not refuse) where a child of a geometric group can
// score 0 and so make the whole group 0.
func (d *dec) checkGeometric(fw *Framework, g *Node) {
	for _, c := range g.Children {
		if c.Kind != KindIndicator || !canScoreZero(fw, c) {
			continue
		}
		cp := d.np[c]
		where := nodeYAML(d, c)
		if cp != nil && cp.normalize != nil {
			where = cp.normalize
		}
		d.warnf(where, "指标组 %q 用几何平均（geometric），指标 %q 的方法 %s 可能得 0 分，一旦得 0 分整个指标组即为 0 分（评分时给出 score-zero-geometric 警告）；如不希望如此，请改用以自然零点为下限的 goalpost（如人类发展指数的做法）或 minmax {lo: 1}", g.ID, c.ID, c.Normalize.Method)
	}
}

// computePoints sets 分值: 100 × the product of weight shares along the path.
func computePoints(n *Node, pts float64) {
	n.Points = pts
	if n.OutsideIndex() {
		n.Points = 0
	}
	var sum float64
	for _, c := range n.Children {
		if IsOutsideKind(c.Kind) {
			continue
		}
		sum += c.Weight
	}
	for _, c := range n.Children {
		if IsOutsideKind(c.Kind) || sum <= 0 || math.IsInf(sum, 0) {
			computePoints(c, 0)
			continue
		}
		computePoints(c, pts*c.Weight/sum)
	}
}

func hasGradeLabel(bands []GradeBand, label string) bool {
	for _, b := range bands {
		if b.Label == label {
			return true
		}
	}
	return false
}

func gradeLabels(bands []GradeBand) []string {
	out := make([]string, len(bands))
	for i, b := range bands {
		out[i] = b.Label
	}
	return out
}
