package evaluator

// GradeFor returns the label of the first band whose min the score, rounded to
// decimals with Round (SPEC §5.6), reaches; bands are in descending order of Min.
// A score below every band gets "".
func GradeFor(score float64, bands []GradeBand, decimals int) string {
	r := Round(score, decimals)
	for _, b := range bands {
		if b.Min <= r {
			return b.Label
		}
	}
	return ""
}
