package evaluator

import (
	"math"
	"strings"
	"testing"
)

func TestExprEval(t *testing.T) {
	env := MapEnv{
		Cur:  map[string]float64{"a": 6, "b": 3, "z": 0, "big": 1e308, "pop": 165.4, "st": 5160},
		Last: map[string]float64{"a": 4},
	}
	tests := []struct {
		src  string
		want float64
		st   EvalStatus
	}{
		{"a + b * 2", 12, EvalOK},   // * binds tighter than +
		{"(a + b) * 2", 18, EvalOK}, // parentheses
		{"a - b - 1", 2, EvalOK},    // left associative
		{"a / b / 2", 1, EvalOK},    // left associative
		{"-a + 10", 4, EvalOK},      // unary minus
		{"a / z", 0, EvalDivZero},   // division by zero → missing with a reason
		{"min(a, b) + max(a, b)", 9, EvalOK},
		{"a - prev(a)", 2, EvalOK},      // last year's value
		{"prev(b)", 0, EvalMissing},     // no value last year
		{"a + missing", 0, EvalMissing}, // a missing operand makes the value missing
		{"big * 10", 0, EvalNotFinite},  // overflow
		{"st / pop", 5160 / 165.4, EvalOK},
		{"1.5e2 / 3", 50, EvalOK},
		{"z / z", 0, EvalDivZero},
	}
	for _, tt := range tests {
		e, err := ParseExpr(tt.src)
		if err != nil {
			t.Fatalf("ParseExpr(%q): %v", tt.src, err)
		}
		got, st := e.Eval(env)
		if st != tt.st || (st == EvalOK && math.Abs(got-tt.want) > 1e-12) {
			t.Errorf("%s = %v (status %d), want %v (status %d)", tt.src, got, st, tt.want, tt.st)
		}
	}
}

func TestExprNames(t *testing.T) {
	e, err := ParseExpr("a / b + prev(a) - max(c, a)")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(e.Fields, ",") != "a,b,c" || strings.Join(e.Prev, ",") != "a" {
		t.Errorf("fields %v prev %v", e.Fields, e.Prev)
	}
}

func TestExprRejects(t *testing.T) {
	tests := []struct {
		src    string
		offset int
		msg    string
	}{
		{"", 0, "表达式为空"},
		{"a % b", 2, "不支持的运算符 %"},
		{"a == b", 2, "不支持的运算符 =="},
		{"os.Exit(1)", 0, "只能调用 min、max、prev"},
		{"exec(a)", 0, "未知函数 exec"},
		{"a[0]", 0, "不支持的表达式"},
		{`"text"`, 0, "不支持的常量"},
		{"0x10", 0, "数字 0x10 写法不正确"},
		{"min(a)", 0, "min 需要两个参数"},
		{"prev(a + b)", 5, "prev 的参数必须是一个字段编码"},
		{"prev(prev(a))", 5, "prev 的参数必须是一个字段编码"},
		{"a // b", 2, "表达式中不能有注释"},
		{"a /* b */", 2, "表达式中不能有注释"},
		{"人口 / 2", 0, "表达式中不能有字符"},
		{"a +", 3, "表达式语法错误"},
		{"func() {}", 0, "不支持的表达式"},
		{"prev", 0, "prev 是函数"},
		{"a && b", 2, "不支持的运算符 &&"},
		{"a <= b", 2, "不支持的运算符 <="}, // a comparison is a rule, not a value
	}
	for _, tt := range tests {
		_, err := ParseExpr(tt.src)
		ee, ok := err.(*ExprError)
		if !ok {
			t.Errorf("ParseExpr(%q) = %v, want an *ExprError", tt.src, err)
			continue
		}
		if ee.Offset != tt.offset || !strings.Contains(ee.Msg, tt.msg) {
			t.Errorf("ParseExpr(%q) = offset %d %q, want offset %d containing %q", tt.src, ee.Offset, ee.Msg, tt.offset, tt.msg)
		}
	}
}

func TestRuleHolds(t *testing.T) {
	env := MapEnv{Cur: map[string]float64{"online": 300, "total": 300, "x": 0.1 + 0.2}}
	tests := []struct {
		src  string
		want bool
		st   EvalStatus
	}{
		{"online <= total", true, EvalOK},
		{"online < total", false, EvalOK},
		{"online >= total", true, EvalOK},
		{"x == 0.3", true, EvalOK}, // compared with a relative tolerance of 1e-9
		{"online != total", false, EvalOK},
		{"online <= other", false, EvalMissing},
		{"online / (total - 300) > 1", false, EvalDivZero},
	}
	for _, tt := range tests {
		e, err := ParseRule(tt.src)
		if err != nil {
			t.Fatalf("ParseRule(%q): %v", tt.src, err)
		}
		got, st := e.Holds(env)
		if got != tt.want || st != tt.st {
			t.Errorf("%s = %v (%d), want %v (%d)", tt.src, got, st, tt.want, tt.st)
		}
	}
	if _, err := ParseRule("online + total"); err == nil {
		t.Error("a rule without comparison was accepted")
	}
}

// MapEnv is an Env over plain maps (tests, simple callers).
type MapEnv struct {
	Cur, Last map[string]float64
}

// Field implements Env.
func (m MapEnv) Field(id string) (float64, bool) { v, ok := m.Cur[id]; return v, ok }

// Prev implements Env.
func (m MapEnv) Prev(id string) (float64, bool) { v, ok := m.Last[id]; return v, ok }
