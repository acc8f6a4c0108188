package templates

import (
	"io"
	"text/template"

	"github.com/wuxi-data/dteval/evaluator"
)

var workspaceReadme = template.Must(template.New("readme").Parse(`# {{.Year}} 年度数字化转型评估工作区

本文件夹由 ` + "`dteval init`" + ` 生成，用于 {{.Title}}（{{.ID}} {{.Version}}）的年度评估。

| 文件或文件夹 | 用途 |
|---|---|
| ` + "`{{.Framework}}`" + ` | 本年度指标体系（可编辑；编辑后运行 ` + "`dteval check {{.Framework}}`" + ` 检查） |
| ` + "`templates/`" + ` | 下发给各单位的填报表（第 2 步生成） |
| ` + "`submissions/`" + ` | 收回的各单位填报表，以及其他部门报送的汇总表（.csv / .xlsx） |
| ` + "`previous/results.json`" + ` | 上一年度的 results.json（如有，用于同比） |
| ` + "`adjustments.yaml`" + ` | 核查核减记录（如有） |
| ` + "`out/`" + ` | 评估结果（第 5 步生成） |

## 步骤

1. 检查指标体系：` + "`dteval check {{.Framework}}`" + `
2. 生成填报表：` + "`dteval template -f {{.Framework}} -o templates`" + `，把 ` + "`templates/<单位>.xlsx`" + ` 发给各单位。
3. 各单位填报后可自查：` + "`dteval validate 单位.xlsx`" + `（或使用 ` + "`dteval serve`" + ` 网页），按提示的工作表和单元格修改。
4. 收回的文件放入 ` + "`submissions/`" + `，统一校验：` + "`dteval validate -f {{.Framework}} submissions`" + `
5. 计分并生成报告：
   ` + "`dteval run -f {{.Framework}} -o out -date YYYY-MM-DD{{if .HasPrevious}} -previous previous/results.json{{end}} submissions`" + `
   先加 ` + "`-draft`" + ` 生成征求意见稿，反馈意见处理完毕后再生成正式稿。
6. 公开发布 ` + "`out/评估报告.pdf`、`out/评估结果.xlsx`、`out/评估结果.csv`、`out/results.json`" + `；
   ` + "`out/feedback/`" + ` 下的反馈报告分别发给各单位；` + "`out/internal/`" + ` 仅供内部使用，不得公开。

同样的输入和 ` + "`-date`" + ` 会得到逐字节相同的输出，任何人都可以复核。
`))

// WriteWorkspaceReadme writes the README.md of a yearly workspace (dteval init):
// the folders and the steps of a year's evaluation, for the framework fw copied
// into the workspace as the file named file.
func WriteWorkspaceReadme(w io.Writer, fw *evaluator.Framework, file string) error {
	return workspaceReadme.Execute(w, map[string]any{"Year": fw.Year, "Title": fw.Title, "ID": fw.ID,
		"Version": fw.Version, "Framework": file, "HasPrevious": true})
}
