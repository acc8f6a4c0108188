package templates

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/wuxi-data/dteval/evaluator"
)

// The narrative paragraphs of the PDF reports are Go text/templates (SPEC §9): the
// embedded text/*.tmpl, each overridable by a file of the same name in
// ReportOptions.TemplatesDir. The data they receive is prepared by the renderer,
// numbers already formatted with the framework's decimals.
//
//go:embed text/*.tmpl
var narrativeFS embed.FS

// narrative holds the parsed templates, one per file name.
type narrative struct {
	// noun is what the framework calls its units ({{noun}} in a template).
	noun string
	t    map[string]*template.Template
	src  []string // the template sources (their runes seed the feedback font subsets)
}

var narrativeFuncs = template.FuncMap{
	"join": strings.Join,
	// add is for 1-based counters in templates.
	// noun (what the framework calls its units: 地区, 镇（街道）) is added per report.
	"add": func(a, b int) int { return a + b },
}

// NarrativeTemplateNames lists the narrative templates a -templates folder may override.
func NarrativeTemplateNames() []string {
	entries, _ := fs.ReadDir(narrativeFS, "text")
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

// loadNarrative parses the embedded templates and, when dir is set, the files of the
// same name in dir instead. A file in dir that is not a known template is an error
// (probably a typo the analyst wants to hear about).
func loadNarrative(dir, noun string) (*narrative, error) {
	n := &narrative{noun: noun, t: map[string]*template.Template{}}
	funcs := template.FuncMap{"noun": func() string { return n.noun }}
	known := map[string]bool{}
	for _, name := range NarrativeTemplateNames() {
		known[name] = true
		src, err := narrativeFS.ReadFile("text/" + name)
		if err != nil {
			return nil, err
		}
		origin := "embedded text/" + name
		if dir != "" {
			p := filepath.Join(dir, name)
			b, err := evaluator.ReadSmallFile(p, MaxNarrativeSize) // a FIFO is refused, not waited on
			switch {
			case err == nil && len(b) > MaxNarrativeSize:
				return nil, templateErrorf("报告文字模板 %s 超过 %d KiB 的上限：请精简模板", p, MaxNarrativeSize>>10)
			case err == nil:
				src, origin = b, p
			case errors.Is(err, fs.ErrNotExist):
			default:
				return nil, evaluator.ReadError("报告文字模板", p, err)
			}
		}
		t, err := template.New(name).Funcs(narrativeFuncs).Funcs(funcs).Option("missingkey=error").Parse(string(src))
		if err != nil {
			return nil, templateErrorf("报告文字模板 %s 写法有误（%q）：请改正这个模板，或把它移出 -templates 文件夹以使用内置的文字", origin, err.Error())
		}
		n.t[name] = t
		n.src = append(n.src, string(src))
	}
	if dir != "" {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, evaluator.ReadError("报告文字模板文件夹", dir, err)
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".tmpl") && !known[e.Name()] {
				return nil, templateErrorf("%s 不是可以替换的报告文字模板：-templates 文件夹中的 .tmpl 文件只能是 %s，请改名或移走它",
					filepath.Join(dir, e.Name()), strings.Join(NarrativeTemplateNames(), "、"))
			}
		}
	}
	return n, nil
}

// text executes the named template.
func (n *narrative) text(name string, data any) (string, error) {
	t, ok := n.t[name]
	if !ok {
		return "", fmt.Errorf("no narrative template %s", name)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return "", templateErrorf("报告文字模板 %s 无法生成文字（%q）：请检查模板中引用的数据名称，或把它移出 -templates 文件夹以使用内置的文字", name, err.Error())
	}
	return strings.TrimSpace(b.String()), nil
}

// TemplateError is a fault of the report text templates given with -templates
// DIR, said in Chinese: the user's to fix, not the program's.
type TemplateError struct{ Msg string }

func (e *TemplateError) Error() string { return e.Msg }

func templateErrorf(format string, args ...any) error {
	return &TemplateError{Msg: fmt.Sprintf(format, args...)}
}
