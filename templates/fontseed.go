package templates

// feedbackSeedText holds every character outside Latin-1 that appears in a string
// literal of this package, so that the labels the renderers draw are in the
// feedback font subsets from the start (a missing one costs every feedback PDF a
// second build). TestFeedbackSeedText keeps it complete.
const feedbackSeedText = "–—□‘’“”…‰℃↑→↓−≤≥─　、。〈〉《》「」『』【】〔〕一七万三上下不与且个中为义之乘九也了予二于五交人仅仍从他代" +
	"以件任优估似位低住佐体何余作使例供依保信修值偏允元先入全八公六共其具内再写况准减几出分划列则删判别到制刻前剔加动化区十千" +
	"升单占卡即原县参及反发取受变口另只可号各合同名后向否含告员和响四因围图在地址均坏型域基填增处备复外多大失头好如始子字存宋" +
	"完定实审容宽密对封将小少尺尾峰嵌工左差已市布带常平年并序应度建开异式弱强当录影征径得必忽态性总息情意感成或截所扣扰批把护" +
	"报担拉拟择持指按损换据排接推提插改放故敏数整文料斜断新方无日旨时明映是显更替最月有期未末本术机权材条来板极构析果某查标校" +
	"核格梯检概槛模橙次款正此步段每比水求汇法注洛浅源满演点然照版特状现理生用由电留略疑百的盖目直相真知码确示离种积称程稳稿空" +
	"窄章端符第等算类精系红级线组织经结绝统综绿编缩缺网置考者而联能自至致色范蒙虑虚行补表被要覆见规角警计认议记许设证评识话该" +
	"误说请读调质赋起超越足距转较辑输达过运进送适逆选逐逗通逻部配采重量错门问间阶附际降限除随零需非面页项顺须领题颜馈验高黄黑" +
	"默齐！（），／：；＝？｜～"
