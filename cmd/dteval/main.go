// Command dteval evaluates digital transformation: framework → submissions →
// validation → scores and ranks → reports. Run "dteval help" for the commands.
//
// This package declares the commands and their flags and wires them to the
// packages that do the work (SPEC §2); the command-line conventions themselves
// (Chinese help and messages, exit codes, signals) are internal/cli's.
package main

import (
	"context"
	"embed"
	"io"
	"os"
	"time"

	"github.com/wuxi-data/dteval/internal/cli"
	"github.com/wuxi-data/dteval/internal/output"
)

// Exit codes (SPEC §3).
const (
	exitOK       = cli.ExitOK
	exitInput    = cli.ExitInput
	exitUsage    = cli.ExitUsage
	exitInternal = cli.ExitInternal
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

// env is what a command sees of the world.
type env = cli.Env

// program is dteval: each command lives in its own file and registers itself.
var program = &cli.Program{Name: "dteval", Title: "dteval — 数字化转型评估工具"}

func register(c *cli.Command) { program.Register(c) }

// helpTexts holds each command's long -h text, help/<command>.txt (Chinese, for users).
//
//go:embed help/*.txt
var helpTexts embed.FS

// helpText is the long help of the named command.
func helpText(name string) string {
	b, err := helpTexts.ReadFile("help/" + name + ".txt")
	if err != nil {
		panic("dteval: no help text for " + name) // a build mistake, caught by TestUsageMessagesChinese
	}
	return string(b)
}

// interruptGrace is how long a command may take to end by itself after SIGINT or
// SIGTERM (its context is cancelled and its output sets refuse to write); then,
// or at a second signal, every staging folder is removed and the process ends.
const interruptGrace = 3 * time.Second

func main() {
	setMemoryLimit()
	program.OnSignal(output.Interrupt, output.AbortAll, interruptGrace)
	stopProfile := startProfile()
	code := program.Main()
	stopProfile()
	os.Exit(code)
}

// run runs dteval with args, as main does without a process (tests).
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return program.Run(ctx, args, stdin, stdout, stderr)
}
