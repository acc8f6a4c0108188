package templates

import (
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
)

func TestIndexMinSentence(t *testing.T) {
	fw, err := evaluator.LoadBytes("t.yaml", []byte(`schema: dteval/framework/v1
id: t
title: 测试
year: 2025
units: [{id: a, name: 甲}]
fields: [{id: x, name: X, type: number}]
method:
  grades: [{min: 90, label: 优秀, index_min: 90}, {min: 80, label: 良好}, {min: 0, label: 合格}]
index: {id: dti, name: 指数, children: [{id: x, name: X, normalize: none}]}
`))
	if err != nil {
		t.Fatal(err)
	}
	u := &evaluator.UnitResult{Score: 90.55, Grade: "良好"}
	want := "综合得分达到“优秀”的分数线，但指数得分87.55分未达到90分，未评为“优秀”。"
	if got := IndexMinSentence(fw, u, 87.55); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	for _, c := range []struct {
		score, index float64
		grade        string
	}{{92, 90, "优秀"}, {85, 85, "良好"}, {50, 50, "合格"}} {
		if got := IndexMinSentence(fw, &evaluator.UnitResult{Score: c.score, Grade: c.grade}, c.index); got != "" {
			t.Errorf("%v: %q, want nothing", c, got)
		}
	}
}
