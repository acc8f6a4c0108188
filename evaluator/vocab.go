package evaluator

import "strings"

// The one vocabulary: every Chinese name of a method, direction, score, change and
// role that a user reads, in one place. The PDF and XLSX reports, the CSV, `check`,
// `serve` and the README use these and nothing else; TestVocabulary (cmd/dteval)
// renders the demo and checks that none of the Avoid spellings appears in any output.
// A new user-visible term goes here, with the spellings it replaces under Avoid.

// Names of scores, items and roles.
const (
	WordTotal         = "综合得分" // index score + bonus − penalty; what grades go by
	WordIndexScore    = "指数得分" // the index tree's score before bonus and penalty
	WordChapterScore  = "领域得分"
	WordScore         = "得分"
	WordBonus         = "加分"
	WordPenalty       = "扣分"
	WordBonusItem     = "加分项"
	WordPenaltyItem   = "扣分项"
	WordChapter       = "领域"
	WordIndicator     = "指标"
	WordRank          = "排名"
	WordGroupRank     = "组内排名"
	WordGrade         = "等级"
	WordGroup         = "类别"
	WordValue         = "数值"
	WordMeasureUnit   = "计量单位"
	WordCityMean      = "全市平均"
	WordCityBest      = "全市最好"
	WordStrong        = "较强指标"
	WordWeak          = "较弱指标"
	WordNA            = "不适用"
	WordNotFilled     = "未填报"
	WordNotScored     = "未计分"
	WordNoComparable  = "—" // no comparable figure (a change that cannot be computed)
	WordUnchanged     = "持平"
	WordLastYear      = "上年"  // last year's value (同口径: under this year's definition)
	WordChange        = "较上年" // this year's value minus last year's
	WordNotComparable = "不可比" // last year's value exists in name only: never compared (PrevReasonName says why)
	WordIssuer        = "发布单位"
	WordDraft         = "征求意见稿"
	WordDemo          = "示例数据"
	WordDirection     = "方向"
	WordMethod        = "标准化方法"
	WordWeight        = "权重"
	WordPoints        = "分值"
	WordPerItem       = "按项计分" // how bonus and penalty items score: points each, capped
	WordSource        = "数据来源"
	WordPeriod        = "数据时期"
	WordVeto          = "否决事项" // kind: veto items: a 是 caps the grade, whatever the score
	WordVetoNone      = "无"    // no veto applies to the unit
	// kind self (本级评估)
	WordBaseline    = "基期值"
	WordTargetValue = "目标值"
	WordAchievement = "完成度"   // (x − b)/(T − b), shown as a percentage
	WordOverall     = "总体完成度" // the index of a self-assessment
	WordSelfAssess  = "本级评估"
	WordUnverified  = "示例（未经核实）"
	WordNoData      = "无数据"
	// WordFaulty is how every output names a value dropped by DropFaulty (faulty.go):
	// it carried an error finding and went through the missing rule.
	WordFaulty = "剔除（数据有误）"
	// DefaultUnitNoun is what the evaluated units are called when the framework
	// does not say (unit_noun): 地区. A town-level framework says 镇（街道）.
	DefaultUnitNoun = "地区"
)

// Names of directions.
const (
	WordHigher = "正向"
	WordLower  = "逆向"
)

// Term is one concept in the vocabulary: its one name and the spellings of the
// same concept that must not appear in any output.
type Term struct {
	Key   string
	Name  string
	Avoid []string
}

// Vocabulary is the table the vocabulary test checks every output against.
// Spellings under Avoid were in use somewhere before the vocabulary existed.
var Vocabulary = []Term{
	{"total", WordTotal, []string{"总得分", "总分"}},
	{"index", WordIndexScore, []string{"总指数得分"}},
	{"penalty", WordPenalty, []string{"减分"}},
	{"penalty-item", WordPenaltyItem, []string{"减分项"}},
	{"veto", WordVeto, []string{"否决项"}},
	{"bonus-penalty", WordBonusItem + "和" + WordPenaltyItem, []string{"加减分指标", "加减分项", "加减分"}},
	{"city-mean", WordCityMean, []string{"全市均值"}},
	{"unchanged", WordUnchanged, nil},
	{"weak", WordWeak, nil},
	{"strong", WordStrong, nil},
	{"issuer", WordIssuer, []string{"编制机关"}},
	{"higher", WordHigher, nil},
	{"lower", WordLower, nil},
	{"minmax", methodNames[NormMinmax], []string{"极差标准化"}},
	{"goalpost", methodNames[NormGoalpost], []string{"目标值区间法"}},
	{"target", methodNames[NormTarget], []string{"目标达成率"}},
	{"rank", methodNames[NormRank], []string{"排序法"}},
	{"zscore", methodNames[NormZscore], []string{"Z分数法", "标准分法"}},
	{"ladder", methodNames[NormLadder], []string{"阶梯计分"}},
	{"boolean", methodNames[NormBoolean], []string{"是否判断"}},
	{"grade", methodNames[NormGrade], nil},
	{"outlier", "中位数", []string{"稳健z值", "稳健 z 值"}}, // statistics jargon a clerk cannot act on
	{"per-item", WordPerItem, []string{"计数赋分"}},
	{"none", methodNames[NormNone], []string{"直接计分", "直接取值", "原值（百分制）"}},
	{"achievement", methodNames[NormAchievement], nil},
	{"status-met", StatusNames[StatusMet], nil},
	{"status-on-track", StatusNames[StatusOnTrack], nil},
	{"status-behind", StatusNames[StatusBehind], nil},
	{"baseline", WordBaseline, nil},
	{"target-value", WordTargetValue, nil},
	{"arithmetic", aggregateNames["arithmetic"], nil},
	{"geometric", aggregateNames["geometric"], nil},
	{"faulty", WordFaulty, []string{"剔除(数据有误)", "数据有误剔除"}},
}

// FindingCode is one finding code with its meaning in a clerk's words ({U} stands
// for the framework's unit_noun) and its usual severity (a code such as
// value-percent-scale can be either).
type FindingCode struct {
	Code, Meaning, Severity string
}

// FindingCodes gives every finding code its one meaning: the XLSX 数据质量 sheet,
// the annotated copies' 检查结果 sheet, `serve` and docs/findings.md all say what a
// code means with these words (TestFindingCodesOneMeaning).
var FindingCodes = []FindingCode{
	{CodeFileUnreadable, "文件无法读取（格式不符、损坏、加密或超过大小限制）", SevError},
	{CodeTemplateMismatch, "填报表不是本次评估下发的模板", SevError},
	{CodeTemplateOutdated, "填报表是本指标体系的旧版模板", SevError},
	{CodeUnitUnknown, "{U}不在评估名单中", SevError},
	{CodeUnitMismatch, "表内的{U}与文件名或下发时的{U}不一致", SevError},
	{CodeUnitDuplicate, "同一{U}重复报送", SevError},
	{CodeUnitMissing, "有{U}未报送", SevError},
	{CodeYearMismatch, "年度不符", SevError},
	{CodeSourceMissing, "缺少某一部门报送的数据表", SevError},
	{CodeRowMissing, "部门汇总表中缺少某一{U}的行", SevError},
	{CodeFieldMissing, "缺少填报项", SevError},
	{CodeFieldDuplicate, "填报项重复", SevError},
	{CodeFieldConflict, "同一填报项在不同文件中取值不一致", SevError},
	{CodeFieldUnknown, "多出的填报项（已忽略）", SevWarning},
	{CodeValueRequired, "必填项未填写", SevError},
	{CodeValueNotNumber, "应填数字，所填不是数字", SevError},
	{CodeValueNotInteger, "应填整数，所填带小数", SevError},
	{CodeValueOutOfRange, "数值超出允许范围", SevError},
	{CodeValueBadChoice, "不是允许的选项", SevError},
	{CodeValuePercentScale, "百分比疑似按小数填写", SevWarning},
	{CodeValueCoerced, "数值经规范化后读取（如文本型数字、全角数字）", SevWarning},
	{CodeValueFormulaError, "公式出错或没有计算结果", SevError},
	{CodeEvidenceMissing, "缺少佐证材料", SevError},
	{CodeCheckFailed, "未通过逻辑校验", SevError},
	{CodeChangeLarge, "与上年相比变化超过50%", SevWarning},
	{CodeValueOutlier, "数值明显偏离其他{U}", SevWarning},
	{CodeDivisionByZero, "计算中出现除以零，按缺失处理", SevWarning},
	{CodeNotFinite, "计算结果不是有限数（无穷大或非数）", SevWarning},
	{CodeNoSpread, "各{U}取值相同，该指标不区分高低", SevWarning},
	{CodeZeroGeometric, "某项得分为0，所在几何平均组得分为0", SevWarning},
	{CodeImputeFallback, "同类别无可用值，改用全市平均值补齐", SevWarning},
	{CodeValueClipped, "数值超出0–100，已截取", SevWarning},
	{CodeGradeUnknown, "等级不在该指标的等级表中，按缺失处理", SevWarning},
}

// FindingMeaning is the meaning of a finding code (FindingCodes), the units called
// unitNoun (Framework.UnitNoun); a code this engine does not know (a newer
// engine's) is 其他问题, never the bare code.
func FindingMeaning(code, unitNoun string) string {
	for _, c := range FindingCodes {
		if c.Code == code {
			return strings.ReplaceAll(c.Meaning, "{U}", unitNoun)
		}
	}
	return "其他问题"
}

// FindingSeverity is the usual severity of a finding code (error when unknown).
func FindingSeverity(code string) string {
	for _, c := range FindingCodes {
		if c.Code == code {
			return c.Severity
		}
	}
	return SevError
}

var methodNames = map[string]string{
	NormMinmax:   "极差法",
	NormGoalpost: "门槛值法",
	NormTarget:   "目标值法",
	NormRank:     "位次法",
	NormZscore:   "标准分数法",
	NormLadder:   "阶梯赋分",
	NormBoolean:  "是否判定",
	NormGrade:    "等级赋分",
	NormNone:     "原值计分",
	// kind self: set from baseline and target, never written as a method
	NormAchievement: "目标完成度",
}

var aggregateNames = map[string]string{
	"arithmetic": "加权算术平均",
	"geometric":  "加权几何平均",
}

var missingNames = map[string]string{
	"zero":       "未填报计0分",
	"reweight":   "剔除后由同级指标分担权重",
	"mean":       "以全市平均值补齐",
	"group-mean": "以同类别平均值补齐",
}

var prevReasonNames = map[string]string{
	PrevMissing: "上年未填报",
	PrevFaulty:  "上年数据经核查有误，已剔除",
	PrevEdition: "上年指标体系未采集该数据或口径不同",
}

// PrevReasonName says in Chinese why last year's value of an indicator is not
// compared (PreviousResult.NotComparable: missing, faulty, edition).
func PrevReasonName(code string) string {
	if s, ok := prevReasonNames[code]; ok {
		return s
	}
	return "上年数据不可比"
}

// MissingName is the short Chinese name of a missing-value policy.
func MissingName(policy string) string {
	if s, ok := missingNames[policy]; ok {
		return s
	}
	return policy
}

// MethodName is the Chinese name of a normalisation method (the method id when unknown).
func MethodName(method string) string {
	if s, ok := methodNames[method]; ok {
		return s
	}
	return method
}

// AggregateName is the Chinese name of an aggregation (加权算术平均, 加权几何平均).
func AggregateName(agg string) string {
	if s, ok := aggregateNames[agg]; ok {
		return s
	}
	return agg
}

// DirectionName is 正向 or 逆向.
func DirectionName(dir string) string {
	if dir == "lower" {
		return WordLower
	}
	return WordHigher
}

// KindName is the name of a bonus, penalty or veto group ("" for ordinary groups).
func KindName(kind string) string {
	switch kind {
	case KindBonus:
		return WordBonusItem
	case KindPenalty:
		return WordPenaltyItem
	case KindVeto:
		return WordVeto
	}
	return ""
}

// ScoreChangeText writes a change of score with its sign: +1.20, −0.35, 0.00
// (U+2212 minus; no arrow: arrows are for ranks).
func ScoreChangeText(x float64, decimals int) string {
	s := FormatFixed(x, decimals)
	switch {
	case len(s) > 0 && s[0] == '-':
		if isZeroText(s[1:]) {
			return s[1:]
		}
		return "−" + s[1:]
	case isZeroText(s):
		return s
	}
	return "+" + s
}

// ScoreChangeNumFmt is the spreadsheet number format that shows a change of score as
// ScoreChangeText does.
func ScoreChangeNumFmt(decimals int) string {
	f := "0"
	if decimals > 0 {
		f += "."
		for i := 0; i < decimals; i++ {
			f += "0"
		}
	}
	return `"+"` + f + `;"−"` + f + `;` + f
}

// RankChangeText writes a change of rank (positive: moved up): ↑2, ↓1, 持平.
func RankChangeText(c int) string {
	switch {
	case c > 0:
		return "↑" + itoa(c)
	case c < 0:
		return "↓" + itoa(-c)
	}
	return WordUnchanged
}

// RankChangeNumFmt is the spreadsheet number format that shows a change of rank as
// RankChangeText does.
const RankChangeNumFmt = `"↑"0;"↓"0;"` + WordUnchanged + `"`

func isZeroText(s string) bool {
	for _, r := range s {
		if r != '0' && r != '.' {
			return false
		}
	}
	return true
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// UnitNoun is what the framework calls its evaluated units (unit_noun; 地区 by default).
func (fw *Framework) UnitNoun() string {
	if fw != nil && fw.UnitNounText != "" {
		return fw.UnitNounText
	}
	return DefaultUnitNoun
}
