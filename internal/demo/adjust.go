package demo

import _ "embed"

// Adjustments2025 is an example adjustments file (核查核减) for the 2025 demo: the
// bureau's audited corrections, applied before scoring and listed in the report.
//
//go:embed adjustments-2025.yaml
var Adjustments2025 []byte

// AdjustmentsName is the file name the demo records for Adjustments2025.
const AdjustmentsName = "adjustments-2025.yaml"
