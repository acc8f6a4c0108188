package main

import (
	"flag"
	"os"
	"path/filepath"

	"github.com/wuxi-data/dteval/internal/cli"
	"github.com/wuxi-data/dteval/internal/output"
)

func init() {
	register(&cli.Command{
		Name:    "init",
		Args:    "[-f FRAMEWORK.yaml | -framework NAME] [-force] DIR",
		Summary: "建立年度工作区：指标体系副本、空的 submissions/ 文件夹和一份说明",
		Setup: func(fs *flag.FlagSet) func(*env, []string) int {
			fwPath := fs.String("f", "", "要复制的指标体系`文件`（默认：内置的 wuxi-2025.yaml）")
			fwName := fs.String("framework", "", "要复制的内置指标体系`名称`（见 dteval frameworks）")
			force := fs.Bool("force", false, "写入已有文件的文件夹")
			return func(e *env, args []string) int {
				if len(args) != 1 {
					e.Errorf("init 只接受一个文件夹名")
					e.Hintf("dteval init eval-2025")
					return exitUsage
				}
				fw, _, ok := loadNamedFramework(e, *fwPath, *fwName)
				if !ok {
					return exitUsage
				}
				dir := args[0]
				if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 && !*force {
					e.Errorf("文件夹 %s 不是空的", dir)
					e.Hintf("请换一个新文件夹名，或加 -force 把工作区文件写入该文件夹")
					return exitUsage
				}
				var name string
				_, code := writeSet(e, dir, *force, func(o *output.Set) (err error) {
					name, err = output.WriteWorkspace(o, fw)
					return err
				})
				if code != exitOK {
					return code
				}
				e.Infof("工作区已建在 %s；下一步：dteval template -f %s -o %s", dir, filepath.Join(dir, name), filepath.Join(dir, "templates"))
				return exitOK
			}
		},
	})
}
