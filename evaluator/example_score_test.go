package evaluator_test

import (
	"fmt"

	"github.com/wuxi-data/dteval/evaluator"
)

func ExampleScore() {
	fw, err := evaluator.LoadBytes("example.yaml", []byte(`schema: dteval/framework/v1
id: example
title: 示例指标体系
year: 2025
units:
  - {id: a, name: 甲区, group: 区}
  - {id: b, name: 乙区, group: 区}
fields:
  - {id: stations, name: 5G基站数, type: number}
  - {id: online, name: 全程网办率, type: percent}
method:
  sensitivity: {runs: 0}
index:
  id: dti
  name: 指数
  children:
    - {id: stations, name: 5G基站数, weight: 3, normalize: minmax}
    - {id: online, name: 全程网办率, normalize: {method: target, target: 90}}
`))
	if err != nil {
		panic(err)
	}
	ds := &evaluator.Dataset{Year: 2025, Units: map[string]map[string]evaluator.Value{
		"a": {"stations": {Num: 120}, "online": {Num: 45}},
		"b": {"stations": {Num: 80}, "online": {Num: 95}},
	}}
	res, err := evaluator.Score(fw, ds, evaluator.ScoreOptions{Date: "2026-03-01"})
	if err != nil {
		panic(err)
	}
	// a: (3·100 + 50)/4 = 87.5; b: (3·0 + 100)/4 = 25
	for _, u := range res.Units {
		fmt.Println(u.Name, evaluator.FormatFixed(u.Score, 2), u.Rank, u.Grade)
	}
	// Output:
	// 甲区 87.50 1 良好
	// 乙区 25.00 2 待提升
}
