package evaluator

import "fmt"

// Missing-value policies (SPEC §4, §5.2).
const (
	MissingZero      = "zero"
	MissingReweight  = "reweight"
	MissingMean      = "mean"
	MissingGroupMean = "group-mean"
)

// ImputeMean returns the mean of the values of the units other than self (has[i]
// false: no value) and whether there was any. With groups non-nil only the units
// whose groups[i] equals groups[self] count.
func ImputeMean(xs []float64, has []bool, self int, groups []string) (float64, bool) {
	var sum float64
	n := 0
	for i, x := range xs {
		if i == self || !has[i] {
			continue
		}
		if groups != nil && groups[i] != groups[self] {
			continue
		}
		sum += x
		n++
	}
	if n == 0 {
		return 0, false
	}
	return sum / float64(n), true
}

// impute applies the indicator's missing policy (SPEC §5.2) and sets the column's
// values, statuses and the units taking part in its statistics.
//
//   - zero: the unit scores 0 and its missing value stays out of every statistic;
//   - reweight: the unit's indicator is dropped (its siblings share its weight);
//   - mean / group-mean: the mean of the other units' values (group-mean: of the
//     unit's group; a group with no other value falls back to the mean of all units,
//     with a warning). When no other unit has a value at all there is nothing to
//     impute: the unit scores 0 as under zero, with a warning.
func (c *column) impute(units []Unit, noun string, fs *Findings) {
	n := c.node
	var groups []string
	if n.Missing == MissingGroupMean {
		groups = make([]string, len(units))
		for i, u := range units {
			groups[i] = u.Group
		}
	}
	for i, u := range units {
		c.value[i] = c.raw[i]
		switch {
		case c.na[i]:
			c.st[i] = stNA
			continue
		case c.has[i]:
			c.st[i] = stOK
			continue
		}
		c.missing[i] = true
		c.st[i] = stOK
		switch n.Missing {
		case MissingReweight:
			c.st[i] = stDropped
		case MissingMean, MissingGroupMean:
			m, ok := ImputeMean(c.raw, c.has, i, groups)
			if !ok && groups != nil {
				m, ok = ImputeMean(c.raw, c.has, i, nil)
				if ok {
					*fs = append(*fs, scoringWarning(CodeImputeFallback, u.ID, n.ID,
						fmt.Sprintf("指标「%[1]s」：%[2]s组内没有其他%[4]s的数值，改用全部%[4]s的平均值 %[3]s 插补：如需按组插补，请补齐同组其他%[4]s的数值", n.Name, u.Group, FormatFixed(m, 4), noun)))
				}
			}
			if !ok {
				*fs = append(*fs, scoringWarning(CodeImputeFallback, u.ID, n.ID,
					fmt.Sprintf("指标「%s」：没有其他%s的数值可供插补，按未填报不得分（0 分）处理：请补齐该指标的填报数值", n.Name, noun)))
				c.zero[i] = true
				continue
			}
			c.value[i] = m
			c.imputed[i] = true
		default: // zero
			c.zero[i] = true
		}
	}
	c.part = c.part[:0]
	for i := range units {
		if c.st[i] == stOK && !c.zero[i] {
			c.part = append(c.part, i)
		}
	}
}
