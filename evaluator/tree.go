package evaluator

import "strings"

// Field returns the field with the given id, or nil.
func (fw *Framework) Field(id string) *Field { return fw.fieldByID[id] }

// Node returns the index node with the given id, or nil.
func (fw *Framework) Node(id string) *Node { return fw.nodeByID[id] }

// Unit returns the unit with the given id.
func (fw *Framework) Unit(id string) (Unit, bool) {
	i, ok := fw.unitByID[id]
	if !ok {
		return Unit{}, false
	}
	return fw.Units[i], true
}

// SelectUnits returns the units named in a comma-separated list of ids, in the
// list's order; "" selects every unit. An id the framework does not know is
// returned as unknown (with no units).
func (fw *Framework) SelectUnits(list string) (units []Unit, unknown string) {
	if list == "" {
		return fw.Units, ""
	}
	for _, id := range strings.Split(list, ",") {
		id = strings.TrimSpace(id)
		u, ok := fw.Unit(id)
		if !ok {
			return nil, id
		}
		units = append(units, u)
	}
	return units, ""
}

// UnitIDs returns the ids of the framework's units, in order.
func (fw *Framework) UnitIDs() []string {
	ids := make([]string, len(fw.Units))
	for i, u := range fw.Units {
		ids[i] = u.ID
	}
	return ids
}

// UnitIndex returns the position of a unit in the framework's unit order, or -1.
func (fw *Framework) UnitIndex(id string) int {
	if i, ok := fw.unitByID[id]; ok {
		return i
	}
	return -1
}

// Walk calls fn for every node of the index tree in depth-first pre-order
// (the order of the file), the root first.
func (fw *Framework) Walk(fn func(n *Node)) {
	var walk func(n *Node)
	walk = func(n *Node) {
		fn(n)
		for _, c := range n.Children {
			walk(c)
		}
	}
	if fw.Index != nil {
		walk(fw.Index)
	}
}

// Leaves returns the scored indicators (not those under bonus/penalty groups) in tree order.
func (fw *Framework) Leaves() []*Node {
	var out []*Node
	fw.Walk(func(n *Node) {
		if n.Kind == KindIndicator && !n.OutsideIndex() {
			out = append(out, n)
		}
	})
	return out
}

// Groups returns the weighted group nodes, the root first, in tree order
// (bonus and penalty groups excluded).
func (fw *Framework) Groups() []*Node {
	var out []*Node
	fw.Walk(func(n *Node) {
		if n.Kind == KindGroup {
			out = append(out, n)
		}
	})
	return out
}

// Chapters returns the top-level weighted groups (for a regulation-mapped framework:
// one per chapter), in tree order.
func (fw *Framework) Chapters() []*Node {
	var out []*Node
	if fw.Index == nil {
		return nil
	}
	for _, c := range fw.Index.Children {
		if c.Kind == KindGroup || c.Kind == KindIndicator {
			out = append(out, c)
		}
	}
	return out
}

// Adjusters returns the bonus and penalty groups, in tree order.
func (fw *Framework) Adjusters() []*Node {
	var out []*Node
	if fw.Index == nil {
		return nil
	}
	for _, c := range fw.Index.Children {
		if c.Kind == KindBonus || c.Kind == KindPenalty {
			out = append(out, c)
		}
	}
	return out
}

// Vetoes returns the veto items (the indicators under kind: veto groups), in tree order.
func (fw *Framework) Vetoes() []*Node {
	var out []*Node
	fw.Walk(func(n *Node) {
		if n.Kind == KindIndicator && n.InVeto() {
			out = append(out, n)
		}
	})
	return out
}

// IsOutsideKind reports whether kind is one of the top-level group kinds that are
// not part of the weighted index: bonus, penalty and veto.
func IsOutsideKind(kind string) bool {
	return kind == KindBonus || kind == KindPenalty || kind == KindVeto
}

// OutsideIndex reports whether n is a bonus, penalty or veto group or sits under
// one: it has no weight and no chapter and takes no part in the index score.
func (n *Node) OutsideIndex() bool {
	for p := n; p != nil; p = p.Parent {
		if IsOutsideKind(p.Kind) {
			return true
		}
	}
	return false
}

// InVeto reports whether n is a veto group or sits under one.
func (n *Node) InVeto() bool {
	for p := n; p != nil; p = p.Parent {
		if p.Kind == KindVeto {
			return true
		}
	}
	return false
}

// InBonusPenalty reports whether n is a bonus/penalty group or sits under one.
func (n *Node) InBonusPenalty() bool {
	for p := n; p != nil; p = p.Parent {
		if p.Kind == KindBonus || p.Kind == KindPenalty {
			return true
		}
	}
	return false
}

// AppliesTo reports whether the node applies to the unit: its own applies_to and
// those of all its ancestors name the unit's id or group (or are empty).
func (n *Node) AppliesToUnit(u Unit) bool {
	for p := n; p != nil; p = p.Parent {
		if len(p.AppliesTo) == 0 {
			continue
		}
		ok := false
		for _, a := range p.AppliesTo {
			if a == u.ID || a == u.Group {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// Path returns the nodes from the root down to n.
func (n *Node) Path() []*Node {
	var out []*Node
	for p := n; p != nil; p = p.Parent {
		out = append([]*Node{p}, out...)
	}
	return out
}
