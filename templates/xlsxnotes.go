package templates

import (
	"fmt"
	"math"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"

	"github.com/xuri/excelize/v2"
)

// explanationSheet writes 说明: what the workbook is, the method in plain Chinese,
// the marks used in the other sheets, and the inputs with their SHA-256.
func (b *xlBook) explanationSheet() error {
	const sheet = SheetExplanation
	f, st := b.f, b.st
	if err := b.addSheet(sheet); err != nil {
		return err
	}
	widths := []float64{18, 26, 26, 48}
	for i, w := range widths {
		c := xlColName(i + 1)
		if err := f.SetColWidth(sheet, c, c, w); err != nil {
			return err
		}
	}
	row, err := b.titleBlock(sheet, "说明", nil, nil, widths)
	if err != nil {
		return err
	}
	total := 0.0
	for _, w := range widths[1:] {
		total += w
	}
	// merged writes text over columns from..4 of a row.
	merged := func(r, from int, text string, style int) error {
		a, z := xlCellName(from, r), xlCellName(4, r)
		b.setStr(sheet, a, text)
		if from < 4 {
			if err := f.MergeCell(sheet, a, z); err != nil {
				return err
			}
		}
		return f.SetCellStyle(sheet, a, z, style)
	}
	var starts []int // each section's first row: its header, or the blank row above it
	section := func(title string) error {
		starts = append(starts, row-min(len(starts), 1))
		if err := merged(row, 1, title, st.headerLeft); err != nil {
			return err
		}
		if err := f.SetRowHeight(sheet, row, 20); err != nil {
			return err
		}
		row++
		return nil
	}
	item := func(key, text string, keyStyle int) error {
		b.setStr(sheet, xlCellName(1, row), key)
		if err := f.SetCellStyle(sheet, xlCellName(1, row), xlCellName(1, row), keyStyle); err != nil {
			return err
		}
		if err := merged(row, 2, text, st.para); err != nil {
			return err
		}
		lines := max(xlLines(xlTextWidth(text), total), xlLines(xlTextWidth(key), widths[0]))
		if err := f.SetRowHeight(sheet, row, float64(lines)*xlLineHeight+4); err != nil {
			return err
		}
		row++
		return nil
	}

	fw, res := b.fw, b.res
	if err := section("一、基本信息"); err != nil {
		return err
	}
	var parts []string
	if b.opt.Draft {
		parts = append(parts, b.un("征求意见稿（供各{U}核对，不是正式发布的结果）"))
	}
	if b.opt.Sample {
		parts = append(parts, "示例数据（虚构数据，仅用于演示）")
	}
	status := "正式发布"
	if len(parts) > 0 {
		status = strings.Join(parts, "；")
	}
	publish := b.un("公布各{U}得分、排名和等级")
	if b.grades {
		publish = b.un("按等级发布：公布各{U}得分和等级，不公布排名")
	}
	year := res.Year
	if year == 0 {
		year = fw.Year
	}
	info := [][2]string{
		{"评估名称", fw.Title},
		{"评估年度", fmt.Sprintf("%d年", year)},
		{evaluator.WordIssuer, fw.Issuer},
		{"报告日期", b.dateText()},
		{"发布状态", status},
		{"发布方式", publish},
		{"指标体系", fmt.Sprintf("%s，版本 %s", res.Framework.ID, res.Framework.Version)},
		{"指标体系SHA-256", res.Framework.SHA256},
	}
	if fw.Reg != nil && fw.Reg.Title != "" {
		info = append(info, [2]string{"评估依据", fw.Reg.Title})
	}
	if res.Tool.Name != "" {
		info = append(info, [2]string{"计算工具", strings.TrimSpace(res.Tool.Name + " " + res.Tool.Version)})
	}
	for _, kv := range info {
		if kv[1] == "" {
			kv[1] = "—"
		}
		if err := item(kv[0], kv[1], st.keyLabel); err != nil {
			return err
		}
	}

	row++
	if err := section("二、评估方法"); err != nil {
		return err
	}
	for _, kv := range b.methodText() {
		if err := item(kv[0], kv[1], st.keyLabel); err != nil {
			return err
		}
	}

	row++
	if err := section("三、表中标记"); err != nil {
		return err
	}
	legend := []struct {
		style      int
		label, txt string
	}{
		{st.lgImputed, "插补值", "原值缺失，按缺失值规则补齐后计分（「指标得分」表，批注注明补齐的值）。"},
		{st.lgTreated, "极端值处理", "原值明显偏离，经缩尾或对数处理后计分（「指标得分」表，批注注明计分所用的值）。"},
		{st.missing, evaluator.WordNotFilled, b.un("该{U}未填报此项。")},
		{st.na, "不适用", b.un("该指标或领域不适用于该{U}，不计分，其权重由同级其他指标分担。")},
		{st.lgAdjusted, "核查核减", "经核查后调整的数值（「原始数据」表，批注注明原值、新值和理由）。"},
		{st.notSubmitted, "未提交", b.notSubmittedText()},
		{st.keyLabel, "颜色刻度", "「分领域得分」「指标得分」表中，同一列内得分越高越绿、越低越红。"},
	}
	for _, l := range legend {
		if err := item(l.label, l.txt, l.style); err != nil {
			return err
		}
	}

	row++
	files := inputFiles(fw, res.Inputs, len(res.Units))
	if err := section(fmt.Sprintf("四、输入文件（%d个）", len(files))); err != nil {
		return err
	}
	if err := b.subHeader(sheet, row, []string{b.fw.UnitNoun(), "文件", "SHA-256"}); err != nil {
		return err
	}
	row++
	for _, in := range files {
		b.setStr(sheet, xlCellName(1, row), in.Who)
		b.setStr(sheet, xlCellName(2, row), in.Name)
		if err := f.SetCellStyle(sheet, xlCellName(1, row), xlCellName(2, row), st.text); err != nil {
			return err
		}
		if err := merged(row, 3, in.SHA256, st.text); err != nil {
			return err
		}
		row++
	}
	if len(files) == 0 {
		if err := merged(row, 1, "无", st.text); err != nil {
			return err
		}
		row++
	}

	row++
	if err := section(fmt.Sprintf("五、核查核减（%d项）", len(res.Adjustments))); err != nil {
		return err
	}
	if len(res.Adjustments) > 0 {
		if err := b.subHeader(sheet, row, []string{b.fw.UnitNoun(), "字段", "原值 → 新值", "理由"}); err != nil {
			return err
		}
		row++
	}
	for _, a := range res.Adjustments {
		unit := a.Unit
		if k, ok := b.unitIndex[a.Unit]; ok {
			unit = fw.Units[k].Name
		}
		field := a.Field
		for _, fd := range fw.Fields {
			if fd.ID == a.Field {
				field = fd.Name + "（" + fd.ID + "）"
			}
		}
		cells := []string{unit, field, xlAdjustValue(a.Old, a.OldText) + " → " + xlAdjustValue(a.New, a.NewText), a.Reason}
		lines := 1
		for i, c := range cells {
			b.setStr(sheet, xlCellName(i+1, row), c)
			lines = max(lines, xlLines(xlTextWidth(c), widths[i]))
		}
		if err := f.SetCellStyle(sheet, xlCellName(1, row), xlCellName(4, row), st.textWrap); err != nil {
			return err
		}
		if err := f.SetRowHeight(sheet, row, float64(lines)*xlLineHeight+4); err != nil {
			return err
		}
		row++
	}
	if len(res.Adjustments) == 0 {
		if err := merged(row, 1, "无", st.text); err != nil {
			return err
		}
		row++
	}
	if err := b.printSetup(sheet, false, 1, "", ""); err != nil {
		return err
	}
	// Sections whole on a page where they fit (the sheet is fitted one page wide).
	heights := make([]float64, row-1)
	for r := range heights {
		h, err := f.GetRowHeight(sheet, r+1)
		if err != nil {
			return err
		}
		heights[r] = h
	}
	pixels := 0.0
	for _, w := range widths {
		pixels += xlColPixels(w)
	}
	room := xlPageHeightLandscape / math.Min(1, xlPageWidthLandscape/pixels) * 0.98 // the rows have their own heights
	for _, r := range xlSectionBreaks(heights, starts, room) {
		if err := f.InsertPageBreak(sheet, xlCellName(1, r)); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{}); err != nil {
		return err
	}
	return b.setDimension(sheet, 4, row-1)
}

// subHeader writes a small header row over the four columns of 说明 (the last name
// spans what is left).
func (b *xlBook) subHeader(sheet string, row int, names []string) error {
	for i, n := range names {
		b.setStr(sheet, xlCellName(i+1, row), n)
	}
	if len(names) < 4 {
		if err := b.f.MergeCell(sheet, xlCellName(len(names), row), xlCellName(4, row)); err != nil {
			return err
		}
	}
	return b.f.SetCellStyle(sheet, xlCellName(1, row), xlCellName(4, row), b.st.header)
}

// methodText is the method in plain Chinese, item by item.
func (b *xlBook) methodText() [][2]string {
	fw, res := b.fw, b.res
	m := fw.Method
	d := b.decimals
	issuer := fw.Issuer
	if issuer == "" {
		issuer = "组织评估的部门"
	}
	var out [][2]string
	add := func(k, v string) { out = append(out, [2]string{k, v}) }
	add("数据来源", fmt.Sprintf(b.un("各{U}按%s下发的统一填报表报送数据，经自动校验（问题数量见「数据质量」表）和核查后用于评分。"), issuer))
	add("标准化", fmt.Sprintf("各指标的数值先按指标体系规定的方法换算为0–100分（默认为%s；各指标的方法和参数见「指标体系」表）。正向指标数值越大得分越高，逆向指标数值越小得分越高。",
		evaluator.MethodName(m.Normalize.Method)))
	switch m.Missing {
	case "zero":
		add("缺失值", b.un("未填报的指标不得分（计0分），其空缺不参与其他{U}得分的计算；个别指标另有规定的见「指标体系」表。"))
	default:
		add("缺失值", "未填报的指标按"+xlMissingText(m.Missing)+"处理；个别指标另有规定的见「指标体系」表。插补的数值在「指标得分」表中标出。")
	}
	if m.Treat == "winsorize" {
		s := fmt.Sprintf("对分布明显偏斜的指标（偏度绝对值≥%s且峰度≥%s）进行缩尾处理：逐步把最极端的值替换为次极端的值，最多替换%d个",
			xlTrim(m.Winsorize.Skew, 4), xlTrim(m.Winsorize.Kurtosis, 4), m.Winsorize.MaxPoints)
		if m.Winsorize.LogFallback {
			s += "；仍然偏斜的，改用对数变换"
		}
		add("极端值", s+"。处理过的数值在「指标得分」表中标出，原值照常列示。")
	} else {
		add("极端值", "不作极端值处理。")
	}
	agg := evaluator.AggregateName(m.Aggregate)
	add("加权汇总", "下级指标得分按权重"+agg+"，逐级汇总为各领域得分和总指数。"+b.un("某项指标或领域不适用于某{U}时，不计分，其权重由同级其他指标按比例分担。"))
	if adj := fw.Adjusters(); len(adj) > 0 {
		var parts []string
		for _, a := range adj {
			p := a.Name
			if a.Cap != nil {
				p += "（最多" + xlTrim(*a.Cap, 4) + "分）"
			}
			parts = append(parts, p)
		}
		add("加分与扣分", evaluator.WordTotal+" = "+evaluator.WordIndexScore+" + 加分 − 扣分，最低为0分。"+xlJoinChinese(parts)+"按项计分，各项的分值见「指标体系」表。")
	}
	if b.grades {
		add("发布方式", b.un("本年度按等级发布，各表按等级排列，同一等级内按指标体系中的{U}顺序排列，不公布排名。"))
	} else {
		add("排名", fmt.Sprintf("按保留%d位小数后的得分从高到低排名，得分相同者并列（如1、2、2、4）；同一类别的"+b.fw.UnitNoun()+"另行排名（见「分组排名」表）。", d))
	}
	if len(m.Grades) > 0 {
		var parts []string
		for i, g := range m.Grades {
			idx := ""
			if g.IndexMin != nil {
				idx = fmt.Sprintf("，且%s不低于%s分；%s不足的评为下一等级", evaluator.WordIndexScore, xlTrim(*g.IndexMin, 4), evaluator.WordIndexScore)
			}
			switch {
			case i == 0:
				parts = append(parts, fmt.Sprintf("%s（%s分及以上%s）", g.Label, xlTrim(g.Min, 4), idx))
			default:
				parts = append(parts, fmt.Sprintf("%s（%s分及以上、不足%s分%s）", g.Label, xlTrim(g.Min, 4), xlTrim(m.Grades[i-1].Min, 4), idx))
			}
		}
		add("等级", fmt.Sprintf("按保留%d位小数后的"+evaluator.WordTotal+"划分：%s。", d, xlJoinChinese(parts)))
	}
	if s := res.Sensitivity; s != nil && s.Runs > 0 && !b.grades {
		add("排名稳定性", fmt.Sprintf("为检验排名受权重和方法选择影响的程度，随机扰动权重并更换标准化方法重算%d次，各"+b.fw.UnitNoun()+"的排名区间见「排名稳定性」表。", s.Runs))
	}
	if b.hasPrevious() {
		if b.grades {
			add("与上年比较", "上年得分、等级取自上年发布的结果；同口径上年得分按本年度指标体系对上年数据重新计算，得分变化按同口径比较。")
		} else {
			add("与上年比较", "上年得分、排名取自上年发布的结果；同口径上年得分按本年度指标体系对上年数据重新计算，得分和排名的变化按同口径比较。")
		}
	}
	judged := "排名和等级"
	if b.grades {
		judged = "等级"
	}
	add("小数位", fmt.Sprintf("得分显示%d位小数；单元格中保存完整精度的数值，%s按显示的数值判定。完整数据另见同目录的 results.json。", d, judged))
	return out
}
