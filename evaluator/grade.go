package evaluator

// GradeForUnit returns the grade of a unit with the total score and the index score:
// the first band whose min the total reaches and whose index_min (when set) the index
// reaches, both rounded to decimals with Round (SPEC §5.6).
func GradeForUnit(total, index float64, bands []GradeBand, decimals int) string {
	r, ri := Round(total, decimals), Round(index, decimals)
	for _, b := range bands {
		if b.Min <= r && (b.IndexMin == nil || *b.IndexMin <= ri) {
			return b.Label
		}
	}
	return ""
}

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
