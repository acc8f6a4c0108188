// Package evaluator is dteval's engine: everything from a framework file to the
// results, and nothing that renders. Its room:
//
//   - the framework: the strict YAML loader with positioned errors, the model,
//     the regulation map, value expressions, the embedded frameworks and the
//     selection of a workbook's framework from its _meta sheet (framework.go,
//     frameworkcheck.go, yamldec.go, expr.go, regulation.go, select.go);
//   - submissions: submission workbooks and consolidated tables read into raw
//     submissions (workbook.go, table.go, readall.go), through the workbook
//     reader of evaluator/internal/xlsxread;
//   - findings: validation of values and of the batch, and the dropping of
//     values that carry errors (validate.go, coerce.go, faulty.go, finding.go);
//   - results: adjustments, derivation, imputation, treatment, normalisation,
//     aggregation, ranks, grades, sensitivity and last year's comparison
//     (pipeline.go, score.go and the files of each stage), and results.json
//     (results.go, resultsio.go);
//   - the one vocabulary of Chinese terms every output uses (vocab.go).
//
// The user's contract is documented in docs/ (framework.md, results.md,
// findings.md); TestDocsKnowEveryKey keeps it complete.
package evaluator
