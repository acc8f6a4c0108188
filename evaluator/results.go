package evaluator

// ResultsSchema is the schema id of results.json.
const ResultsSchema = "dteval/results/v1"

// Results is the content of results.json (SPEC §6): full precision, no rounding.
type Results struct {
	Schema    string       `json:"schema"`
	Framework FrameworkRef `json:"framework"`
	Year      int          `json:"year"`
	Kind      string       `json:"kind,omitempty"` // "self" for a self-assessment (本级评估); absent for a ranking
	Date      string       `json:"date"`
	Tool      ToolRef      `json:"tool"`
	// Draft is true for a -draft run (征求意见稿): the results are not final, and
	// -previous refuses them (CheckPrevious).
	Draft        bool                `json:"draft"`
	Inputs       []Input             `json:"inputs"`
	Units        []UnitResult        `json:"units"`
	NotSubmitted []string            `json:"not_submitted"` // unit ids that submitted nothing (未提交)
	Adjustments  []Adjustment        `json:"adjustments"`
	Sensitivity  *SensitivitySummary `json:"sensitivity"`
	Findings     FindingCounts       `json:"findings"`

	// AllFindings are the findings counted in Findings, in full: written to
	// internal/findings.json, never to the public results.json.
	AllFindings Findings `json:"-"`

	// SourceSHA256 is the SHA-256 of the file the results were read from
	// (ReadResultsFile; "" otherwise): how a later run names it among its inputs.
	SourceSHA256 string `json:"-"`
}

// FrameworkRef identifies the framework a result was computed with.
type FrameworkRef struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	Title   string `json:"title"`
	SHA256  string `json:"sha256"`
}

// ToolRef names the tool that wrote the results.
type ToolRef struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// UnitResult is one unit's result. Units in Results.Units are in the framework's
// unit order; a unit that submitted nothing is not in Units but in NotSubmitted.
type UnitResult struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Group     string  `json:"group"`
	Score     float64 `json:"score"` // index + bonus − penalty, floored at 0
	Rank      int     `json:"rank"`
	GroupRank int     `json:"group_rank"`
	Grade     string  `json:"grade"`
	// Vetoes are the ids of the veto items (kind: veto) that apply to the unit, in
	// tree order; UncappedGrade is the grade its score alone would give when a veto
	// lowered it.
	Vetoes        []string                   `json:"vetoes,omitempty"`
	UncappedGrade string                     `json:"uncapped_grade,omitempty"`
	Nodes         map[string]NodeResult      `json:"nodes"`
	Indicators    map[string]IndicatorResult `json:"indicators"`
	Fields        map[string]any             `json:"fields"` // float64 or string (是/否, grade, text, 不适用)
	Bonus         float64                    `json:"bonus"`
	Penalty       float64                    `json:"penalty"`
	Sensitivity   *UnitSensitivity           `json:"sensitivity"`
	Previous      *PreviousResult            `json:"previous"`
	// Series (kind self): the index and group scores of every year of the plan
	// period that has data, oldest first.
	Series []UnitYear `json:"series,omitempty"`
}

// UnitYear is a unit's index score and group scores in one year (kind self).
type UnitYear struct {
	Year  int                `json:"year"`
	Score float64            `json:"score"`
	Nodes map[string]float64 `json:"nodes"`
}

// PlanValue is an indicator's baseline or target in results.json (kind self).
type PlanValue struct {
	Year   int     `json:"year"`
	Value  float64 `json:"value"`
	Source string  `json:"source,omitempty"`
}

// SeriesPoint is an indicator's value in one year of the plan period (kind self);
// Value, Achievement and Score are null in a year without a value.
type SeriesPoint struct {
	Year        int      `json:"year"`
	Value       *float64 `json:"value"`
	Achievement *float64 `json:"achievement"`
	Score       *float64 `json:"score"`
	Status      string   `json:"status,omitempty"`
}

// NodeResult is a group node's score and rank for one unit. NA is true when the node
// is not applicable to the unit (不适用): Score and Rank are then zero and meaningless.
type NodeResult struct {
	Score     float64 `json:"score"`
	Rank      int     `json:"rank"`
	GroupRank int     `json:"group_rank"`
	NA        bool    `json:"na,omitempty"`
	Dropped   bool    `json:"dropped,omitempty"` // every child missing under reweight: left out like 不适用
}

// IndicatorResult is one indicator of one unit (SPEC §6). Raw and Value are nil when missing.
type IndicatorResult struct {
	Raw     *float64 `json:"raw"`
	Value   *float64 `json:"value"`
	Score   float64  `json:"score"` // bonus/penalty children: the capped points
	Rank    int      `json:"rank"`
	Missing bool     `json:"missing"`
	Imputed bool     `json:"imputed"`
	Treated bool     `json:"treated"`
	NA      bool     `json:"na,omitempty"`      // 不适用: left out and reweighted, shown as 「不适用」
	Dropped bool     `json:"dropped,omitempty"` // missing under the reweight policy
	Text    string   `json:"text,omitempty"`    // boolean/grade inputs: the value as given (是/否, A…)
	// Error is the code of the error finding whose value was dropped (剔除（数据有误）,
	// -allow-errors): the indicator is missing because a value it reads was faulty.
	Error string `json:"error,omitempty"`
	// Kind self: the plan's baseline and target, the evaluated year's achievement
	// (a = (x − b)/(T − b), not clipped) and status (met | on-track | behind), and
	// the value of every year of the plan period up to the evaluated one.
	Baseline    *PlanValue    `json:"baseline,omitempty"`
	Target      *PlanValue    `json:"target,omitempty"`
	Achievement *float64      `json:"achievement,omitempty"`
	Status      string        `json:"status,omitempty"`
	Series      []SeriesPoint `json:"series,omitempty"`
}

// UnitSensitivity is a unit's rank distribution over the Monte Carlo runs.
type UnitSensitivity struct {
	NominalRank int `json:"nominal_rank"`
	MedianRank  int `json:"median_rank"`
	P05         int `json:"p05"`
	P95         int `json:"p95"`
}

// SensitivitySummary describes the Monte Carlo run as a whole.
type SensitivitySummary struct {
	Runs             int      `json:"runs"`
	Seed             uint64   `json:"seed"`
	WeightSpread     float64  `json:"weight_spread"`
	Alternatives     []string `json:"alternatives"`
	MeanAbsRankShift float64  `json:"mean_abs_rank_shift"`
}

// PreviousResult compares a unit with last year (SPEC §5.8). Comparable values are
// nil when they cannot be computed; Reason says why.
type PreviousResult struct {
	Score           float64  `json:"score"`
	Rank            int      `json:"rank"`
	Grade           string   `json:"grade,omitempty"`
	ComparableScore *float64 `json:"comparable_score"`
	ComparableRank  *int     `json:"comparable_rank"`
	ScoreChange     *float64 `json:"score_change"`
	RankChange      *int     `json:"rank_change"` // positive: moved up (comparable rank − rank)
	Reason          string   `json:"reason,omitempty"`
	// Nodes: group id → last year's comparable (同口径) score of the group, for the
	// groups none of whose fields is absent from last year's results.
	Nodes map[string]float64 `json:"nodes,omitempty"`
	// Indicators: indicator id → last year's value under this year's definition
	// (last year's fields through this year's formula), as `fields` holds values:
	// a number, a text (是/否, a grade), 不适用, or null when there is no value to
	// compare with — NotComparable then says why (PrevMissing, PrevFaulty, PrevEdition).
	Indicators    map[string]any    `json:"indicators,omitempty"`
	NotComparable map[string]string `json:"not_comparable,omitempty"`
}

// Why last year's value of an indicator is not compared (PreviousResult.NotComparable).
const (
	PrevMissing = "missing" // not given last year (未填报)
	PrevFaulty  = "faulty"  // given, but dropped last year as faulty (数据有误，已剔除)
	PrevEdition = "edition" // a field it reads is not in last year's results, or of another type: last year's edition did not collect it the same way
)

// FindingCounts are the public counts of findings (the findings themselves are
// written to internal/findings.json).
type FindingCounts struct {
	Error   int            `json:"error"`
	Warning int            `json:"warning"`
	ByCode  map[string]int `json:"by_code"`
}
