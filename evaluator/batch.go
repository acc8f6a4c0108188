package evaluator

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// The checks across submissions (SPEC §8): a unit given twice, a unit not given at
// all, values far from the other units', and values far from last year's.

// Robust outliers: z = 0.6745·(x − median)/MAD (Iglewicz and Hoaglin), flagged
// beyond 3.5, computed only with at least outlierMinUnits values and MAD > 0.
const (
	outlierZ        = 3.5
	outlierMinUnits = 5
	// changeLarge is the relative change against last year beyond which a value is
	// flagged — provided the change is also large in absolute terms for counts
	// (changeMinCount items: 1 → 2 is +100 % but says nothing) and percentages
	// (changeMinPoints points: 4 % → 7 % is +75 % but within the usual spread).
	changeLarge     = 0.5
	changeMinCount  = 5
	changeMinPoints = 10
)

// unitDuplicates reports a unit given by two workbooks, or twice in one table. A
// workbook and a table row for the same unit are not duplicates: they are merged
// field by field (Merge reports any conflict).
func unitDuplicates(fw *Framework, raws []*RawSubmission) Findings {
	var fs Findings
	workbooks := map[string][]*RawSubmission{}
	tableRows := map[string][]*RawSubmission{} // file + unit
	var order []string
	for _, r := range raws {
		if r == nil || r.Unit == "" {
			continue
		}
		if _, ok := fw.Unit(r.Unit); !ok {
			continue
		}
		k := r.Unit
		m := workbooks
		if r.Kind == "table" {
			k = r.File + "\x00" + r.Unit
			m = tableRows
		}
		if len(m[k]) == 0 {
			order = append(order, r.Kind+"\x00"+k)
		}
		m[k] = append(m[k], r)
	}
	for _, ok := range order {
		kind, k, _ := strings.Cut(ok, "\x00")
		m := workbooks
		if kind == "table" {
			m = tableRows
		}
		list := m[k]
		if len(list) < 2 {
			continue
		}
		u, _ := fw.Unit(list[0].Unit)
		// One finding per duplicated unit, at its second occurrence, naming at most
		// maxListed places: a table with one unit 10,000 times gives one finding of
		// bounded length, not 10,000 each listing every row (quadratic).
		const maxListed = 5
		var files []string
		for _, r := range list[:min(len(list), maxListed)] {
			if kind == "table" {
				files = append(files, where(r.UnitCell))
			} else {
				files = append(files, r.File)
			}
		}
		places := strings.Join(files, "、")
		if len(list) > maxListed {
			places += "等"
		}
		r := list[1]
		var msg string
		if kind == "table" {
			msg = fmt.Sprintf("%s「%s」在汇总表 %s 中出现了 %d 次（%s）：请删除重复的行，只保留一行", where(r.UnitCell), u.Name, r.File, len(list), places)
		} else {
			msg = fmt.Sprintf("「%s」有 %d 份填报表（%s）：请只提交最终的一份，删除其余的；各份中不一致的数值另有「取值不一致」提示", u.Name, len(list), places)
		}
		fs = append(fs, Finding{Severity: SevError, Code: CodeUnitDuplicate, Unit: u.ID, File: r.File,
			Sheet: r.UnitCell.Sheet, Cell: r.UnitCell.Cell, Message: msg})
	}
	return fs
}

// unitsMissing reports each framework unit that no usable submission covers.
func unitsMissing(fw *Framework, subs []*Submission) Findings {
	var fs Findings
	for _, u := range unitsWithout(fw, subs) {
		fs = append(fs, Finding{Severity: SevError, Code: CodeUnitMissing, Unit: u.ID, Message: fmt.Sprintf(
			"没有收到「%[1]s」（%[2]s）的可用填报：请向该%[3]s催报，或检查其文件是否在上面被判为无法读取；如该%[3]s本年度不参评，请从指标体系的%[3]s名单中删除",
			u.Name, u.ID, fw.UnitNoun())})
	}
	return fs
}

// unitsWithout are the framework's units, in its order, that no submission of subs is for.
func unitsWithout(fw *Framework, subs []*Submission) []Unit {
	have := map[string]bool{}
	for _, s := range subs {
		have[s.Unit] = true
	}
	var out []Unit
	for _, u := range fw.Units {
		if !have[u.ID] {
			out = append(out, u)
		}
	}
	return out
}

// Batch runs the checks that look across units or years on the merged dataset:
// value-outlier (warning; with at least 5 units) and, with opt.Previous,
// change-large (warning), for fields of type number, integer and percent.
func Batch(fw *Framework, ds *Dataset, subs []*Submission, opt ValidateOptions) Findings {
	var fs Findings
	units := unitOrder(fw, ds)
	if len(units) >= outlierMinUnits {
		fs = append(fs, outliers(fw, ds, units)...)
	}
	if opt.Previous != nil {
		fs = append(fs, changes(fw, ds, units, opt.Previous)...)
	}
	return fs
}

func unitOrder(fw *Framework, ds *Dataset) []string {
	var ids []string
	for _, u := range fw.Units {
		if _, ok := ds.Units[u.ID]; ok {
			ids = append(ids, u.ID)
		}
	}
	return ids
}

func numeric(f *Field) bool {
	return f.Type == TypeNumber || f.Type == TypeInteger || f.Type == TypePercent
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// RobustZ returns 0.6745·(x − median)/MAD for each value, and false when it cannot
// be computed (fewer than two values, or MAD = 0: most values equal).
func RobustZ(xs []float64) ([]float64, bool) {
	if len(xs) < 2 {
		return nil, false
	}
	med := median(xs)
	dev := make([]float64, len(xs))
	for i, x := range xs {
		dev[i] = math.Abs(x - med)
	}
	mad := median(dev)
	if mad == 0 || math.IsNaN(mad) || math.IsInf(mad, 0) {
		return nil, false
	}
	z := make([]float64, len(xs))
	for i, x := range xs {
		z[i] = 0.6745 * (x - med) / mad
	}
	return z, true
}

func outliers(fw *Framework, ds *Dataset, units []string) Findings {
	// Fields are judged in parallel, their findings gathered in field order.
	per := make([]Findings, len(fw.Fields))
	parallelFor(len(fw.Fields), func(i int) { per[i] = fieldOutliers(fw.Fields[i], fw.UnitNoun(), ds, units) })
	var fs Findings
	for _, f := range per {
		fs = append(fs, f...)
	}
	return fs
}

// fieldOutliers is outliers for one field.
func fieldOutliers(f *Field, noun string, ds *Dataset, units []string) Findings {
	var fs Findings
	if !numeric(f) {
		return nil
	}
	var xs []float64
	var who []string
	for _, uid := range units {
		if v, ok := ds.Units[uid][f.ID]; ok && v.IsNumber() {
			xs = append(xs, v.Num)
			who = append(who, uid)
		}
	}
	if len(xs) < outlierMinUnits {
		return nil
	}
	// Quantities (counts, money, people) differ between a big and a small unit by
	// ratios: their z-score is taken on log10, where a slipped digit is a step of
	// 1, and a flagged value must also be 10× off the median (a slipped digit, or
	// 万 for 个). Percentages are
	// compared as they are, and must be 10 points off. The check is there to catch
	// typing and unit slips, not the natural spread between units.
	logScale := f.Type != TypePercent
	zs := xs
	if logScale {
		zs = make([]float64, len(xs))
		for i, x := range xs {
			if x <= 0 {
				logScale = false
				break
			}
			zs[i] = math.Log10(x)
		}
		if !logScale {
			zs = xs
		}
	}
	z, ok := RobustZ(zs)
	if !ok {
		return nil
	}
	med := median(xs)
	for i, zi := range z {
		if math.Abs(zi) <= outlierZ {
			continue
		}
		if logScale && xs[i] < 10*med && xs[i] > med/10 {
			continue
		}
		if !logScale && math.Abs(xs[i]-med) < 10 {
			continue
		}
		v := ds.Units[who[i]][f.ID]
		dir := "高于"
		if zi < 0 {
			dir = "低于"
		}
		// in words a clerk reads: the value against the median, as a multiple when
		// both are positive (the robust z score stays internal)
		times := ""
		if med > 0 && v.Num > 0 {
			times = "（约为中位数的 " + FormatFixed(v.Num/med, 1) + " 倍）"
		}
		fs = append(fs, Finding{Severity: SevWarning, Code: CodeValueOutlier, Unit: who[i], File: v.Prov.File,
			Sheet: v.Prov.Sheet, Cell: v.Prov.Cell, Field: f.ID, Message: fmt.Sprintf(
				"%s「%s」为 %s，远%s各%s的中位数 %s%s：请核实是否多填或少填了位数、计量单位是否正确；数值无误可忽略此提示",
				where(v.Prov), f.Name, showValue(f, v), dir, noun, showValue(f, Value{Num: med}), times)})
	}
	return fs
}

func changes(fw *Framework, ds *Dataset, units []string, prev *Results) Findings {
	last := map[string]map[string]any{}
	for _, u := range prev.Units {
		last[u.ID] = u.Fields
	}
	var fs Findings
	for _, uid := range units {
		lf := last[uid]
		if lf == nil {
			continue
		}
		for _, f := range fw.Fields {
			if !numeric(f) {
				continue
			}
			v, ok := ds.Units[uid][f.ID]
			if !ok || !v.IsNumber() {
				continue
			}
			p, ok := prevFieldNumber(lf[f.ID])
			if !ok || p == 0 {
				continue // no base to measure a relative change against
			}
			rel := (v.Num - p) / math.Abs(p)
			if math.Abs(rel) <= changeLarge {
				continue
			}
			if d := math.Abs(v.Num - p); f.Type == TypeInteger && d < changeMinCount || f.Type == TypePercent && d < changeMinPoints {
				continue
			}
			sign := "+"
			if rel < 0 {
				sign = ""
			}
			fs = append(fs, Finding{Severity: SevWarning, Code: CodeChangeLarge, Unit: uid, File: v.Prov.File,
				Sheet: v.Prov.Sheet, Cell: v.Prov.Cell, Field: f.ID, Message: fmt.Sprintf(
					"%s「%s」为 %s，上年为 %s，变化 %s%s%%（超过 50%%）：请核实数值和计量单位；数值无误请在「备注」中说明变化原因",
					where(v.Prov), f.Name, showValue(f, v), showValue(f, Value{Num: p}), sign, FormatFixed(rel*100, 1))})
		}
	}
	return fs
}
