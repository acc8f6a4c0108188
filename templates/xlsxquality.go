package templates

import (
	"fmt"
	"sort"

	"github.com/wuxi-data/dteval/evaluator"
)

func xlSeverityText(s string) string {
	if s == evaluator.SevWarning {
		return "警告"
	}
	return "错误"
}

// qualitySheet writes 数据质量: how many findings of each code the year's data raised,
// per unit when the full findings are at hand — counts only, never a message, a cell
// or a name from a submission.
func (b *xlBook) qualitySheet() error {
	st := b.st
	counts := map[string]int{}
	for code, n := range b.res.Findings.ByCode {
		counts[code] = n
	}
	severity := map[string]string{}
	perUnit := map[string]map[string]int{} // code → unit id → count
	for _, f := range b.opt.Findings {
		if _, ok := severity[f.Code]; !ok || f.Severity == evaluator.SevError {
			severity[f.Code] = f.Severity
		}
		if perUnit[f.Code] == nil {
			perUnit[f.Code] = map[string]int{}
		}
		perUnit[f.Code][f.Unit]++
		if _, ok := counts[f.Code]; !ok {
			counts[f.Code] = 0
		}
	}
	for code, ps := range perUnit { // when results.json has no count, the findings do
		if counts[code] == 0 {
			for _, n := range ps {
				counts[code] += n
			}
		}
	}
	sev := func(code string) string {
		if s, ok := severity[code]; ok {
			return s
		}
		return evaluator.FindingSeverity(code)
	}
	codes := make([]string, 0, len(counts))
	for code := range counts {
		codes = append(codes, code)
	}
	sort.Slice(codes, func(i, j int) bool {
		si, sj := sev(codes[i]) == evaluator.SevError, sev(codes[j]) == evaluator.SevError
		if si != sj {
			return si
		}
		return codes[i] < codes[j]
	})

	// Per-unit columns: the framework's units that have a finding, then findings that
	// name no unit of the framework (a file that could not be told).
	var unitCols []string
	other := false
	if len(b.opt.Findings) > 0 {
		has := map[string]bool{}
		for _, f := range b.opt.Findings {
			if _, ok := b.unitIndex[f.Unit]; ok {
				has[f.Unit] = true
			} else {
				other = true
			}
		}
		for _, u := range b.fw.Units {
			if has[u.ID] {
				unitCols = append(unitCols, u.ID)
			}
		}
	}
	// The Chinese meaning leads; the stable code (which scripts and findings.json use)
	// follows in a narrow last column.
	cols := []xlCol{
		{Name: "问题", Style: st.textWrap, Max: 30, Wrap: true},
		{Name: "级别", Style: st.center},
		{Name: "数量", Style: st.integer},
	}
	for _, id := range unitCols {
		cols = append(cols, xlCol{Group: b.un("其中：各{U}"), Name: b.fw.Units[b.unitIndex[id]].Name, Style: st.integer, Max: 12})
	}
	if other {
		cols = append(cols, xlCol{Group: b.un("其中：各{U}"), Name: b.un("未能识别{U}的文件"), Style: st.integer, Max: 12})
	}
	cols = append(cols, xlCol{Name: "代码", Style: st.text, Max: 14, Wrap: true})
	var rows [][]xlCell
	for _, code := range codes {
		r := []xlCell{{V: evaluator.FindingMeaning(code, b.fw.UnitNoun())}, {V: xlSeverityText(sev(code))}, {V: counts[code]}}
		for _, id := range unitCols {
			r = append(r, xlCell{V: perUnit[code][id]})
		}
		if other {
			n := 0
			for id, k := range perUnit[code] {
				if _, ok := b.unitIndex[id]; !ok {
					n += k
				}
			}
			r = append(r, xlCell{V: n})
		}
		r = append(r, xlCell{V: code})
		rows = append(rows, r)
	}
	fc := b.res.Findings
	notes := []string{
		fmt.Sprintf("数据审核共发现错误 %d 条、警告 %d 条。错误须在评分前改正；警告提示可能的问题，经核实后可保留。", fc.Error, fc.Warning),
		"本表只列出各类问题的数量，不含具体内容、填报人信息、佐证材料或备注。",
	}
	if len(rows) == 0 {
		notes = append(notes, "本年度数据未发现问题。")
	}
	_, err := b.writeTable(&xlTable{Name: SheetQuality, Title: "数据质量", Notes: notes, Cols: cols, Rows: rows, FreezeCols: 1})
	return err
}

// stabilitySheet writes 排名稳定性: each unit's rank interval over the sensitivity
// runs. With publish: grades no rank is published, so neither is its interval.
func (b *xlBook) stabilitySheet() error {
	st := b.st
	s := b.res.Sensitivity
	if b.grades {
		return b.noteSheet(SheetStability, "排名稳定性", []string{
			"本年度按等级发布，不公布排名，因此不列出排名稳定性区间。",
		})
	}
	any := false
	for _, u := range b.res.Units {
		if u.Sensitivity != nil {
			any = true
		}
	}
	if s == nil || s.Runs == 0 || !any {
		return b.noteSheet(SheetStability, "排名稳定性", []string{"本次评估未进行排名稳定性（敏感性）分析。"})
	}
	cols := []xlCol{
		{Name: "名义排名", Style: st.integer},
		{Name: b.fw.UnitNoun(), Style: st.text},
		{Name: "类别", Style: st.center},
		{Name: "中位排名", Style: st.integer},
		{Name: "5%分位排名", Style: st.integer},
		{Name: "95%分位排名", Style: st.integer},
		{Name: "90%排名区间", Style: st.center},
		{Name: "区间宽度", Style: st.integer},
	}
	var rows [][]xlCell
	for _, u := range b.unitOrder() {
		if u.Sensitivity == nil {
			rows = append(rows, []xlCell{b.rankCell(u.Rank), {V: u.Name}, {V: u.Group},
				{V: "—", Style: st.na}, {V: "—", Style: st.na}, {V: "—", Style: st.na}, {V: "—", Style: st.na}, {V: "—", Style: st.na}})
			continue
		}
		us := u.Sensitivity
		nominal := us.NominalRank
		if nominal == 0 {
			nominal = u.Rank
		}
		interval := fmt.Sprint(us.P05)
		if us.P95 != us.P05 {
			interval = fmt.Sprintf("%d–%d", us.P05, us.P95)
		}
		rows = append(rows, []xlCell{b.rankCell(nominal), {V: u.Name}, {V: u.Group},
			b.rankCell(us.MedianRank), b.rankCell(us.P05), b.rankCell(us.P95), {V: interval}, {V: us.P95 - us.P05}})
	}
	var alts []string
	for _, a := range s.Alternatives {
		alts = append(alts, evaluator.MethodName(a))
	}
	method := fmt.Sprintf("方法：蒙特卡洛模拟 %d 次（随机种子 %d），每次将每个权重在 ±%s%% 范围内随机扰动", s.Runs, s.Seed, xlTrim(s.WeightSpread*100, 2))
	if len(alts) > 1 {
		method += "，并对可替换的指标在" + xlJoinChinese(alts) + "之间随机选用标准化方法"
	}
	method += "，重新计算排名。"
	notes := []string{
		method,
		fmt.Sprintf("90%%排名区间为5%%至95%%分位的排名；区间越窄，排名越稳定。全部"+b.fw.UnitNoun()+"平均绝对排名变动 %s 位。", evaluator.FormatFixed(s.MeanAbsRankShift, 2)),
	}
	_, err := b.writeTable(&xlTable{Name: SheetStability, Title: "排名稳定性", Notes: notes, Cols: cols, Rows: rows, FreezeCols: 2})
	return err
}

// xlJoinChinese joins items with 、.
func xlJoinChinese(items []string) string {
	out := ""
	for i, s := range items {
		if i > 0 {
			out += "、"
		}
		out += s
	}
	return out
}

// noteSheet writes a sheet that holds a title and a few lines of explanation.
func (b *xlBook) noteSheet(name, title string, lines []string) error {
	rows := make([][]xlCell, len(lines))
	for i, l := range lines {
		rows[i] = []xlCell{{V: l}}
	}
	_, err := b.writeTable(&xlTable{Name: name, Title: title, NoFilter: true,
		Cols: []xlCol{{Name: "说明", Width: 90, Wrap: true, Style: b.st.para}}, Rows: rows})
	return err
}
