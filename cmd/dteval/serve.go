package main

import (
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/wuxi-data/dteval/internal/cli"
	"github.com/wuxi-data/dteval/internal/web"
)

func init() {
	register(&cli.Command{
		Name:    "serve",
		Args:    "[-f FRAMEWORK.yaml] [-addr 127.0.0.1:8080] [-max-concurrent N]",
		Summary: "启动本机网页：填报人员上传填报表，查看检查结果",
		Help:    helpText("serve"),
		Setup: func(fs *flag.FlagSet) func(*env, []string) int {
			fwPath := fs.String("f", "", "指标体系`文件`（默认：内置指标体系）")
			addr := fs.String("addr", "127.0.0.1:8080", "监听`地址`（主机:端口）")
			maxConc := fs.Int("max-concurrent", 0, "同时进行的检查数（默认：CPU 核数，至少 2）")
			return func(e *env, args []string) int {
				return runServe(e, args, *fwPath, *addr, *maxConc)
			}
		},
	})
}

func runServe(e *env, args []string, fwPath, addr string, maxConc int) int {
	program.SetGrace(web.ShutdownGrace + 2*time.Second) // running requests may finish
	if len(args) > 0 {
		e.Errorf("serve 不接受文件参数（收到 %q）；指标体系请用 -f 指定", args[0])
		e.Hintf("dteval serve -f framework.yaml -addr 127.0.0.1:8080")
		return exitUsage
	}
	if maxConc < 0 {
		e.Errorf("-max-concurrent 必须是正整数")
		return exitUsage
	}
	public, err := web.PublicAddr(addr)
	if err != nil {
		e.Errorf("-addr %q 格式不对：应为 主机:端口，例如 127.0.0.1:8080", addr)
		return exitUsage
	}
	fw, ok := loadFramework(e, fwPath)
	if !ok {
		return exitUsage
	}
	opt := web.Options{MaxConcurrent: maxConc, Version: version, Log: log.New(e.Stderr, "dteval: ", 0).Printf}
	if public {
		// Bound to a LAN address: the page is reached by the machine's name or IP.
		opt.Hosts = []string{"*"}
		e.Warnf("正在监听 %s：同一网络中的任何人都能打开检查页面，请只在可信的办公网络中这样做", addr)
	}
	ln, url, err := web.Listen(addr)
	if err != nil {
		e.Errorf("无法监听该地址：%v；请换一个端口（-addr）或关闭占用它的程序", err)
		return exitInternal
	}
	fmt.Fprintf(e.Stderr, "dteval: serving %s %s (%s) at %s\n", fw.ID, fw.Version, fw.Title, url)
	fmt.Fprintf(e.Stderr, "dteval: press Ctrl-C to stop\n")
	start := time.Now()
	srv := web.NewHTTPServer(addr, web.New(fw, opt))
	if err := web.Serve(e.Ctx, srv, ln); err != nil {
		e.Errorf("serve: %v", err)
		return exitInternal
	}
	fmt.Fprintf(e.Stderr, "dteval: 已停止，运行了 %s\n", time.Since(start).Round(time.Second))
	return exitOK
}
