//go:build tools

package dteval

import (
	_ "github.com/rogpeppe/go-internal/testscript"
	_ "github.com/xuri/excelize/v2"
	_ "go.yaml.in/yaml/v3"
)
