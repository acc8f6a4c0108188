// Package indicators holds the framework files and regulation maps shipped with
// dteval, embedded in the binary. They are data: nothing in Go code is specific to
// them.
package indicators

import "embed"

// FS holds the framework files (*.yaml) and the regulation maps (regulations/*.yaml).
//
//go:embed *.yaml regulations/*.yaml
var FS embed.FS

// Default is the file name of the default framework in FS.
const Default = "wuxi-2025.yaml"
