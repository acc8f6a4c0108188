package templates

import (
	"fmt"
	"io"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
)

// DisplayWidth is the width of s in a terminal: East Asian wide and full-width
// characters take two columns.
func DisplayWidth(s string) int {
	w := 0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w
}

func runeWidth(r rune) int {
	switch {
	case r < 0x1100:
		return 1
	case r <= 0x115F, r >= 0x2E80 && r <= 0xA4CF && r != 0x303F, r >= 0xAC00 && r <= 0xD7A3,
		r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F, r >= 0xFF00 && r <= 0xFF60,
		r >= 0xFFE0 && r <= 0xFFE6, r >= 0x20000 && r <= 0x3FFFD:
		return 2
	}
	return 1
}

// pad pads s with spaces to display width w (left-aligned, or right-aligned when right).
func pad(s string, w int, right bool) string {
	n := w - DisplayWidth(s)
	if n <= 0 {
		return s
	}
	if right {
		return strings.Repeat(" ", n) + s
	}
	return s + strings.Repeat(" ", n)
}

// textTable writes rows as aligned columns; numeric columns are right-aligned.
func textTable(w io.Writer, header []string, rows [][]string, right []bool) {
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = DisplayWidth(h)
	}
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], DisplayWidth(c))
		}
	}
	line := func(cells []string) {
		parts := make([]string, len(cells))
		for i, c := range cells {
			parts[i] = pad(c, widths[i], right[i])
		}
		fmt.Fprintln(w, strings.TrimRight(strings.Join(parts, "  "), " "))
	}
	line(header)
	sep := make([]string, len(header))
	for i := range sep {
		sep[i] = strings.Repeat("─", widths[i])
	}
	fmt.Fprintln(w, strings.Join(sep, "  "))
	for _, r := range rows {
		line(r)
	}
}

// WriteCheckTable prints a framework as `dteval check` shows it: every indicator with
// chapter, article, unit, direction, method and 分值, the total, the bonus and penalty
// items, and the regulation articles no indicator covers.
func WriteCheckTable(w io.Writer, fw *evaluator.Framework) {
	fmt.Fprintf(w, "%s（%s %s，%d 年度）\n", fw.Title, fw.ID, fw.Version, fw.Year)
	fmt.Fprintf(w, "SHA-256 %s\n", fw.SHA256)
	leaves := fw.Leaves()
	fmt.Fprintf(w, "%d 个被评估%s，%d 个填报字段，%d 项计分指标\n\n", len(fw.Units), fw.UnitNoun(), len(fw.Fields), len(leaves))
	header := []string{"章", "条", "指标编码", "指标名称", evaluator.WordMeasureUnit, evaluator.WordDirection, evaluator.WordMethod, evaluator.WordPoints, evaluator.WordSource}
	right := []bool{true, true, false, false, false, false, false, true, false}
	var rows [][]string
	var total float64
	for _, n := range leaves {
		total += n.Points
		rows = append(rows, []string{chapterText(n.EffChapter), articleText(n.Article), n.ID, n.Name + naText(n),
			n.Unit, evaluator.DirectionName(n.Direction), n.Normalize.Describe(n.Direction), evaluator.FormatFixed(n.Points, 2), sourceText(fw, n)})
	}
	rows = append(rows, []string{"", "", "", "合计", "", "", "", evaluator.FormatFixed(total, 2), ""})
	textTable(w, header, rows, right)
	for _, g := range fw.Adjusters() {
		kind := evaluator.KindName(g.Kind)
		fmt.Fprintf(w, "\n%s「%s」（上限 %s 分）\n", kind, g.Name, trimFloat(*g.Cap))
		var brows [][]string
		for _, c := range g.Children {
			capText := ""
			if c.Cap != nil {
				capText = trimFloat(*c.Cap)
			}
			brows = append(brows, []string{articleText(c.Article), c.ID, c.Name, trimFloat(c.PointsEach), capText, sourceText(fw, c)})
		}
		textTable(w, []string{"条", "指标编码", "名称", "每项分值", "本项上限", evaluator.WordSource}, brows, []bool{true, false, false, true, true, false})
	}
	if vs := fw.Vetoes(); len(vs) > 0 {
		fmt.Fprintf(w, "\n%s（不计分；为“是”时，无论得分高低，等级最高为所列等级）\n", evaluator.WordVeto)
		var vrows [][]string
		for _, c := range vs {
			vrows = append(vrows, []string{articleText(c.Article), c.ID, c.Name + naText(c), c.GradeCap, sourceText(fw, c)})
		}
		textTable(w, []string{"条", "指标编码", "名称", "等级最高为", evaluator.WordSource}, vrows, []bool{true, false, false, false, false})
	}
	if fw.Method.RankBy == evaluator.RankByIndex {
		fmt.Fprintf(w, "\n排名依据：%s（不含加分、扣分）\n", evaluator.WordIndexScore)
	} else {
		fmt.Fprintf(w, "\n排名依据：%s（含加分、扣分）\n", evaluator.WordTotal)
	}
	if fw.Reg != nil {
		unc := fw.UncoveredArticles()
		fmt.Fprintf(w, "\n《%s》共 %d 条，指标覆盖 %d 条；未覆盖的条款：\n", fw.Reg.Title, len(fw.Reg.Articles), len(fw.Reg.Articles)-len(unc))
		for _, a := range unc {
			fmt.Fprintf(w, "  第%d条（第%s章）%s\n", a.Number, cnNumber(a.Chapter), a.Gist)
		}
	}
}

func trimFloat(x float64) string {
	s := evaluator.FormatFixed(x, 6)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

func chapterText(c int) string {
	if c == 0 {
		return ""
	}
	return fmt.Sprint(c)
}

func articleText(a int) string {
	if a == 0 {
		return ""
	}
	return fmt.Sprint(a)
}

func naText(n *evaluator.Node) string {
	for p := n; p != nil; p = p.Parent {
		if len(p.AppliesTo) > 0 {
			return "（仅" + strings.Join(p.AppliesTo, "、") + "）"
		}
	}
	return ""
}

// sourceText is where an indicator's data come from: its own source, else the
// distinct sources of the fields it reads, in field order ("—" when none is said).
func sourceText(fw *evaluator.Framework, n *evaluator.Node) string {
	if n.Source != "" {
		return n.Source
	}
	var ids []string
	switch {
	case n.Expr != nil:
		ids = n.Expr.Fields
	case n.Value == "":
		ids = []string{n.ID}
	}
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		if f := fw.Field(id); f != nil && f.Source != "" && !seen[f.Source] {
			seen[f.Source] = true
			out = append(out, f.Source)
		}
	}
	if len(out) == 0 {
		return "—"
	}
	return strings.Join(out, "、")
}
