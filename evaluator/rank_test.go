package evaluator

import (
	"slices"
	"testing"
)

func TestRankScores(t *testing.T) {
	tests := []struct {
		name    string
		scores  []float64
		include []bool
		dec     int
		want    []int
	}{
		{"ties at minimum", []float64{90, 80, 80, 70}, nil, 2, []int{1, 2, 2, 4}},
		// 80.004 and 80.001 both show as 80.00: tied; 79.995 rounds half away to 80.00 too
		{"rounded comparison", []float64{80.004, 80.001, 79.995, 79.994}, nil, 2, []int{1, 1, 1, 4}},
		// 59.995 → 60.00 (SPEC §5.6) ties with 60
		{"shortest decimal string", []float64{60, 59.995}, nil, 2, []int{1, 1}},
		{"zero decimals", []float64{85.4, 84.6, 85.5}, nil, 0, []int{2, 2, 1}},
		{"excluded entries get 0", []float64{50, 99, 40}, []bool{true, false, true}, 2, []int{1, 0, 2}},
		{"one unit", []float64{12}, nil, 2, []int{1}},
		{"all equal", []float64{5, 5, 5}, nil, 2, []int{1, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RankScores(tt.scores, tt.include, tt.dec); !slices.Equal(got, tt.want) {
				t.Errorf("ranks = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRankWithinGroups(t *testing.T) {
	scores := []float64{70, 90, 80, 85, 60}
	groups := []string{"区", "县级市", "区", "县级市", "区"}
	// 区: 80 → 1, 70 → 2, 60 → 3; 县级市: 90 → 1, 85 → 2
	want := []int{2, 1, 1, 2, 3}
	if got := RankWithinGroups(scores, nil, groups, 2); !slices.Equal(got, want) {
		t.Errorf("group ranks = %v, want %v", got, want)
	}
}

func TestGradeFor(t *testing.T) {
	bands := []GradeBand{{Min: 90, Label: "优秀"}, {Min: 80, Label: "良好"}, {Min: 60, Label: "合格"}, {Min: 0, Label: "待提升"}}
	tests := []struct {
		score float64
		want  string
	}{
		{90, "优秀"},
		{89.995, "优秀"}, // rounds to 90.00
		{89.994, "良好"},
		{59.995, "合格"}, // 60.00
		{0, "待提升"},
		{-1, ""}, // below every band
	}
	for _, tt := range tests {
		if got := GradeFor(tt.score, bands, 2); got != tt.want {
			t.Errorf("GradeFor(%v) = %q, want %q", tt.score, got, tt.want)
		}
	}
}
