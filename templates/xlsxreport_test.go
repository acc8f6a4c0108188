package templates

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/xuri/excelize/v2"
)

func xlRender(t testing.TB, fw *evaluator.Framework, res *evaluator.Results, opt ReportOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := RenderXLSX(&buf, fw, res, opt); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("DTEVAL_XLSX_OUT"); dir != "" { // for looking at it by hand
		name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()) + ".xlsx"
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func xlOpen(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// xlFindRow returns the 1-based row whose first cell is first, or 0.
func xlFindRow(rows [][]string, first string) int {
	for i, r := range rows {
		if len(r) > 0 && r[0] == first {
			return i + 1
		}
	}
	return 0
}

// xlRowOf returns the row (1-based) of the data row for a unit name in column col (0-based).
func xlRowOf(t *testing.T, rows [][]string, col int, name string) []string {
	t.Helper()
	for _, r := range rows {
		if len(r) > col && r[col] == name {
			return r
		}
	}
	t.Fatalf("no row for %q", name)
	return nil
}

func xlUnit(res *evaluator.Results, id string) evaluator.UnitResult {
	for _, u := range res.Units {
		if u.ID == id {
			return u
		}
	}
	panic("no unit " + id)
}

func TestRenderXLSXSheetsAndCells(t *testing.T) {
	fw := xlFixtureFramework(t)
	res := xlFixtureResults()
	data := xlRender(t, fw, res, ReportOptions{Date: "2026-03-01", Findings: xlFixtureFindings()})
	f := xlOpen(t, data)
	if got := f.GetSheetList(); !slices.Equal(got, XLSXSheets) {
		t.Fatalf("sheets = %v, want %v", got, XLSXSheets)
	}
	rowsOf := func(sheet string) [][]string {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}

	t.Run(SheetOverall, func(t *testing.T) {
		rows := rowsOf(SheetOverall)
		h := xlFindRow(rows, "排名")
		if h == 0 {
			t.Fatalf("no header row starting 排名: %q", rows)
		}
		wantTop := []string{"排名", "地区", "类别", "组内排名", "综合得分", "等级", "数字技术创新与基础设施建设", "", "治理数字化转型", "", "加分与扣分", "", "", "与上年比较"}
		if got := rows[h-1][:len(wantTop)]; !slices.Equal(got, wantTop) {
			t.Errorf("header = %q, want %q", got, wantTop)
		}
		wantSub := []string{"得分", "排名", "得分", "排名", "指数得分", "加分", "扣分", "上年得分", "上年排名", "同口径上年得分", "得分变化", "排名变化"}
		if got := rows[h][6:]; !slices.Equal(got, wantSub) {
			t.Errorf("sub-header = %q, want %q", got, wantSub)
		}
		// Units in rank order; ties in framework order (宜兴市 before 梁溪区).
		var names []string
		for _, r := range rows[h+1:] {
			if len(r) > 1 {
				names = append(names, r[1])
			}
		}
		want := []string{"江阴市", "宜兴市", "梁溪区", "惠山区", `=HYPERLINK("http://x","点我")`, "锡山区", "滨湖区", "新吴区"}
		if !slices.Equal(names, want) {
			t.Errorf("units = %q, want %q", names, want)
		}
		jy := xlUnit(res, "jy")
		r := xlRowOf(t, rows, 1, "江阴市")
		if r[0] != "1" || r[3] != "1" || r[5] != jy.Grade {
			t.Errorf("江阴市 row = %q", r)
		}
		// Full precision stored, decimals shown.
		if got, _ := strconv.ParseFloat(r[4], 64); got != jy.Score {
			t.Errorf("江阴市 score = %s, want %v", r[4], jy.Score)
		}
		cell := "E" + strconv.Itoa(h+2)
		shown, err := f.GetCellValue(SheetOverall, cell, excelize.Options{RawCellValue: false})
		if err != nil || shown != "91.23" {
			t.Errorf("%s shows %q (%v), want 91.23", cell, shown, err)
		}
		if got, _ := strconv.ParseFloat(r[10], 64); got != jy.Nodes[fw.Index.ID].Score {
			t.Errorf("江阴市 index score = %s, want %v", r[10], jy.Nodes[fw.Index.ID].Score)
		}
		if got, _ := strconv.ParseFloat(r[16], 64); got != *jy.Previous.ScoreChange {
			t.Errorf("score change = %s", r[16])
		}
		if r[17] != "1" {
			t.Errorf("rank change = %q, want 1", r[17])
		}
		bh := xlRowOf(t, rows, 1, "滨湖区")
		if bh[17] != "-1" || bh[16] != "-3.9" {
			t.Errorf("滨湖区 changes = %q %q", bh[16], bh[17])
		}
		xs := xlRowOf(t, rows, 1, "锡山区")
		if xs[4] != "59.995" || xs[15] != "不可比" {
			t.Errorf("锡山区 row = %q", xs)
		}
		xw := xlRowOf(t, rows, 1, "新吴区")
		if xw[4] != "未提交" {
			t.Errorf("新吴区 row = %q, want 未提交", xw)
		}
		charts := 0
		for _, name := range []string{"xl/charts/chart1.xml"} {
			if _, ok := f.Pkg.Load(name); ok {
				charts++
			}
		}
		if charts != 1 {
			t.Errorf("no native chart in the workbook")
		}
	})

	t.Run(SheetGroups, func(t *testing.T) {
		rows := rowsOf(SheetGroups)
		h := xlFindRow(rows, "类别")
		if h == 0 {
			t.Fatal("no header")
		}
		want := []string{"类别", "组内排名", "地区", "综合得分", "等级", "全市排名"}
		if got := rows[h-1][:6]; !slices.Equal(got, want) {
			t.Errorf("header = %q", got)
		}
		var order []string
		for _, r := range rows[h+1:] {
			order = append(order, r[0]+":"+r[2])
		}
		wantOrder := []string{"县级市:江阴市", "县级市:宜兴市", "区:梁溪区", "区:惠山区", "区:锡山区", "区:滨湖区", "区:新吴区", `功能区:=HYPERLINK("http://x","点我")`}
		if !slices.Equal(order, wantOrder) {
			t.Errorf("order = %q, want %q", order, wantOrder)
		}
	})

	t.Run(SheetNodes, func(t *testing.T) {
		rows := rowsOf(SheetNodes)
		h := xlFindRow(rows, "地区")
		want := []string{"地区", "类别", "数字化转型发展指数\n（指数得分）", "数字技术创新与基础设施建设", "", "治理数字化转型"}
		if got := rows[h-1]; !slices.Equal(got, want) {
			t.Errorf("header = %q, want %q", got, want)
		}
		if got := rows[h][3:]; !slices.Equal(got, []string{"小计", "算力设施", "得分"}) {
			t.Errorf("sub-header = %q", got)
		}
		r := xlRowOf(t, rows, 0, "江阴市")
		jy := xlUnit(res, "jy")
		if got, _ := strconv.ParseFloat(r[2], 64); got != jy.Nodes["dti"].Score {
			t.Errorf("江阴市 index = %s", r[2])
		}
		if got, _ := strconv.ParseFloat(r[5], 64); got != jy.Nodes["gov"].Score {
			t.Errorf("江阴市 gov = %s", r[5])
		}
		cf, err := f.GetConditionalFormats(SheetNodes)
		if err != nil || len(cf) != 4 {
			t.Errorf("colour scales = %d (%v), want 4", len(cf), err)
		}
	})

	t.Run(SheetIndicators, func(t *testing.T) {
		rows := rowsOf(SheetIndicators)
		h := xlFindRow(rows, "地区")
		top := rows[h-1]
		// A header that wraps has its unit on a line of its own.
		if top[2] != "每万人5G基站数\n（个/万人）" || top[4] != "人均算力规模\n（PFlops/万人）" || top[12] != "加分项：国家级试点" {
			t.Errorf("header = %q", top)
		}
		if got := rows[h][2:6]; !slices.Equal(got, []string{"数值", "得分", "数值", "得分"}) {
			t.Errorf("sub-header = %q", got)
		}
		hs := xlRowOf(t, rows, 0, "惠山区")
		if hs[4] != "0.4967" || hs[5] != "66" {
			t.Errorf("惠山区 imputed = %q %q", hs[4], hs[5])
		}
		if hs[6] != "不适用" || hs[7] != "不适用" {
			t.Errorf("惠山区 plan = %q %q, want 不适用", hs[6], hs[7])
		}
		bh := xlRowOf(t, rows, 0, "滨湖区")
		if bh[2] != "80" {
			t.Errorf("滨湖区 treated raw = %q, want 80", bh[2])
		}
		xs := xlRowOf(t, rows, 0, "锡山区")
		if xs[8] != "未填报" || xs[9] != "0" {
			t.Errorf("锡山区 online = %q %q", xs[8], xs[9])
		}
		jy := xlRowOf(t, rows, 0, "江阴市")
		if jy[6] != "A" || jy[10] != "是" {
			t.Errorf("江阴市 text values = %q %q", jy[6], jy[10])
		}
		// The imputed and treated cells are marked with a style and a note.
		imp := xlCellName(5, xlRowIndex(rows, 0, "惠山区"))
		tr := xlCellName(3, xlRowIndex(rows, 0, "滨湖区"))
		plain := xlCellName(3, xlRowIndex(rows, 0, "江阴市"))
		si, _ := f.GetCellStyle(SheetIndicators, imp)
		st, _ := f.GetCellStyle(SheetIndicators, tr)
		sp, _ := f.GetCellStyle(SheetIndicators, plain)
		if si == sp || st == sp || si == st {
			t.Errorf("styles imputed %d, treated %d, plain %d: want three different", si, st, sp)
		}
		comments, _ := f.GetComments(SheetIndicators)
		notes := map[string]string{}
		for _, c := range comments {
			txt := ""
			for _, p := range c.Paragraph {
				txt += p.Text
			}
			notes[c.Cell] = txt
		}
		if !strings.Contains(notes[imp], "0.4967") || !strings.Contains(notes[tr], "45") {
			t.Errorf("notes = %q", notes)
		}
	})

	t.Run(SheetRawData, func(t *testing.T) {
		rows := rowsOf(SheetRawData)
		h := xlFindRow(rows, "地区")
		if got := rows[h][2:]; !slices.Equal(got, []string{"population", "stations_5g", "online_items", "gov_items", "cdo", "plan_grade", "compute_pf", "pilots"}) {
			t.Errorf("field ids = %q (remark is free text and must be left out)", got)
		}
		lx := xlRowOf(t, rows, 0, "梁溪区")
		if want := strconv.FormatFloat(36*100.5, 'f', -1, 64); lx[3] != want {
			t.Errorf("梁溪区 stations = %q, want %s", lx[3], want)
		}
		cell := xlCellName(4, xlRowIndex(rows, 0, "梁溪区"))
		comments, _ := f.GetComments(SheetRawData)
		found := false
		for _, c := range comments {
			if c.Cell == cell {
				found = true
			}
		}
		if !found {
			t.Errorf("no adjustment note on %s", cell)
		}
	})

	t.Run(SheetStability, func(t *testing.T) {
		rows := rowsOf(SheetStability)
		h := xlFindRow(rows, "名义排名")
		want := []string{"名义排名", "地区", "类别", "中位排名", "5%分位排名", "95%分位排名", "90%排名区间", "区间宽度"}
		if h == 0 || !slices.Equal(rows[h-1], want) {
			t.Fatalf("header row %d = %q", h, rows)
		}
		yx := xlRowOf(t, rows, 1, "宜兴市")
		if yx[6] != "2–4" || yx[7] != "2" {
			t.Errorf("宜兴市 = %q", yx)
		}
	})

	t.Run(SheetFramework, func(t *testing.T) {
		rows := rowsOf(SheetFramework)
		h := xlFindRow(rows, "序号")
		want := []string{"序号", "章", "一级指标", "二级指标", "指标名称", "指标编码", "条款", "条款要旨", "计量单位", "方向", "计算方法（取值）", "标准化方法", "参数", "缺失值处理", "适用范围", "权重", "分值"}
		if h == 0 || !slices.Equal(rows[h-1], want) {
			t.Fatalf("header = %q", rows[h-1])
		}
		r := rows[h] // inf_5g
		if r[1] != "第二章" || r[2] != "数字技术创新与基础设施建设" || r[5] != "inf_5g" || r[6] != "第十六条" || r[7] != "通信网络基础设施建设" {
			t.Errorf("inf_5g row = %q", r)
		}
		if r[10] != "5G基站数 ÷ 常住人口" || r[11] != "门槛值法" {
			t.Errorf("inf_5g method = %q %q", r[10], r[11])
		}
		if got, _ := strconv.ParseFloat(r[16], 64); math.Abs(got-fw.Leaves()[0].Points) > 1e-12 {
			t.Errorf("分值 = %s, want %v", r[16], fw.Leaves()[0].Points)
		}
		plan := xlRowOf(t, rows, 5, "inf_plan")
		if plan[3] != "算力设施" || plan[14] != "县级市" {
			t.Errorf("inf_plan row = %q", plan)
		}
	})

	t.Run(SheetQuality, func(t *testing.T) {
		rows := rowsOf(SheetQuality)
		h := xlFindRow(rows, "问题")
		if h == 0 {
			t.Fatal("no header")
		}
		if got := rows[h-1]; !slices.Equal(got[:3], []string{"问题", "级别", "数量"}) || got[len(got)-1] != "代码" {
			t.Errorf("header = %q", got)
		}
		if got := rows[h][3:5]; !slices.Equal(got, []string{"江阴市", "梁溪区"}) {
			t.Errorf("unit columns = %q", got)
		}
		// Each row leads with the code's Chinese meaning; the code itself is last.
		vc := xlRowOf(t, rows, 5, "value-coerced")
		if vc[0] != evaluator.FindingMeaning("value-coerced", evaluator.DefaultUnitNoun) || vc[1] != "警告" || vc[2] != "2" || vc[3] != "1" || vc[4] != "1" {
			t.Errorf("value-coerced = %q", vc)
		}
		cl := xlRowOf(t, rows, 5, "change-large")
		if cl[0] != "与上年相比变化超过50%" || cl[2] != "1" || cl[3] != "1" || cl[4] != "0" {
			t.Errorf("change-large = %q", cl)
		}
		for _, r := range rows[h+1:] {
			if len(r) > 0 && strings.Contains(r[0], "-") {
				t.Errorf("a raw code leads a row: %q", r)
			}
		}
	})

	t.Run(SheetExplanation, func(t *testing.T) {
		rows := rowsOf(SheetExplanation)
		text := xlJoinRows(rows)
		for _, want := range []string{"2026年3月1日", "xlsx-test", "2025.1", "填报表", "统计局", "汇总表", res.Inputs[0].SHA256, res.Inputs[1].SHA256,
			"核查后按实际在用基站数核减", "5000 → 4800", "标准化", "优秀（90分及以上）"} {
			if !strings.Contains(text, want) {
				t.Errorf("说明 lacks %q", want)
			}
		}
		for _, name := range []string{"jiangyin.xlsx", "values-2025.csv"} {
			if strings.Contains(text, name) {
				t.Errorf("说明 names the input file %s (inputs are named by unit and role)", name)
			}
		}
	})

	t.Run("dimension", func(t *testing.T) {
		for _, s := range XLSXSheets {
			dim, err := f.GetSheetDimension(s)
			if err != nil || !strings.Contains(dim, ":") {
				t.Errorf("%s: dimension %q (%v)", s, dim, err)
			}
		}
	})
}

func xlRowIndex(rows [][]string, col int, name string) int {
	for i, r := range rows {
		if len(r) > col && r[col] == name {
			return i + 1
		}
	}
	return 0
}

func xlJoinRows(rows [][]string) string {
	var sb strings.Builder
	for _, r := range rows {
		sb.WriteString(strings.Join(r, "\t"))
		sb.WriteString("\n")
	}
	return sb.String()
}

// xlAllText is every cell, comment and header/footer text of every sheet.
func xlAllText(t *testing.T, f *excelize.File) string {
	t.Helper()
	var sb strings.Builder
	for _, s := range f.GetSheetList() {
		rows, err := f.GetRows(s)
		if err != nil {
			t.Fatal(err)
		}
		sb.WriteString(xlJoinRows(rows))
		cs, _ := f.GetComments(s)
		for _, c := range cs {
			for _, p := range c.Paragraph {
				sb.WriteString(p.Text)
			}
			sb.WriteString(c.Text + "\n")
		}
	}
	return sb.String()
}

func TestRenderXLSXNoPrivateText(t *testing.T) {
	fw := xlFixtureFramework(t)
	data := xlRender(t, fw, xlFixtureResults(), ReportOptions{Date: "2026-03-01", Findings: xlFixtureFindings()})
	all := xlAllText(t, xlOpen(t, data))
	for _, s := range xlSecrets {
		if strings.Contains(all, s) {
			t.Errorf("the workbook contains %q", s)
		}
	}
	if strings.Contains(all, "情况说明") {
		t.Errorf("the free-text field 情况说明 is listed")
	}
}

func TestRenderXLSXFormulaLikeTextStaysText(t *testing.T) {
	fw := xlFixtureFramework(t)
	res := xlFixtureResults()
	name := `=HYPERLINK("http://x","点我")`
	f := xlOpen(t, xlRender(t, fw, res, ReportOptions{Date: "2026-03-01"}))
	for _, sheet := range []string{SheetOverall, SheetGroups, SheetNodes, SheetIndicators, SheetRawData, SheetStability} {
		rows, _ := f.GetRows(sheet)
		found := 0
		for i, r := range rows {
			for j, v := range r {
				if v != name {
					continue
				}
				found++
				cell := xlCellName(j+1, i+1)
				if fm, _ := f.GetCellFormula(sheet, cell); fm != "" {
					t.Errorf("%s!%s is a formula %q", sheet, cell, fm)
				}
				if typ, _ := f.GetCellType(sheet, cell); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
					t.Errorf("%s!%s has type %v, want a string", sheet, cell, typ)
				}
			}
		}
		if found == 0 {
			t.Errorf("%s: unit %q not found", sheet, name)
		}
	}
}

func TestRenderXLSXDeterministic(t *testing.T) {
	fw := xlFixtureFramework(t)
	opt := ReportOptions{Date: "2026-03-01", Draft: true, Sample: true, Findings: xlFixtureFindings()}
	a := xlRender(t, fw, xlFixtureResults(), opt)
	for i := 0; i < 3; i++ {
		b := xlRender(t, fw, xlFixtureResults(), opt)
		if !bytes.Equal(a, b) {
			t.Fatalf("run %d: %d bytes differ from %d bytes", i+2, len(b), len(a))
		}
	}
	opt.Date = "2026-03-02"
	if c := xlRender(t, fw, xlFixtureResults(), opt); bytes.Equal(a, c) {
		t.Errorf("another date gave the same bytes")
	}
}

func TestRenderXLSXDraftAndSampleOnEverySheet(t *testing.T) {
	fw := xlFixtureFramework(t)
	f := xlOpen(t, xlRender(t, fw, xlFixtureResults(), ReportOptions{Date: "2026-03-01", Draft: true, Sample: true}))
	for _, s := range f.GetSheetList() {
		title, err := f.GetCellValue(s, "A1")
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []string{"征求意见稿", "示例数据"} {
			if !strings.Contains(title, m) {
				t.Errorf("%s!A1 = %q lacks %s", s, title, m)
			}
		}
	}
	plain := xlOpen(t, xlRender(t, fw, xlFixtureResults(), ReportOptions{Date: "2026-03-01"}))
	if all := xlAllText(t, plain); strings.Contains(all, "征求意见稿") || strings.Contains(all, "示例数据") {
		t.Errorf("a final workbook carries a draft or sample mark")
	}
}

func TestRenderXLSXPublishGrades(t *testing.T) {
	fw := xlFixtureFramework(t)
	fw.Method.Publish = "grades"
	f := xlOpen(t, xlRender(t, fw, xlFixtureResults(), ReportOptions{Date: "2026-03-01"}))
	rows, _ := f.GetRows(SheetOverall)
	h := xlFindRow(rows, "等级")
	if h == 0 {
		t.Fatalf("no header starting 等级")
	}
	var order []string
	for _, r := range rows[h+1:] {
		order = append(order, r[0]+":"+r[1])
	}
	// By grade, within a grade in framework order (锡山区 before 惠山区 although it scored less).
	want := []string{"优秀:江阴市", "良好:宜兴市", "良好:梁溪区", "合格:锡山区", "合格:惠山区", `合格:=HYPERLINK("http://x","点我")`, "待提升:滨湖区", "未提交:新吴区"}
	if !slices.Equal(order, want) {
		t.Errorf("order = %q, want %q", order, want)
	}
	for _, s := range XLSXSheets {
		rows, _ := f.GetRows(s)
		for i, r := range rows {
			if i == 0 {
				continue // the title
			}
			for _, v := range r {
				if strings.Contains(v, "排名") && !strings.Contains(v, "不公布排名") {
					t.Errorf("%s row %d: %q mentions a rank", s, i+1, v)
				}
			}
		}
	}
}

// TestRenderXLSXLibreOffice converts the workbook to PDF with LibreOffice: every sheet
// must survive the round trip and print. The PNGs are left in DTEVAL_XLSX_OUT to look at.
func TestRenderXLSXLibreOffice(t *testing.T) {
	lo, err := exec.LookPath("libreoffice")
	if err != nil {
		t.Skip("libreoffice not installed: apt-get install libreoffice-calc")
	}
	if testing.Short() {
		t.Skip("slow")
	}
	dir := t.TempDir()
	fw := xlFixtureFramework(t)
	data := xlRender(t, fw, xlFixtureResults(), ReportOptions{Date: "2026-03-01", Draft: true, Findings: xlFixtureFindings()})
	in := filepath.Join(dir, "评估结果.xlsx")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(lo, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	pdf := filepath.Join(dir, "评估结果.pdf")
	st, err := os.Stat(pdf)
	if err != nil || st.Size() == 0 {
		t.Fatalf("no PDF: %v", err)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := string(out)
		for _, s := range XLSXSheets {
			if !strings.Contains(text, s) {
				t.Errorf("the PDF lacks sheet %s", s)
			}
		}
		if n := strings.Count(text, "征求意见稿"); n < len(XLSXSheets) {
			t.Errorf("征求意见稿 printed %d times, want at least once per sheet", n)
		}
	}
	if o := os.Getenv("DTEVAL_XLSX_OUT"); o != "" {
		b, _ := os.ReadFile(pdf)
		os.WriteFile(filepath.Join(o, "评估结果.pdf"), b, 0o644)
	}
}

// TestRenderXLSXStreamedSheetLayout checks what the table sheets carry besides their
// cells (they are written through excelize's StreamWriter, which fixes parts of a
// sheet at set moments): fitted widths, merged and sized header rows, frozen panes,
// the filter, colour scales, notes, relationship ids in the r:id form, and no row
// styles.
func TestRenderXLSXStreamedSheetLayout(t *testing.T) {
	fw := xlFixtureFramework(t)
	data := xlRender(t, fw, xlFixtureResults(), ReportOptions{Date: "2026-03-01", Draft: true, Findings: xlFixtureFindings()})
	f := xlOpen(t, data)
	const sheet = SheetIndicators
	rows, _ := f.GetRows(sheet)
	h := xlFindRow(rows, "地区") // the upper header row
	if h == 0 {
		t.Fatal("no header")
	}
	// Widths: 类别 fitted to 县级市 (3 × 2 + 1.5, rounded up), 单位 to the longest name,
	// 数值 at most 14, 得分 at most 10 (whole numbers: none left at the default 9.140625).
	if w, _ := f.GetColWidth(sheet, "B"); w != 8 {
		t.Errorf("column B width %v, want 8", w)
	}
	if w, _ := f.GetColWidth(sheet, "A"); w < 10 {
		t.Errorf("column A width %v: not fitted to the unit names", w)
	}
	for col, most := range map[string]float64{"C": 14, "D": 10} {
		if w, _ := f.GetColWidth(sheet, col); w > most || w != math.Trunc(w) {
			t.Errorf("column %s width %v, want a fitted width up to %v", col, w, most)
		}
	}
	merges, _ := f.GetMergeCells(sheet)
	var refs []string
	for _, m := range merges {
		refs = append(refs, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	// The title spans the columns of the first printed page (the first print area).
	areas := xlPrintAreas(t, f, sheet)
	if len(areas) < 2 {
		t.Fatalf("print areas %v: the sheet is not split into pages", areas)
	}
	for _, want := range []string{"A1:" + xlCellName(areas[0][2], 1), xlCellName(1, h) + ":" + xlCellName(1, h+1), xlCellName(3, h) + ":" + xlCellName(4, h)} {
		if !slices.Contains(refs, want) {
			t.Errorf("merges %q lack %s", refs, want)
		}
	}
	if ht, _ := f.GetRowHeight(sheet, h); ht < 20 {
		t.Errorf("header row height %v", ht)
	}
	panes, _ := f.GetPanes(sheet)
	if !panes.Freeze || panes.XSplit != 1 || panes.YSplit != h+1 {
		t.Errorf("panes = %+v, want frozen at B%d", panes, h+2)
	}
	cf, _ := f.GetConditionalFormats(sheet)
	if len(cf) == 0 {
		t.Errorf("no colour scale")
	}
	for ref, opts := range cf {
		if len(opts) != 1 || opts[0].Type != "3_color_scale" || !strings.HasSuffix(ref, fmt.Sprint(len(rows))) {
			t.Errorf("conditional format %s = %+v", ref, opts)
		}
	}
	if dim, _ := f.GetSheetDimension(sheet); dim != "A1:"+xlCellName(len(rows[h]), len(rows)) {
		t.Errorf("dimension %s, want A1:%s", dim, xlCellName(len(rows[h]), len(rows)))
	}
	comments, _ := f.GetComments(sheet)
	if len(comments) == 0 {
		t.Errorf("no notes")
	}
	// The stream writer spells the notes' and the chart's relationship with a long
	// namespace prefix; it is written as r:id, like excelize's other parts.
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Contains(b, []byte("customFormat=")) {
			t.Errorf("%s: a row carries a style", zf.Name)
		}
		if bytes.Contains(b, []byte("xmlns:relationships=")) {
			t.Errorf("%s: relationship ids in the long form", zf.Name)
		}
		if (bytes.Contains(b, []byte("<legacyDrawing")) || bytes.Contains(b, []byte("<drawing"))) && !bytes.Contains(b, []byte(` r:id="rId`)) {
			t.Errorf("%s: a drawing without r:id", zf.Name)
		}
	}
}

// The 数值 columns of 指标得分 show the decimals of their field's data: a rate
// entered with one decimal (千兆宽带用户占比: 45, 42.5 …) one, an integer field
// (智能工厂数) none, a value computed by a formula (每万人5G基站数 = stations_5g /
// population) the published 2 — never the 4 of a quotient.
func TestIndicatorDecimals(t *testing.T) {
	fw, res, _ := pdfFixture(t)
	f := excelize.NewFile()
	defer f.Close()
	b, err := newXLBook(f, fw, res, ReportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	units := b.unitOrder()
	for id, want := range map[string]int{"inf_gig": 1, "eco_smart": 0, "inf_5g": 2} {
		if got := b.indicatorDecimals(fw.Node(id), units); got != want {
			t.Errorf("%s: %d decimals, want %d", id, got, want)
		}
	}
}
