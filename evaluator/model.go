package evaluator

// Framework is a loaded, checked indicator framework (schema dteval/framework/v1,
// SPEC §4). Load returns it with every default applied and every node resolved,
// so later stages never look at the YAML again.
type Framework struct {
	Schema     string
	ID         string
	Title      string
	Version    string
	Year       int
	Kind       string // FrameworkRanking (the units of the level below, ranked) | FrameworkSelf (本级评估)
	Level      string // free text: who assesses whom, e.g. 市对县级市、区 (shown by dteval frameworks)
	Regulation string // regulation map id, "" for a generic composite index
	Issuer     string
	// Region is the place evaluated (region: 无锡市), printed in the report's title and
	// metadata; "" when the framework does not say.
	Region string
	// UnitNounText is what the units are called (unit_noun: 镇（街道）); see UnitNoun.
	UnitNounText string
	// Organisations are the offices (besides the issuer and the fields' source
	// departments) that may sign an adjustment (adjustments' by): public text.
	Organisations []string
	Units         []Unit
	Fields        []*Field
	Checks        []*Check
	Method        Method
	Index         *Node

	// Source is the file as read; SHA256 its hex digest; Path the name it was loaded from.
	Source []byte
	SHA256 string
	Path   string

	// Warnings are what `dteval check` points out without refusing the file (a
	// geometric group whose child can score 0), in file order.
	Warnings []PosError

	// selfSplit: ValidateAll splits a self-assessment's rows by year (true for a
	// loaded framework of kind self; false in the per-year copies it validates).
	selfSplit bool

	// UsesPrev is true when an indicator reads prev(): scoring then needs last year's results.
	UsesPrev bool

	// Reg is the regulation map named by Regulation (nil without one).
	Reg *Regulation

	fieldByID map[string]*Field
	nodeByID  map[string]*Node
	unitByID  map[string]int
}

// Framework kinds.
const (
	// FrameworkRanking: several units of the level below scored and ranked (the default).
	FrameworkRanking = "ranking"
	// FrameworkSelf: one government assessing itself against its plan targets over
	// the years (本级评估): indicators carry a baseline and a target.
	FrameworkSelf = "self"
)

// Unit is an evaluated district, county-level city or functional zone.
type Unit struct {
	ID    string
	Name  string
	Group string
	Pos   Pos
}

// Field types (SPEC §4).
const (
	TypeNumber  = "number"
	TypeInteger = "integer"
	TypePercent = "percent"
	TypeBoolean = "boolean"
	TypeGrade   = "grade"
	TypeText    = "text"
)

// Field is one input a unit fills in: one row of the submission workbook.
type Field struct {
	ID       string
	Name     string
	Unit     string // 计量单位
	Type     string
	Min, Max *float64
	Required bool
	Evidence bool
	AllowNA  bool
	// FromTable marks a value that arrives in a consolidated table from another
	// department (统计局…): the unit's workbook shows the row but does not ask for it.
	FromTable bool
	Grades    []string
	Source    string
	// Period is the reference period of the value (period: 2025年末), "" when not stated.
	Period string
	Help   string
	Pos    Pos
}

// Check is a cross-field rule evaluated on each submission.
type Check struct {
	Rule    string
	Message string
	Expr    *Expr // a comparison: Expr.Cmp is one of < <= > >= == !=
	Pos     Pos
}

// Method holds the framework-wide defaults of SPEC §4.
type Method struct {
	Normalize   Normalize
	Missing     string // zero | reweight | mean | group-mean
	Treat       string // none | winsorize
	Winsorize   Winsorize
	Aggregate   string // arithmetic | geometric
	Decimals    int
	RankBy      string // total (实得分: index + bonus − penalty, the default) | index
	Publish     string // ranks | grades
	Grades      []GradeBand
	Sensitivity Sensitivity
}

// Winsorize parameters (SPEC §5.3).
type Winsorize struct {
	MaxPoints   int
	Skew        float64
	Kurtosis    float64
	LogFallback bool
}

// GradeBand maps a minimum score to a grade label; bands are in descending order of Min.
// IndexMin, when set, also requires the index score (before bonus and penalty) to reach
// it: 优秀 that bonus points alone cannot buy.
type GradeBand struct {
	Min      float64
	Label    string
	IndexMin *float64
}

// Sensitivity parameters (SPEC §5.7).
type Sensitivity struct {
	Runs         int
	WeightSpread float64
	Alternatives []string
	Seed         uint64
}

// Normalisation methods (SPEC §5.4).
const (
	NormMinmax   = "minmax"
	NormGoalpost = "goalpost"
	NormTarget   = "target"
	NormRank     = "rank"
	NormZscore   = "zscore"
	NormLadder   = "ladder"
	NormBoolean  = "boolean"
	NormGrade    = "grade"
	NormNone     = "none"
	// NormAchievement is set by the loader, never written in a file: an indicator
	// with a baseline and a target is scored by its target achievement (SPEC §5.4,
	// kind: self), Lo the baseline value and Hi the target value.
	NormAchievement = "achievement"
)

// Normalize is a normalisation method with its parameters. Parameters that do not
// apply to the method are zero.
type Normalize struct {
	Method string
	Lo     float64 // minmax: floor score (default 0); goalpost: lower goalpost
	Hi     float64 // goalpost: upper goalpost
	Log    bool    // goalpost: log10 scale
	Target float64 // target
	Mean   float64 // zscore (default 50)
	SD     float64 // zscore (default 10)
	Steps  []LadderStep
	Scores map[string]float64 // grade → score
	// ScoreOrder lists the grade keys of Scores in file order.
	ScoreOrder []string
	// ScorePos holds where each grade key of Scores is written (zero when unknown).
	ScorePos map[string]Pos
}

// LadderStep is one step of a ladder: with direction higher the first step whose
// Min the value reaches; with direction lower the first whose Max it does not exceed.
type LadderStep struct {
	Min, Max float64
	HasMin   bool
	HasMax   bool
	Score    float64
}

// Node kinds.
const (
	KindIndicator = "indicator"
	KindGroup     = "group"
	KindBonus     = "bonus"
	KindPenalty   = "penalty"
	KindVeto      = "veto"
)

// Ranking bases (method.rank_by, SPEC §5.6).
const (
	RankByTotal = "total"
	RankByIndex = "index"
)

// Node is a node of the index tree: a group (with Children) or an indicator (a leaf).
// Bonus and penalty groups have Kind KindBonus / KindPenalty; their children are
// indicators with PointsEach and Cap. Veto groups have Kind KindVeto; their children
// are indicators with GradeCap.
type Node struct {
	ID         string
	Name       string
	Kind       string
	Chapter    int // 0 when not set (inherited values are in EffChapter)
	Article    int
	Weight     float64
	Cap        *float64 // bonus/penalty group or child cap
	PointsEach float64
	// GradeCap is, on an item of a veto group (kind: veto), the highest grade label a
	// unit may get when the item's value is 是 (any value above 0).
	GradeCap string
	Children []*Node

	// Indicator-only.
	Value     string // the expression text; "" means the field of the same id
	Expr      *Expr
	Unit      string
	Direction string // higher | lower
	Normalize Normalize
	Treat     string
	// Baseline and Target (kind: self): the value in the plan's base year and the
	// value planned for the target year. Both set or both nil.
	Baseline *PlanPoint
	Target   *PlanPoint
	Source   string
	Help     string

	// Missing and Aggregate are resolved: inherited from the nearest ancestor or the
	// framework's method when not set on the node.
	Missing   string
	Aggregate string
	AppliesTo []string // unit groups or unit ids; nil means every unit

	Parent     *Node
	Depth      int     // root is 0
	EffChapter int     // the chapter of the top-level group this node sits under
	Points     float64 // 分值: 100 × the product of weight shares along the path (0 under bonus/penalty)
	Pos        Pos
	NormPos    Pos // where the indicator's own normalize is written (zero when inherited)
}

// PlanPoint is a value in a year: an indicator's baseline or its target.
type PlanPoint struct {
	Year  int
	Value float64
	// Source names where the value comes from (a plan, a statistical bulletin); a
	// value that could not be verified says so (示例（未经核实）).
	Source string
	Pos    Pos
}

// IsLeaf reports whether n is an indicator.
func (n *Node) IsLeaf() bool { return len(n.Children) == 0 && n.Kind == KindIndicator }

// Pos is a position in a source file, 1-based; zero when unknown.
type Pos struct {
	File string
	Line int
	Col  int
}
