package evaluator

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"math"
	"strconv"
	"strings"
)

// Expr is a parsed expression of the framework's small language (SPEC §4): numbers,
// field ids, + - * /, parentheses, min(a,b), max(a,b) and prev(x). A check rule is
// one comparison (< <= > >= == !=) between two such expressions.
//
// Expressions are parsed once with go/parser and then only the node kinds listed
// in parseNode are accepted, so nothing but arithmetic can ever run.
type Expr struct {
	Src    string
	root   ast.Expr
	Cmp    string   // for a rule: the comparison operator; "" for a value expression
	Fields []string // field ids read directly, in first-use order
	Prev   []string // field ids read through prev(), in first-use order
}

// ExprError is a parse error at a byte offset (0-based) of the expression text.
type ExprError struct {
	Offset int
	Msg    string
}

func (e *ExprError) Error() string { return e.Msg }

const maxExprLen = 4096

// ParseExpr parses a value expression.
func ParseExpr(src string) (*Expr, error) {
	return parseExpr(src, false)
}

// ParseRule parses a check rule: a comparison of two value expressions.
func ParseRule(src string) (*Expr, error) {
	return parseExpr(src, true)
}

func parseExpr(src string, rule bool) (*Expr, error) {
	if strings.TrimSpace(src) == "" {
		return nil, &ExprError{0, "表达式为空"}
	}
	if len(src) > maxExprLen {
		return nil, &ExprError{0, fmt.Sprintf("表达式过长（超过 %d 个字符）", maxExprLen)}
	}
	for i, r := range src {
		if r > 127 {
			return nil, &ExprError{i, fmt.Sprintf("表达式中不能有字符 %q（只能使用字段编码、数字、+ - * /、括号、min、max、prev）", r)}
		}
	}
	// go/parser would read "//" and "/*" as comments and drop what follows.
	if i := strings.Index(src, "//"); i >= 0 {
		return nil, &ExprError{i, "表达式中不能有注释（// 或 /*）；除法只写一个 /"}
	}
	if i := strings.Index(src, "/*"); i >= 0 {
		return nil, &ExprError{i, "表达式中不能有注释（// 或 /*）；除法只写一个 /"}
	}
	root, err := parser.ParseExpr(src)
	if err != nil {
		var el scanner.ErrorList
		if errors.As(err, &el) && len(el) > 0 {
			return nil, &ExprError{el[0].Pos.Offset, "表达式语法错误：" + el[0].Msg}
		}
		return nil, &ExprError{0, "表达式语法错误：" + err.Error()}
	}
	e := &Expr{Src: src, root: root}
	if rule {
		b, ok := root.(*ast.BinaryExpr)
		if !ok || !isCmp(b.Op) {
			return nil, &ExprError{0, "规则必须是一个比较（<、<=、>、>=、==、!=），例如 online_items <= gov_items"}
		}
		e.Cmp = b.Op.String()
		if err := e.check(b.X, false); err != nil {
			return nil, err
		}
		if err := e.check(b.Y, false); err != nil {
			return nil, err
		}
		return e, nil
	}
	if err := e.check(root, false); err != nil {
		return nil, err
	}
	return e, nil
}

func isCmp(op token.Token) bool {
	switch op {
	case token.LSS, token.LEQ, token.GTR, token.GEQ, token.EQL, token.NEQ:
		return true
	}
	return false
}

func addName(list []string, name string) []string {
	for _, n := range list {
		if n == name {
			return list
		}
	}
	return append(list, name)
}

// check walks the tree and rejects every node kind outside the language.
func (e *Expr) check(n ast.Expr, inPrev bool) error {
	off := int(n.Pos()) - 1
	switch n := n.(type) {
	case *ast.BasicLit:
		if n.Kind != token.INT && n.Kind != token.FLOAT {
			return &ExprError{off, fmt.Sprintf("不支持的常量 %s（只能是数字）", n.Value)}
		}
		v, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err != nil || math.IsInf(v, 0) || strings.HasPrefix(n.Value, "0x") || strings.HasPrefix(n.Value, "0X") ||
			strings.ContainsAny(n.Value, "_oObBxX") || (len(n.Value) > 1 && n.Value[0] == '0' && n.Value[1] != '.' && n.Kind == token.INT) {
			return &ExprError{off, fmt.Sprintf("数字 %s 写法不正确（请写十进制数，如 100 或 0.5）", n.Value)}
		}
		return nil
	case *ast.Ident:
		if n.Name == "prev" || n.Name == "min" || n.Name == "max" {
			return &ExprError{off, fmt.Sprintf("%s 是函数，应写作 %s(…)", n.Name, n.Name)}
		}
		if inPrev {
			e.Prev = addName(e.Prev, n.Name)
		} else {
			e.Fields = addName(e.Fields, n.Name)
		}
		return nil
	case *ast.ParenExpr:
		return e.check(n.X, inPrev)
	case *ast.UnaryExpr:
		if n.Op != token.SUB && n.Op != token.ADD {
			return &ExprError{off, fmt.Sprintf("不支持的运算符 %s", n.Op)}
		}
		return e.check(n.X, inPrev)
	case *ast.BinaryExpr:
		switch n.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO:
		default:
			return &ExprError{int(n.OpPos) - 1, fmt.Sprintf("不支持的运算符 %s（只能使用 + - * /）", n.Op)}
		}
		if err := e.check(n.X, inPrev); err != nil {
			return err
		}
		return e.check(n.Y, inPrev)
	case *ast.CallExpr:
		fn, ok := n.Fun.(*ast.Ident)
		if !ok {
			return &ExprError{off, "只能调用 min、max、prev"}
		}
		if n.Ellipsis.IsValid() {
			return &ExprError{int(n.Ellipsis) - 1, "不支持 ..."}
		}
		switch fn.Name {
		case "min", "max":
			if len(n.Args) != 2 {
				return &ExprError{off, fmt.Sprintf("%s 需要两个参数，如 %s(a, b)", fn.Name, fn.Name)}
			}
			if err := e.check(n.Args[0], inPrev); err != nil {
				return err
			}
			return e.check(n.Args[1], inPrev)
		case "prev":
			if inPrev {
				return &ExprError{off, "prev 不能嵌套"}
			}
			if len(n.Args) != 1 {
				return &ExprError{off, "prev 需要一个字段编码，如 prev(population)"}
			}
			id, ok := n.Args[0].(*ast.Ident)
			if !ok {
				return &ExprError{int(n.Args[0].Pos()) - 1, "prev 的参数必须是一个字段编码"}
			}
			return e.check(id, true)
		default:
			return &ExprError{off, fmt.Sprintf("未知函数 %s（只能使用 min、max、prev）", fn.Name)}
		}
	default:
		return &ExprError{off, "不支持的表达式（只能使用字段编码、数字、+ - * /、括号、min、max、prev）"}
	}
}

// Env supplies field values to Eval. Field returns the unit's value of a field,
// Prev its value last year; ok is false when the value is missing.
type Env interface {
	Field(id string) (v float64, ok bool)
	Prev(id string) (v float64, ok bool)
}

// EvalStatus says why an evaluation gave no value.
type EvalStatus int

const (
	EvalOK        EvalStatus = iota
	EvalMissing              // an operand is missing
	EvalDivZero              // division by zero
	EvalNotFinite            // overflow or NaN
)

// Eval evaluates a value expression. A missing operand gives EvalMissing; a division
// by zero EvalDivZero; a result that is not finite EvalNotFinite.
func (e *Expr) Eval(env Env) (float64, EvalStatus) {
	v, st := eval(e.root, env, false)
	if st == EvalOK && (math.IsNaN(v) || math.IsInf(v, 0)) {
		return 0, EvalNotFinite
	}
	return v, st
}

// Holds evaluates a rule. ok is false (with the status) when a side has no value.
func (e *Expr) Holds(env Env) (holds bool, st EvalStatus) {
	b := e.root.(*ast.BinaryExpr)
	x, st := eval(b.X, env, false)
	if st != EvalOK {
		return false, st
	}
	y, st := eval(b.Y, env, false)
	if st != EvalOK {
		return false, st
	}
	const eps = 1e-9
	tol := eps * math.Max(1, math.Max(math.Abs(x), math.Abs(y)))
	switch b.Op {
	case token.LSS:
		return x < y-tol, EvalOK
	case token.LEQ:
		return x <= y+tol, EvalOK
	case token.GTR:
		return x > y+tol, EvalOK
	case token.GEQ:
		return x >= y-tol, EvalOK
	case token.EQL:
		return math.Abs(x-y) <= tol, EvalOK
	default:
		return math.Abs(x-y) > tol, EvalOK
	}
}

func eval(n ast.Expr, env Env, prev bool) (float64, EvalStatus) {
	switch n := n.(type) {
	case *ast.BasicLit:
		v, _ := strconv.ParseFloat(n.Value, 64)
		return v, EvalOK
	case *ast.Ident:
		var v float64
		var ok bool
		if prev {
			v, ok = env.Prev(n.Name)
		} else {
			v, ok = env.Field(n.Name)
		}
		if !ok {
			return 0, EvalMissing
		}
		return v, EvalOK
	case *ast.ParenExpr:
		return eval(n.X, env, prev)
	case *ast.UnaryExpr:
		v, st := eval(n.X, env, prev)
		if n.Op == token.SUB {
			v = -v
		}
		return v, st
	case *ast.BinaryExpr:
		x, st := eval(n.X, env, prev)
		if st != EvalOK {
			return 0, st
		}
		y, st := eval(n.Y, env, prev)
		if st != EvalOK {
			return 0, st
		}
		var r float64
		switch n.Op {
		case token.ADD:
			r = x + y
		case token.SUB:
			r = x - y
		case token.MUL:
			r = x * y
		case token.QUO:
			if y == 0 {
				return 0, EvalDivZero
			}
			r = x / y
		}
		if math.IsNaN(r) || math.IsInf(r, 0) {
			return 0, EvalNotFinite
		}
		return r, EvalOK
	case *ast.CallExpr:
		name := n.Fun.(*ast.Ident).Name
		if name == "prev" {
			return eval(n.Args[0], env, true)
		}
		x, st := eval(n.Args[0], env, prev)
		if st != EvalOK {
			return 0, st
		}
		y, st := eval(n.Args[1], env, prev)
		if st != EvalOK {
			return 0, st
		}
		if name == "min" {
			return math.Min(x, y), EvalOK
		}
		return math.Max(x, y), EvalOK
	}
	return 0, EvalMissing
}
