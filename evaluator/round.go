package evaluator

import (
	"math"
	"strconv"
	"strings"
)

// Round rounds x to d decimals the one way dteval ever rounds (SPEC §5.6): take the
// shortest decimal string that identifies the float and round that string half away
// from zero, so 59.995 → 60.00 although the float 59.995 is slightly below it.
// Display, rank comparison and grades all use it.
func Round(x float64, d int) float64 {
	v, _ := strconv.ParseFloat(FormatFixed(x, d), 64)
	return v
}

// FormatFixed formats x with exactly d decimals, rounded as Round rounds.
// NaN and infinities are returned as "NaN", "+Inf", "-Inf"; -0 prints as 0.
func FormatFixed(x float64, d int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	if d < 0 {
		d = 0
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	var out string
	if len(frac) <= d {
		out = intPart
		if d > 0 {
			out += "." + frac + strings.Repeat("0", d-len(frac))
		}
	} else {
		digits := []byte(intPart + frac[:d])
		if frac[d] >= '5' { // half away from zero: the magnitude rounds up
			i := len(digits) - 1
			for ; i >= 0; i-- {
				if digits[i] == '9' {
					digits[i] = '0'
					continue
				}
				digits[i]++
				break
			}
			if i < 0 {
				digits = append([]byte{'1'}, digits...)
			}
		}
		n := len(digits) - d
		out = string(digits[:n])
		if d > 0 {
			out += "." + string(digits[n:])
		}
	}
	if neg && strings.Trim(out, "0.") != "" {
		out = "-" + out
	}
	return out
}
