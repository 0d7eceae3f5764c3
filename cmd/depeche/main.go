// Command depeche runs and administers a Dépêche publishing site.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// env is what a command receives from the outside world; tests replace it.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

const topUsage = `Dépêche — a multilingual publishing engine.

Usage: depeche <command> [flags]

Commands:
  serve     run the web server (add --demo for the demo site)
  migrate   apply database migrations, or show their status
  user      manage back-office accounts (user add)
  demo      build a large fictional site for trials (demo generate)
  version   print the version

Run "depeche <command> --help" for the flags and environment variables of a command.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}))
}

// run dispatches to a subcommand and turns its error into an exit status:
// 0 success, 1 failure, 2 bad usage.
func run(ctx context.Context, args []string, e env) int {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, topUsage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = serveCmd(ctx, args[1:], e)
	case "migrate":
		err = migrateCmd(ctx, args[1:], e)
	case "user":
		err = userCmd(ctx, args[1:], e)
	case "demo":
		err = demoCmd(ctx, args[1:], e)
	case "version":
		err = versionCmd(args[1:], e)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(e.stdout, topUsage)
		return 0
	default:
		fmt.Fprintf(e.stderr, "depeche: unknown command %q (expected serve, migrate, user, demo or version)\n", args[0])
		return 2
	}
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(e.stderr, "depeche %v\n", err)
		return 2
	default:
		fmt.Fprintf(e.stderr, "depeche: %v\n", err)
		return 1
	}
}
