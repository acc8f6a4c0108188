package output

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/templates"
)

// Output file names (SPEC §9).
const (
	FileResults  = "results.json"
	FilePDF      = "评估报告.pdf"
	FileXLSX     = "评估结果.xlsx"
	FileCSV      = "评估结果.csv"
	FileFindings = "internal/findings.json"
	FileInputs   = "internal/inputs.json" // the input files by name (never public)
	DirFeedback  = "feedback"
	// DirWeb holds the web edition: the public report as a static site with the
	// public files beside it, to be uploaded as it is (SPEC §9).
	DirWeb = "网页版"
)

// ReportFolders are the folders a report set writes into (checked by
// CheckFolders before any work).
var ReportFolders = []string{filepath.Dir(FileFindings), DirFeedback, DirWeb}

// webAttachments are the public files copied into the web edition, in the order
// its home page lists them.
var webAttachments = []struct{ name, title string }{
	{FilePDF, "评估报告（PDF，可打印）"},
	{FileXLSX, "评估结果（Excel 工作簿）"},
	{FileCSV, "评估结果（CSV 开放数据，UTF-8）"},
	{FileResults, "评估结果（JSON 开放数据，完整精度）"},
}

// Hooks are what WriteReports tells its caller as it goes; any may be nil.
type Hooks struct {
	Warn     func(file, warning string)  // a renderer's warning, in file order
	Trace    func(stage string)          // a stage ended (DTEVAL_TRACE)
	Progress func(i, n int, file string) // file i of n written
}

// WriteReports renders every report into the output set: results.json,
// internal/findings.json, the public PDF, XLSX and CSV, one feedback
// PDF per scored unit, and the web edition (网页版/, with copies of the public
// files). The files are rendered on all CPUs (with 1,000 units the
// feedback PDFs are most of a run's time) and written in a fixed order, with the
// warnings in that order too. When ctx is cancelled it stops with an error; the
// caller then commits nothing.
func WriteReports(ctx context.Context, o *Set, fw *evaluator.Framework, res *evaluator.Results, opt templates.ReportOptions, h Hooks) error {
	// The feedback renderer (statistics over all units, the shared font subsets) is
	// made by the first feedback step, while the other worker renders a large
	// document, rather than before any work starts.
	feedback := sync.OnceValues(func() (*templates.FeedbackRenderer, error) {
		return templates.NewFeedbackRenderer(fw, res, opt)
	})
	// The web edition's pages are laid out beside the other renderers (they share
	// the two CPUs: the total work is the same); its home page, which lists the
	// public files with their sizes and SHA-256, is finished when they are made.
	type webResult struct {
		w   *templates.WebEdition
		err error
	}
	self := res.Kind == evaluator.FrameworkSelf
	webDone := make(chan webResult, 1)
	go func() {
		if self {
			// The web edition is made from the ranking report's model: a
			// self-assessment (本级评估) has none yet, and gets no 网页版/.
			webDone <- webResult{}
			return
		}
		w, err := templates.NewWebEdition(fw, res, opt)
		webDone <- webResult{w, err}
	}()
	public := map[string][]byte{}
	// Steps in the order they are written (and their warnings printed): the small
	// files, the feedback PDFs, then the three large documents — which are rendered
	// first (order below): each takes a second or more at 1,000 units, and written
	// last they hold up no other file.
	steps := []reportStep{
		{FileFindings, func(w io.Writer) ([]string, error) {
			fs := opt.Findings
			if opt.Draft || res.Draft {
				fs = evaluator.MarkDraft(fs)
			}
			return nil, evaluator.WriteFindingsJSON(w, fs)
		}},
		{FileInputs, func(w io.Writer) ([]string, error) { return nil, evaluator.WriteInputsJSON(w, res.Inputs) }},
		{FileCSV, func(w io.Writer) ([]string, error) { return nil, templates.RenderCSV(w, fw, res, opt) }},
	}
	if self {
		// A self-assessment: no ranking and no feedback to send (the unit is the issuer).
		for i := range steps {
			if steps[i].name == FileCSV {
				steps[i].render = func(w io.Writer) ([]string, error) { return nil, templates.RenderSelfCSV(w, fw, res, opt) }
			}
		}
	}
	for _, u := range res.Units {
		if self {
			break
		}
		id := u.ID
		steps = append(steps, reportStep{filepath.Join(DirFeedback, id+".pdf"), func(w io.Writer) ([]string, error) {
			fb, err := feedback()
			if err != nil {
				return nil, err
			}
			return fb.Render(w, id)
		}})
	}
	large := len(steps)
	steps = append(steps,
		reportStep{FilePDF, func(w io.Writer) ([]string, error) { return templates.RenderPDF(w, fw, res, opt) }},
		reportStep{FileXLSX, func(w io.Writer) ([]string, error) { return nil, templates.RenderXLSX(w, fw, res, opt) }},
		reportStep{FileResults, func(w io.Writer) ([]string, error) { return nil, evaluator.WriteResults(w, res) }},
	)
	if self {
		steps[large].render = func(w io.Writer) ([]string, error) { return templates.RenderSelfPDF(w, fw, res, opt) }
		steps[large+1].render = func(w io.Writer) ([]string, error) { return nil, templates.RenderSelfXLSX(w, fw, res, opt) }
	}
	order := make([]int, 0, len(steps))
	for i := large; i < len(steps); i++ {
		order = append(order, i)
	}
	for i := range large {
		order = append(order, i)
	}
	err := renderOrdered(steps, order, runtime.GOMAXPROCS(0), func(i int, data []byte, warns []string) error {
		if err := ctx.Err(); err != nil {
			return stoppedBy(err) // Ctrl-C or SIGTERM: nothing is committed
		}
		if h.Warn != nil {
			for _, wn := range warns {
				h.Warn(steps[i].name, wn)
			}
		}
		if (i < 3 || i >= large) && h.Trace != nil {
			h.Trace("wrote " + steps[i].name)
		}
		if h.Progress != nil {
			h.Progress(i+1, len(steps), steps[i].name)
		}
		for _, a := range webAttachments {
			if steps[i].name == a.name {
				public[a.name] = data
			}
		}
		return o.Create(steps[i].name, func(w io.Writer) error { _, err := w.Write(data); return err })
	})
	if err != nil {
		return err
	}
	web := <-webDone
	if web.err != nil {
		return fmt.Errorf("生成 %s 时出错：%w", DirWeb, web.err)
	}
	if web.w == nil {
		return ctx.Err()
	}
	if err := ctx.Err(); err != nil {
		return stoppedBy(err)
	}
	atts := make([]templates.Attachment, 0, len(webAttachments))
	for _, a := range webAttachments {
		atts = append(atts, templates.Attachment{Name: a.name, Title: a.title, Data: public[a.name]})
	}
	for _, f := range web.w.Files(atts) {
		rel := filepath.Join(DirWeb, f.Name)
		if _, ok := public[f.Name]; ok {
			err = o.CreateCopy(rel, f.Name, f.Data)
		} else {
			err = o.Create(rel, func(w io.Writer) error { _, err := w.Write(f.Data); return err })
		}
		if err != nil {
			return err
		}
	}
	if h.Trace != nil {
		h.Trace("wrote " + DirWeb)
		h.Trace("rendered all")
	}
	return nil
}

// ExistingReports lists the report outputs of an earlier run in dir (the files
// WriteReports writes, and how many feedback PDFs), for a command that must not
// replace them to stop before doing any work.
func ExistingReports(dir string) []string {
	var found []string
	for _, name := range []string{FileResults, FilePDF, FileXLSX, FileCSV, FileFindings} {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			found = append(found, name)
		}
	}
	if fb, _ := filepath.Glob(filepath.Join(dir, DirFeedback, "*.pdf")); len(fb) > 0 {
		found = append(found, fmt.Sprintf("%s/（%d 份 PDF）", DirFeedback, len(fb)))
	}
	if _, err := os.Lstat(filepath.Join(dir, DirWeb, "index.html")); err == nil {
		found = append(found, DirWeb+"/")
	}
	return found
}
