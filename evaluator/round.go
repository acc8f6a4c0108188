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
	// Fast path: unless x lies within a hair of a rounding boundary (k + ½)·10^-d,
	// rounding its shortest decimal string and rounding the float itself give the
	// same digits (the string is within half an ulp of x), and strconv rounds the
	// float directly. TestFormatFixedFastPath compares the two on millions of values.
	if d <= 6 {
		ax := math.Abs(x)
		if y := ax * pow10s[d]; y < 1e12 {
			if f := y - math.Floor(y); math.Abs(f-0.5) > 1e-9+y*1e-13 {
				s := strconv.FormatFloat(x, 'f', d, 64)
				if s[0] == '-' && strings.Trim(s, "-0.") == "" {
					s = s[1:] // -0.00 → 0.00
				}
				return s
			}
		}
	}
	return formatFixedShortest(x, d)
}

var pow10s = [...]float64{1, 10, 100, 1e3, 1e4, 1e5, 1e6}

// formatFixedShortest is FormatFixed by the definition: the shortest decimal
// string of x, rounded half away from zero at d decimals.
func formatFixedShortest(x float64, d int) string {
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
