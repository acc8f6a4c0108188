package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// The CLI is tested as scripts (testdata/script/*.txtar): each runs dteval as a
// process. "dteval" behaves as the real binary; "dtexit" runs the same but always
// exits 0 after printing "exit N" on stdout, so a script can pin the exact exit code.
func TestMain(m *testing.M) {
	if os.Getenv("DTEVAL_TEST_MAIN") == "1" {
		main() // the real main, signals included (signal_test.go)
	}
	testscript.Main(m, map[string]func(){
		"dteval": func() {
			os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
		"dtexit": func() {
			code := run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
			fmt.Printf("exit %d\n", code)
			os.Exit(0)
		},
	})
}

func TestScripts(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("ROOT", root)
			return nil
		},
		UpdateScripts: os.Getenv("UPDATE_SCRIPTS") != "",
	})
}

// TestSpecCommands: every command of SPEC §3 is registered (a missing one would
// be an unknown command).
func TestSpecCommands(t *testing.T) {
	for _, name := range []string{"demo", "init", "check", "template", "validate", "score", "report", "run", "serve", "frameworks", "version"} {
		if program.Lookup(name) == nil {
			t.Errorf("command %q is not registered", name)
		}
	}
}
