// Package indicators holds the framework files and regulation maps shipped with
// dteval, embedded in the binary. They are data: nothing in Go code is specific to
// them.
package indicators

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

// FS holds the framework files (*.yaml) and the regulation maps (regulations/*.yaml).
//
//go:embed *.yaml regulations/*.yaml
var FS embed.FS

// Default is the file name of the default framework in FS.
const Default = "wuxi-2025.yaml"

// Names lists the embedded frameworks by file stem (wuxi-2025 for wuxi-2025.yaml),
// sorted: the names that -framework NAME takes.
func Names() []string {
	entries, _ := fs.ReadDir(FS, ".")
	var out []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".yaml") {
			out = append(out, strings.TrimSuffix(e.Name(), ".yaml"))
		}
	}
	sort.Strings(out)
	return out
}
