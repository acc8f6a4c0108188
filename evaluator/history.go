package evaluator

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ReadHistory reads the results.json files of earlier years from dir (-history DIR):
// every *.json directly in it, and results.json one folder down (2023/results.json).
// Files of another framework id, of a year not before fw's, or that are not
// results are reported in skipped (one line each) and left out; two files of the
// same year are an error. The list is oldest first.
func ReadHistory(dir string, fw *Framework) (hist []*Results, skipped []string, err error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("-history %s：%s", dir, FileErrorText(err))
	}
	if !st.IsDir() {
		return nil, nil, fmt.Errorf("-history %s 不是文件夹", dir)
	}
	var paths []string
	top, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	sub, _ := filepath.Glob(filepath.Join(dir, "*", "results.json"))
	paths = append(append(paths, top...), sub...)
	sort.Strings(paths)
	byYear := map[int]string{}
	for _, p := range paths {
		r, err := ReadResultsFile(p)
		switch {
		case err != nil:
			skipped = append(skipped, fmt.Sprintf("%s：%s", p, FileErrorText(err)))
			continue
		case r.Framework.ID != fw.ID:
			skipped = append(skipped, fmt.Sprintf("%s：指标体系 %s，不是 %s", p, r.Framework.ID, fw.ID))
			continue
		case r.Year >= fw.Year:
			skipped = append(skipped, fmt.Sprintf("%s：%d 年度，不早于本年度 %d", p, r.Year, fw.Year))
			continue
		}
		if q, dup := byYear[r.Year]; dup {
			return nil, skipped, fmt.Errorf("-history 中有两份 %d 年度的结果：%s 和 %s", r.Year, q, p)
		}
		byYear[r.Year] = p
		hist = append(hist, r)
	}
	sort.SliceStable(hist, func(i, j int) bool { return hist[i].Year < hist[j].Year })
	return hist, skipped, nil
}

// YearScore is a unit's published score, rank and grade in one year.
type YearScore struct {
	Year  int
	Score float64
	Rank  int
	Grade string
}

// UnitHistory is unit id's score, rank and grade in every year of hist that has it,
// then in cur: its trend over the years, oldest first.
func UnitHistory(id string, hist []*Results, cur *Results) []YearScore {
	var out []YearScore
	for _, r := range append(append([]*Results{}, hist...), cur) {
		if r == nil {
			continue
		}
		for _, u := range r.Units {
			if u.ID == id {
				out = append(out, YearScore{Year: r.Year, Score: u.Score, Rank: u.Rank, Grade: u.Grade})
			}
		}
	}
	return out
}

// HistoryText writes a trend in one line: 2023年 82.10分（第3名）→ 2024年 …; with
// ranks false the grade replaces the rank.
func HistoryText(ys []YearScore, decimals int, ranks bool) string {
	parts := make([]string, 0, len(ys))
	for _, y := range ys {
		s := fmt.Sprintf("%d年 %s分", y.Year, FormatFixed(y.Score, decimals))
		switch {
		case ranks && y.Rank > 0:
			s += fmt.Sprintf("（第%d名）", y.Rank)
		case !ranks && y.Grade != "":
			s += "（" + y.Grade + "）"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " → ")
}
