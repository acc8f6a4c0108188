package templates

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
)

// RenderCSV writes the open-data table 评估结果.csv: UTF-8 with a byte-order mark (so
// that Excel opens it as UTF-8), CRLF line ends, a header row, then one row per unit
// of the framework — scored units in the public order, then the units that submitted
// nothing (状态 未提交).
//
// Columns: unit_id, 地区 (the framework's unit_noun), 类别, 状态, 排名, 组内排名, 综合得分, 等级, 加分, 扣分 (with
// bonus or penalty groups), one column per group node of the index named
// "名称(id)", the index first, and with last year's results 上年得分, 上年排名,
// 同口径上年得分, 得分变化, 排名变化. With publish: grades every rank column is left
// out and units are listed by grade. With opt.Draft or opt.Sample a 发布状态 column
// marks every row 征求意见稿 / 示例数据.
//
// Numbers are written to the framework's decimals with [evaluator.FormatFixed], ranks
// as integers, 「不适用」 for a node that does not apply to the unit.
//
// Formula injection: a text cell (unit name, group, grade …) that starts with
// = + - @, a tab or a carriage return is prefixed with a single quote, so that a
// spreadsheet shows it as text. Number cells are never altered: they are written by
// dteval itself from float64 values, so a negative change such as -3.50 stays a
// number a spreadsheet can compute with.
func RenderCSV(w io.Writer, fw *evaluator.Framework, res *evaluator.Results, opt ReportOptions) error {
	if fw == nil || res == nil {
		return fmt.Errorf("render csv: no framework or results")
	}
	d := fw.Method.Decimals
	grades := fw.Method.Publish == "grades"
	index := map[string]int{}
	for i, u := range fw.Units {
		index[u.ID] = i
	}
	adjusters := len(fw.Adjusters()) > 0
	prev := false
	for _, u := range res.Units {
		if u.Previous != nil {
			prev = true
		}
	}
	var marks []string
	if opt.Draft {
		marks = append(marks, evaluator.WordDraft)
	}
	if opt.Sample {
		marks = append(marks, evaluator.WordDemo)
	}
	nodes := fw.Groups()

	header := []csvCell{csvText("unit_id"), csvText(fw.UnitNoun()), csvText(evaluator.WordGroup), csvText("状态")}
	if !grades {
		header = append(header, csvText("排名"), csvText("组内排名"))
	}
	header = append(header, csvText(evaluator.WordTotal), csvText(evaluator.WordGrade))
	if adjusters {
		header = append(header, csvText(evaluator.WordBonus), csvText(evaluator.WordPenalty))
	}
	vetoes := len(fw.Vetoes()) > 0
	if vetoes {
		header = append(header, csvText(termVeto))
	}
	for _, n := range nodes {
		header = append(header, csvText(n.Name+"("+n.ID+")"))
	}
	if prev {
		header = append(header, csvText("上年得分"))
		if !grades {
			header = append(header, csvText("上年排名"))
		}
		header = append(header, csvText("同口径上年得分"), csvText("得分变化"))
		if !grades {
			header = append(header, csvText("排名变化"))
		}
	}
	if len(marks) > 0 {
		header = append(header, csvText("发布状态"))
	}

	score := func(x float64) csvCell { return csvNumber(evaluator.FormatFixed(x, d)) }
	rank := func(r int) csvCell {
		if r <= 0 {
			return csvText("")
		}
		return csvNumber(strconv.Itoa(r))
	}
	var rows [][]csvCell
	for _, u := range xlOrderUnits(fw, res, grades, index) {
		r := []csvCell{csvText(u.ID), csvText(u.Name), csvText(u.Group), csvText("已评估")}
		if !grades {
			r = append(r, rank(u.Rank), rank(u.GroupRank))
		}
		r = append(r, score(u.Score), csvText(u.Grade))
		if adjusters {
			r = append(r, score(u.Bonus), score(u.Penalty))
		}
		if vetoes {
			v := termVetoNone
			if names := vetoNames(fw, u); len(names) > 0 {
				v = strings.Join(names, "、")
			}
			r = append(r, csvText(v))
		}
		for _, n := range nodes {
			nr, ok := u.Nodes[n.ID]
			switch {
			case !ok:
				r = append(r, csvText(""))
			case nr.NA:
				r = append(r, csvText("不适用"))
			default:
				r = append(r, score(nr.Score))
			}
		}
		if prev {
			p := u.Previous
			if p == nil {
				p = &evaluator.PreviousResult{}
			}
			if u.Previous != nil {
				r = append(r, score(p.Score))
			} else {
				r = append(r, csvText(""))
			}
			if !grades {
				r = append(r, rank(p.Rank))
			}
			if p.ComparableScore != nil {
				r = append(r, score(*p.ComparableScore))
			} else {
				r = append(r, csvText(""))
			}
			if p.ScoreChange != nil {
				r = append(r, score(*p.ScoreChange))
			} else {
				r = append(r, csvText(""))
			}
			if !grades {
				if p.RankChange != nil {
					r = append(r, csvNumber(strconv.Itoa(*p.RankChange)))
				} else {
					r = append(r, csvText(""))
				}
			}
		}
		if len(marks) > 0 {
			r = append(r, csvText(strings.Join(marks, "；")))
		}
		rows = append(rows, r)
	}
	for _, u := range xlNotSubmitted(fw, res) {
		r := make([]csvCell, len(header))
		for i := range r {
			r[i] = csvText("")
		}
		r[0], r[1], r[2], r[3] = csvText(u.ID), csvText(u.Name), csvText(u.Group), csvText("未提交")
		if len(marks) > 0 {
			r[len(r)-1] = csvText(strings.Join(marks, "；"))
		}
		rows = append(rows, r)
	}

	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return fmt.Errorf("render csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	for _, r := range append([][]csvCell{header}, rows...) {
		rec := make([]string, len(r))
		for i, c := range r {
			rec[i] = c.String()
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("render csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("render csv: %w", err)
	}
	return nil
}

// csvCell is one CSV cell: text, which is neutralised against formula injection, or
// a number dteval formatted itself, which is written as is.
type csvCell struct {
	s   string
	num bool
}

func csvText(s string) csvCell   { return csvCell{s: s} }
func csvNumber(s string) csvCell { return csvCell{s: s, num: true} }

// String returns the cell as written.
func (c csvCell) String() string {
	if c.num {
		return c.s
	}
	return CSVNeutralize(c.s)
}

// CSVNeutralize makes a text cell safe to open in a spreadsheet: text starting with
// = + - @, a tab or a carriage return is prefixed with a single quote, so that it is
// shown as text and never evaluated as a formula. Apply it to text, never to numbers.
func CSVNeutralize(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
