package main

import "testing"

// The demo's 2024 example data move on their own (examplegen.RewritePrior), so
// the demo shows units rising and falling in rank on last year, not 持平 for all;
// and every unit has last year's values in detail.
func TestDemoShowsRankChanges(t *testing.T) {
	_, res := demoResults(t)
	up, down := 0, 0
	for _, u := range res.Units {
		p := u.Previous
		if p == nil || p.RankChange == nil || len(p.Indicators) == 0 || len(p.Nodes) == 0 {
			t.Fatalf("%s: no comparable previous in detail: %+v", u.ID, p)
		}
		switch {
		case *p.RankChange > 0:
			up++
		case *p.RankChange < 0:
			down++
		}
	}
	if up == 0 || down == 0 {
		t.Errorf("the demo shows %d units up and %d down on last year: want both", up, down)
	}
}
