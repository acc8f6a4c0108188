// Package xlsxread is dteval's workbook reader: it opens an .xlsx safely and
// gives the evaluator a sheet's raw cell values and each cell's number format
// (percent, date), formula and error type. It knows nothing of submissions or
// frameworks; package evaluator is its only user.
//
// Its room:
//
//   - Open (book.go): the zip safety limits checked before any XML parser sees
//     the bytes — an Office password or old .xls, a broken zip, entry paths,
//     inflated size counted byte by byte against MaxUnzipped (headers are not
//     trusted), DOCTYPE/ENTITY declarations; then the fast path is prepared.
//   - The fast path (fastbook.go, scan.go): workbook layout, shared strings,
//     styles and worksheets read by byte scanning, about ten times faster than
//     unmarshalling them. It accepts only the XML that Excel, WPS, LibreOffice
//     and excelize write.
//   - The fallback: github.com/xuri/excelize/v2, opened on first need, for any
//     workbook or sheet the fast path does not accept. Both give the same rows
//     (excelize's GetRows with RawCellValue) and the same cell attributes.
//   - Number-format classification (format.go): built-in ids and custom codes
//     that show percentages or dates.
//   - stylecache.go: styles.xml and workbook.xml parsed once per distinct part
//     (a batch's workbooks come from one template).
//
// Every error's text is a reason a clerk can act on, in Chinese. Open turns a
// library panic into such an error; the evaluator recovers around Rows and
// Cells the same way (PanicReason).
package xlsxread
