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
			b, err := os.ReadFile(p)
			switch {
			case err == nil:
				src, origin = b, p
			case errors.Is(err, fs.ErrNotExist):
			default:
				return nil, fmt.Errorf("templates: %w", err)
			}
		}
		t, err := template.New(name).Funcs(narrativeFuncs).Funcs(funcs).Option("missingkey=error").Parse(string(src))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", origin, err)
		}
		n.t[name] = t
		n.src = append(n.src, string(src))
	}
	if dir != "" {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".tmpl") && !known[e.Name()] {
				return nil, fmt.Errorf("%s: unknown narrative template (known: %s)",
					filepath.Join(dir, e.Name()), strings.Join(NarrativeTemplateNames(), ", "))
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
		return "", fmt.Errorf("narrative template %s: %w", name, err)
	}
	return strings.TrimSpace(b.String()), nil
}
