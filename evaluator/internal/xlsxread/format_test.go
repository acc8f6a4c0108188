package xlsxread

import "testing"

func TestIsPercentFormatCode(t *testing.T) {
	cases := []struct {
		code string
		want bool
	}{
		{"0%", true},
		{"0.00%", true},
		{"0.0#%", true},
		{"[Red]0.00%", true},
		{"#,##0.00%;[Red]-#,##0.00%", true},
		{"General", false},
		{"0.00", false},
		{"@", false},
		{`0.00"%"`, false},
		{`0.00\%`, false},
		{"0.00;0.00%", false}, // only the positive section sets the scale
		{`[$-804]0.00%`, true},
		{`0.00_%`, false},
	}
	for _, c := range cases {
		t.Run(c.code, func(t *testing.T) {
			if got := isPercentFormatCode(c.code); got != c.want {
				t.Errorf("isPercentFormatCode(%q) = %v, want %v", c.code, got, c.want)
			}
		})
	}
}
