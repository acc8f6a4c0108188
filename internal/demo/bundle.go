package demo

import "io/fs"

// Bundle is the example data of one embedded framework: the folder of FS holding its
// submissions (workbooks and tables) and, optionally, an adjustments file.
type Bundle struct {
	Dir             string
	AdjustmentsName string
	Adjustments     []byte
}

// legacy names the folders of the bundles that predate one folder per framework:
// the default framework's two editions keep their year folders.
var legacy = map[string]Bundle{
	"wuxi-2025": {Dir: "2025", AdjustmentsName: AdjustmentsName, Adjustments: Adjustments2025},
	"wuxi-2024": {Dir: "2024"},
}

// For returns the example data of the embedded framework named name (its file
// stem): a legacy year folder, else the folder of that name; ok is false when the
// framework has no example data.
func For(name string) (Bundle, bool) {
	if b, ok := legacy[name]; ok {
		return b, true
	}
	if st, err := fs.Stat(FS(), name); err == nil && st.IsDir() {
		return Bundle{Dir: name}, true
	}
	return Bundle{}, false
}
