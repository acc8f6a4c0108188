package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/wuxi-data/dteval/internal/output"
	"github.com/wuxi-data/dteval/templates"
)

func init() {
	register(&command{
		name:    "init",
		args:    "[-f FRAMEWORK.yaml | -framework NAME] [-force] DIR",
		summary: "建立年度工作区：指标体系副本、空的 submissions/ 文件夹和一份说明",
		setup: func(fs *flag.FlagSet) func(*env, []string) int {
			fwPath := fs.String("f", "", "framework `file` to copy (default: the embedded wuxi-2025.yaml)")
			fwName := fs.String("framework", "", "`name` of an embedded framework to copy (see dteval frameworks)")
			force := fs.Bool("force", false, "write into a folder that already has files")
			return func(e *env, args []string) int {
				if len(args) != 1 {
					e.errorf("init 只接受一个文件夹名")
					e.hintf("dteval init eval-2025")
					return exitUsage
				}
				fw, _, ok := loadNamedFramework(e, *fwPath, *fwName)
				if !ok {
					return exitUsage
				}
				dir := args[0]
				if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 && !*force {
					e.errorf("%s is not empty", dir)
					e.hintf("请换一个新文件夹名，或加 -force 把工作区文件写入该文件夹")
					return exitUsage
				}
				name := filepath.Base(fw.Path)
				if !strings.HasSuffix(name, ".yaml") {
					name = fw.ID + ".yaml"
				}
				o, err := output.NewSet(dir, *force)
				if err != nil {
					e.errorf("无法创建文件夹 %s：%v", dir, err)
					return exitInternal
				}
				defer o.Abort()
				err = errors.Join(
					o.Create(name, func(w io.Writer) error { _, err := w.Write(fw.Source); return err }),
					o.Create("README.md", func(w io.Writer) error {
						return templates.WriteWorkspaceReadme(w, fw, name)
					}),
					o.Create("narrative.yaml", func(w io.Writer) error {
						return templates.WriteNarrativeStarter(w, fw)
					}),
					o.Create("submissions/README.txt", func(w io.Writer) error {
						_, err := fmt.Fprintf(w, "把各单位报送的填报表（.xlsx）和其他部门的汇总表（.csv/.xlsx）放在本文件夹。\n")
						return err
					}),
					o.Create("previous/README.txt", func(w io.Writer) error {
						_, err := fmt.Fprintf(w, "把上一年度评估输出的 results.json 放在本文件夹（可选，用于同比）。\n")
						return err
					}),
				)
				if err != nil {
					e.errorf("%v", err)
					return exitInternal
				}
				if code := commitOutputs(e, o); code != exitOK {
					return code
				}
				e.infof("工作区已建在 %s；下一步：dteval template -f %s -o %s", dir, filepath.Join(dir, name), filepath.Join(dir, "templates"))
				return exitOK
			}
		},
	})
}
