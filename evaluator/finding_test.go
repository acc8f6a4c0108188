package evaluator

import "testing"

func TestFindingDetail(t *testing.T) {
	for _, c := range []struct {
		f    Finding
		want string
	}{
		{Finding{Sheet: "数据填报", Cell: "E18", Message: "数据填报!E18「5G基站数」应为 0 到 50000 之间的整数"}, "「5G基站数」应为 0 到 50000 之间的整数"},
		{Finding{Sheet: "数据填报", Cell: "E3", Message: "数据填报!E3年度为「2024」"}, "年度为「2024」"},
		{Finding{Sheet: "数据填报", Cell: "E8", Message: "数据填报!E8: 不是数字"}, "不是数字"},
		{Finding{Sheet: "数据填报", Cell: "E8", Message: "数据填报!E9「常住人口」"}, "数据填报!E9「常住人口」"}, // another cell: kept
		{Finding{Sheet: "数据填报", Cell: "E8", Message: "数据填报!E8"}, "数据填报!E8"},             // nothing else: kept
		{Finding{Message: "缺少统计局报送的数据"}, "缺少统计局报送的数据"},
	} {
		if got := c.f.Detail(); got != c.want {
			t.Errorf("Detail of %q = %q, want %q", c.f.Message, got, c.want)
		}
	}
}
