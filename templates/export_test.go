package templates

// Internal test helpers the external tests (package templates_test) use.

// CheckPageFill is checkPageFill for the tests on synthetic data.
var CheckPageFill = checkPageFill
