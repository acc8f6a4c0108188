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
			if IsOutsideKind(c.Kind) {
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

// leafCols is one scoring of a leaf across the units, prepared for evalColumns:
// score is 0 for a unit that is not OK (不适用, dropped), so it adds nothing; ln is
// ln(score) (−∞ for a score ≤ 0, 0 for a unit that is not OK), set only when the
// leaf's parent is geometric.
type leafCols struct {
	score []float64
	ln    []float64
}

// leafMask is what does not change between the scorings of a leaf: which units
// count (ok, as 1 or 0) and which are dropped.
type leafMask struct {
	okf        []float64
	allOK      bool
	dropped    []bool
	anyDropped bool
}

func newLeafMask(st []uint8) leafMask {
	m := leafMask{okf: make([]float64, len(st)), dropped: make([]bool, len(st)), allOK: true}
	for u, s := range st {
		switch s {
		case stOK:
			m.okf[u] = 1
		case stDropped:
			m.dropped[u] = true
			m.anyDropped = true
			m.allOK = false
		default:
			m.allOK = false
		}
	}
	return m
}

func newLeafCols(score []float64, st []uint8, geo bool) leafCols {
	c := leafCols{score: make([]float64, len(score))}
	for u, s := range score {
		if st[u] == stOK {
			c.score[u] = s
		}
	}
	if geo {
		c.ln = make([]float64, len(score))
		for u, s := range score {
			switch {
			case st[u] != stOK:
			case s <= 0:
				c.ln[u] = math.Inf(-1)
			default:
				c.ln[u] = math.Log(s)
			}
		}
	}
	return c
}

// colBuf holds, for every group node, its accumulators across the units.
type colBuf struct {
	acc, sw [][]float64
	swAll   []float64 // weight of the children that count for every unit
	drop    [][]bool
	sc      [][]float64 // finished group scores (0 when not OK)
}

func (p *aggPlan) newColBuf(nu int) *colBuf {
	b := &colBuf{acc: make([][]float64, len(p.nodes)), sw: make([][]float64, len(p.nodes)), swAll: make([]float64, len(p.nodes)),
		drop: make([][]bool, len(p.nodes)), sc: make([][]float64, len(p.nodes))}
	for i := range p.nodes {
		if p.leaf[i] < 0 {
			b.acc[i] = make([]float64, nu)
			b.sw[i] = make([]float64, nu)
			b.drop[i] = make([]bool, nu)
			b.sc[i] = make([]float64, nu)
		}
	}
	return b
}

// evalColumns aggregates all units at once, column by column: the same arithmetic
// as evalUnit, in the same order per unit, so the same scores. It returns the root's
// scores (0 where the root is not OK). cur[leaf] is the leaf's scoring for this run,
// parent[i] the parent of node i (−1 for the root).
func (p *aggPlan) evalColumns(w []float64, cur []*leafCols, mask []leafMask, parent []int32, b *colBuf) []float64 {
	for i := range p.nodes {
		if p.leaf[i] < 0 {
			clear(b.acc[i])
			clear(b.sw[i])
			clear(b.drop[i])
			b.swAll[i] = 0
		}
	}
	for i := range p.nodes {
		par := parent[i]
		if l := p.leaf[i]; l >= 0 {
			wi := w[i]
			acc, sw := b.acc[par], b.sw[par]
			c, m := cur[l], &mask[l]
			src := c.score
			if p.geo[par] {
				src = c.ln
			}
			src = src[:len(acc)]
			for u := range acc {
				acc[u] += wi * src[u]
			}
			if m.allOK {
				b.swAll[par] += wi
			} else {
				okf := m.okf[:len(sw)]
				for u := range sw {
					sw[u] += wi * okf[u]
				}
			}
			if m.anyDropped {
				d := b.drop[par]
				for u, x := range m.dropped {
					d[u] = d[u] || x
				}
			}
			continue
		}
		// A group: all its children are done (post-order). Finish it.
		acc, sw, sc := b.acc[i], b.sw[i], b.sc[i]
		if all := b.swAll[i]; all != 0 {
			for u := range sw {
				sw[u] += all
			}
		}
		geo := p.geo[i]
		for u := range sc {
			switch {
			case sw[u] == 0:
				sc[u] = 0
			case geo:
				sc[u] = math.Exp(acc[u] / sw[u])
			default:
				sc[u] = acc[u] / sw[u]
			}
		}
		if par < 0 {
			break
		}
		wi := w[i]
		pacc, psw, pd := b.acc[par], b.sw[par], b.drop[par]
		pgeo := p.geo[par]
		for u := range sc {
			if sw[u] == 0 {
				// not OK: dropped when a child was dropped, else 不适用
				if b.drop[i][u] {
					pd[u] = true
				}
				continue
			}
			s := sc[u]
			if pgeo {
				if s <= 0 {
					s = math.Inf(-1)
				} else {
					s = math.Log(s)
				}
			}
			pacc[u] += wi * s
			psw[u] += wi
		}
	}
	return b.sc[p.root]
}

// parents returns the parent number of every node (−1 for the root).
func (p *aggPlan) parents() []int32 {
	par := make([]int32, len(p.nodes))
	for i := range par {
		par[i] = -1
	}
	for i, kids := range p.kids {
		for _, c := range kids {
			par[c] = int32(i)
		}
	}
	return par
}
