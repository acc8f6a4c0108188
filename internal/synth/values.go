package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/examplegen"
)

var contacts = map[string]string{
	evaluator.LabelFiller:   "王示例",
	evaluator.LabelPhone:    "0510-00000000",
	evaluator.LabelReviewer: "李示例",
}

// Filling is what the clerk of unit number u (0-based) types: a value inside the
// field's bounds for every field (a few optional ones left empty), evidence where
// the field asks for it, 不适用 where the indicator does not apply. Units have a
// latent strength so that scores and ranks spread as in real data. The values
// depend on s.Seed, s.Year and u only, so workbooks can be made in any order.
func Filling(s Spec, fw *evaluator.Framework, u int) examplegen.Filling {
	r := rand.New(rand.NewPCG(s.Seed, uint64(u)))
	strength := r.NormFloat64()
	unit := fw.Units[u]
	in := examplegen.Filling{Entries: map[string]examplegen.Entry{}, Contacts: contacts}
	// A later year (Spec.Year after Year) is the base year's filling moved a little:
	// each level takes one small random step a year (a random walk with a slight
	// upward trend), so that most values change by a few per cent from the year
	// before, as in a real second year, rather than all of them by more than 50 %
	// (change-large).
	var drift []*rand.Rand
	for y := Year + 1; y <= s.year(); y++ {
		drift = append(drift, rand.New(rand.NewPCG(s.Seed^uint64(y), uint64(u))))
	}
	// level is a value in (0, 1): the unit's strength plus noise.
	level := func() float64 {
		x := 0.8*strength + 0.6*r.NormFloat64()
		for _, d := range drift {
			x += 0.05 + 0.1*d.NormFloat64()
		}
		return 1 / (1 + math.Exp(-x))
	}
	span := func(lo, hi float64) float64 { return lo + (hi-lo)*level() }
	// num rounds x to dec decimals and prints it as Excel shows it (no trailing zeros).
	num := func(x float64, dec int) string {
		y, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', dec, 64), 64)
		return strconv.FormatFloat(y, 'f', -1, 64)
	}
	vals := map[string]float64{}
	for _, fd := range fw.Fields {
		var v string
		lo, hi := 0.0, 100.0
		if fd.Min != nil {
			lo = *fd.Min
		}
		if fd.Max != nil {
			hi = *fd.Max
		}
		switch fd.Type {
		case evaluator.TypeNumber:
			x := span(lo, hi)
			if fd.Unit == "亿元" && fd.ID != "gdp" { // a numerator of x / gdp * 100: a share of GDP
				x = vals["gdp"] * 0.3 * level()
			}
			v = num(x, 2)
			vals[fd.ID], _ = strconv.ParseFloat(v, 64)
		case evaluator.TypeInteger:
			x := math.Round(span(lo, math.Min(hi, lo+2000)))
			switch {
			case fd.ID == "online_items":
				x = math.Floor(vals["gov_items"] * (0.7 + 0.3*level()))
			case fd.Unit == "家" && fd.ID != "enterprises":
				x = math.Round(vals["population"] * 20 * level())
			case fd.Max != nil && *fd.Max <= 100:
				x = math.Round(span(lo, hi/4))
			}
			v = num(x, 0)
			vals[fd.ID] = x
		case evaluator.TypePercent:
			v = num(60+40*level(), 1)
		case evaluator.TypeBoolean:
			v = "否"
			if level() > 0.4 {
				v = "是"
			}
			if fd.AllowNA && unit.Group != "县级市" {
				v = "不适用"
			}
		case evaluator.TypeGrade:
			v = fd.Grades[min(len(fd.Grades)-1, int((1-level())*float64(len(fd.Grades))))]
		default:
			v = "合成文字"
		}
		if !fd.Required && r.IntN(20) == 0 {
			v = ""
		}
		e := examplegen.Entry{Value: v}
		switch {
		case v == "不适用":
			e.Note = "本单位无此项工作职能，不适用"
		case v != "" && fd.Evidence:
			e.Evidence = fmt.Sprintf("%d-%s-%s.pdf", s.year(), unit.ID, fd.ID)
		}
		in.Entries[fd.ID] = e
	}
	return in
}

// Workbook is the filled submission workbook of unit number u.
func Workbook(s Spec, fw *evaluator.Framework, u int) ([]byte, error) {
	return examplegen.FilledWorkbook(fw, fw.Units[u], s.issueDate(), Filling(s, fw, u))
}
