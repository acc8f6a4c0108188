package evaluator

import "math"

// Aggregation methods (SPEC §4).
const (
	AggArithmetic = "arithmetic"
	AggGeometric  = "geometric"
)

// Status of a node for one unit.
const (
	stOK      uint8 = iota // scored (a missing value under the zero policy scores 0 and is OK)
	stNA                   // 不适用: left out, its weight shared among its siblings
	stDropped              // missing under reweight (or every child dropped): left out the same way
)

// WeightedMean is Σw·s/Σw (SPEC §5.5, arithmetic).
func WeightedMean(scores, weights []float64) float64 {
	var sw, acc float64
	for i, s := range scores {
		sw += weights[i]
		acc += weights[i] * s
	}
	return acc / sw
}

// WeightedGeometricMean is exp(Σw·ln s/Σw) (SPEC §5.5, geometric). A score ≤ 0 has no
// logarithm (ln 0 = −∞): the group scores 0. `dteval check` rejects trees where that
// can happen; this is the guard.
func WeightedGeometricMean(scores, weights []float64) float64 {
	var sw, acc float64
	for i, s := range scores {
		if s <= 0 {
			return 0
		}
		sw += weights[i]
		acc += weights[i] * math.Log(s)
	}
	return math.Exp(acc / sw)
}

// BonusPoints is one bonus/penalty child's points: points_each × value, capped by
// the child's cap (nil: no cap), never below 0.
func BonusPoints(value, pointsEach float64, cap *float64) float64 {
	p := math.Max(0, pointsEach*value)
	if cap != nil {
		p = math.Min(p, *cap)
	}
	return p
}

// CapPoints caps a bonus/penalty group's sum of points by the group's cap.
func CapPoints(sum float64, cap *float64) float64 {
	if cap != nil {
		return math.Min(sum, *cap)
	}
	return sum
}

// UnitScore is index + bonus − penalty, floored at 0 (SPEC §5.5).
func UnitScore(index, bonus, penalty float64) float64 {
	return math.Max(0, index+bonus-penalty)
}

// aggPlan is the weighted tree (bonus and penalty groups left out) flattened for
// fast repeated aggregation: nodes are numbered in post-order (children before their
// parent, the root last), so one pass over the numbers aggregates bottom-up.
type aggPlan struct {
	nodes  []*Node
	kids   [][]int32 // children of each group node; nil for a leaf
	leaf   []int32   // the leaf (column) number of a leaf node, −1 for a group
	geo    []bool    // geometric group
	weight []float64 // the node's weight in its parent
	// drawOrder lists the nodes whose weight counts (every node but the root) in tree
	// (pre-)order: the order sensitivity draws weight factors in (SPEC §5.7).
	drawOrder []int32
	root      int32
}

// newAggPlan flattens fw's weighted tree. leafNo maps an indicator to its column number.
func newAggPlan(fw *Framework, leafNo map[*Node]int) *aggPlan {
	p := &aggPlan{}
	pre := map[*Node]int{}
	var preOrder []*Node
	var walk func(n *Node) int32
	walk = func(n *Node) int32 {
		pre[n] = len(preOrder)
		preOrder = append(preOrder, n)
		var kids []int32
		for _, c := range n.Children {
			if c.Kind == KindBonus || c.Kind == KindPenalty {
				continue
			}
			kids = append(kids, walk(c))
		}
		i := int32(len(p.nodes))
		p.nodes = append(p.nodes, n)
		if n.Kind == KindIndicator {
			p.kids = append(p.kids, nil)
			p.leaf = append(p.leaf, int32(leafNo[n]))
		} else {
			p.kids = append(p.kids, kids)
			p.leaf = append(p.leaf, -1)
		}
		p.geo = append(p.geo, n.Kind == KindGroup && n.Aggregate == AggGeometric)
		p.weight = append(p.weight, n.Weight)
		return i
	}
	p.root = walk(fw.Index)
	post := map[*Node]int32{}
	for i, n := range p.nodes {
		post[n] = int32(i)
	}
	for _, n := range preOrder {
		if n != fw.Index {
			p.drawOrder = append(p.drawOrder, post[n])
		}
	}
	return p
}

// evalUnit aggregates unit u bottom-up with weights w (by node number), the leaf
// scores leafSc[leaf][u] and statuses leafSt[leaf][u], writing every node's score and
// status into sc and st (by node number). A group's children that are 不适用 or
// dropped are left out and the weights of the others renormalised (Σw of the rest);
// a group with no child left is dropped when one of them was dropped, else 不适用.
func (p *aggPlan) evalUnit(u int, w []float64, leafSc [][]float64, leafSt [][]uint8, sc []float64, st []uint8) {
	for i := range p.nodes {
		if l := p.leaf[i]; l >= 0 {
			sc[i] = leafSc[l][u]
			st[i] = leafSt[l][u]
			continue
		}
		var sw, acc float64
		dropped, zero := false, false
		geo := p.geo[i]
		for _, c := range p.kids[i] {
			switch st[c] {
			case stOK:
				sw += w[c]
				if geo {
					if sc[c] <= 0 {
						zero = true
					} else {
						acc += w[c] * math.Log(sc[c])
					}
				} else {
					acc += w[c] * sc[c]
				}
			case stDropped:
				dropped = true
			}
		}
		switch {
		case sw == 0 && dropped:
			sc[i], st[i] = 0, stDropped
		case sw == 0:
			sc[i], st[i] = 0, stNA
		case geo && zero:
			sc[i], st[i] = 0, stOK
		case geo:
			sc[i], st[i] = math.Exp(acc/sw), stOK
		default:
			sc[i], st[i] = acc/sw, stOK
		}
	}
}
