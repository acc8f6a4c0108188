package templates

import (
	"fmt"
	"io"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
)

// WriteFrameworkList prints the embedded frameworks as `dteval frameworks` shows
// them: one aligned line each (name, id, kind, level, units, year, edition, title),
// the default (named def) marked with *, and how to use a name.
func WriteFrameworkList(w io.Writer, all []evaluator.EmbeddedFramework, def string) {
	rows := [][]string{{"名称", "标识", "类型", "层级", "单位数", "年度", "版本", "标题"}}
	for _, f := range all {
		name, level := f.Name, f.Level
		if name == def {
			name += " *"
		}
		if level == "" {
			level = "-"
		}
		rows = append(rows, []string{name, f.ID, f.Kind, level, fmt.Sprint(len(f.Units)), fmt.Sprint(f.Year), f.Version, f.Title})
	}
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], DisplayWidth(c))
		}
	}
	for _, r := range rows {
		for i := range r[:len(r)-1] {
			r[i] = pad(r[i], widths[i], false)
		}
		fmt.Fprintln(w, strings.Join(r, "  "))
	}
	fmt.Fprintf(w, "\n* 默认指标体系。类型 ranking：对下一级单位评估排名；self：本级对照规划目标自评（本级评估）。\n用法：dteval demo -framework 名称；dteval init -framework 名称 目录\n")
}
