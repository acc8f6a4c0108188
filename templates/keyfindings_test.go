package templates

import (
	"strings"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
)

func findingsOf(t *testing.T, fw *evaluator.Framework, res *evaluator.Results) string {
	t.Helper()
	m, err := newReportModel(fw, res, ReportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(m.keyFindings(), "\n")
}

func TestKeyFindings(t *testing.T) {
	fw, res, _ := pdfFixture(t)
	base := findingsOf(t, fw, res)
	if !strings.Contains(base, "参评的8个地区综合得分平均为") || !strings.Contains(base, "最高的是") {
		t.Errorf("fixture findings:\n%s", base)
	}

	t.Run("ties", func(t *testing.T) {
		fw, res, _ := pdfFixture(t)
		top := 0.0
		for _, u := range res.Units {
			top = max(top, u.Score)
		}
		res.Units[0].Score = top
		var names []string
		for _, u := range res.Units {
			if u.Score == top {
				names = append(names, u.Name)
			}
		}
		if len(names) < 2 {
			t.Fatal("no tie made")
		}
		s := findingsOf(t, fw, res)
		want := "最高的是" + strings.Join(names, "、") + "（均为" + evaluator.FormatFixed(top, 2) + "分）"
		if !strings.Contains(s, want) {
			t.Errorf("a tie at the top is not named as one: want %s in\n%s", want, s)
		}
	})

	t.Run("one unit", func(t *testing.T) {
		fw, res, _ := pdfFixture(t)
		res.Units = res.Units[:1]
		res.NotSubmitted = nil
		s := findingsOf(t, fw, res)
		u := res.Units[0]
		if !strings.Contains(s, "本年度仅"+u.Name+"1个地区参加评估，综合得分"+evaluator.FormatFixed(u.Score, 2)+"分") {
			t.Errorf("one unit:\n%s", s)
		}
		for _, bad := range []string{"最高的是", "最低的是", "差距最大", "提高最多", "下降最多", "半数以上"} {
			if strings.Contains(s, bad) {
				t.Errorf("one unit, yet %q:\n%s", bad, s)
			}
		}
	})

	t.Run("all equal", func(t *testing.T) {
		fw, res, _ := pdfFixture(t)
		for i := range res.Units {
			u := &res.Units[i]
			u.Score = 70
			u.Grade = "合格"
			for id, nr := range u.Nodes {
				nr.Score = 70
				u.Nodes[id] = nr
			}
			for id, ir := range u.Indicators {
				ir.Score = 70
				u.Indicators[id] = ir
			}
			if u.Previous != nil {
				z := 0.0
				u.Previous.ScoreChange = &z
			}
		}
		s := findingsOf(t, fw, res)
		for _, want := range []string{"参评的8个地区综合得分相同，均为70.00分。", "得分均持平", "各地区综合得分均不低于60分，没有评估等级为“待提升”的地区。"} {
			if !strings.Contains(s, want) {
				t.Errorf("all equal: want %q in\n%s", want, s)
			}
		}
		for _, bad := range []string{"最高的是", "差距最大", "提高最多", "下降最多", "半数以上"} {
			if strings.Contains(s, bad) {
				t.Errorf("all equal, yet %q:\n%s", bad, s)
			}
		}
	})

	t.Run("no previous year", func(t *testing.T) {
		fw, res, _ := pdfFixture(t)
		for i := range res.Units {
			res.Units[i].Previous = nil
		}
		if s := findingsOf(t, fw, res); strings.Contains(s, "上年") {
			t.Errorf("no previous year, yet:\n%s", s)
		}
	})

	t.Run("counts are true", func(t *testing.T) {
		fw, res, _ := pdfFixture(t)
		s := findingsOf(t, fw, res)
		low := 0
		for _, u := range res.Units {
			if u.Grade == "待提升" {
				low++
			}
		}
		up, down := 0, 0
		for _, u := range res.Units {
			if u.Previous != nil && u.Previous.ScoreChange != nil {
				switch r := evaluator.Round(*u.Previous.ScoreChange, 2); {
				case r > 0:
					up++
				case r < 0:
					down++
				}
			}
		}
		if low > 0 && !strings.Contains(s, itoa(low)+"个地区评估等级为“待提升”") {
			t.Errorf("%d units below the pass line, findings say:\n%s", low, s)
		}
		if up > 0 && !strings.Contains(s, itoa(up)+"个地区得分提高") || down > 0 && !strings.Contains(s, itoa(down)+"个地区得分下降") {
			t.Errorf("%d up, %d down; findings say:\n%s", up, down, s)
		}
	})

	t.Run("grades only names no unit by score", func(t *testing.T) {
		fw, res, _ := pdfFixture(t)
		fw.Method.Publish = "grades"
		s := findingsOf(t, fw, res)
		for _, bad := range []string{"最高的是", "最低的是", "提高最多", "下降最多"} {
			if strings.Contains(s, bad) {
				t.Errorf("publish: grades, yet %q:\n%s", bad, s)
			}
		}
	})
}
