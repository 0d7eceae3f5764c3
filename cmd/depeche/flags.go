package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// errUsage marks a mistake in how the command was called: exit status 2.
var errUsage = errors.New("usage")

// usageError is a one-line explanation of a bad flag or setting.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }
func (e *usageError) Unwrap() error { return errUsage }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// command is one subcommand's flags, each of which may also come from an
// environment variable. A flag given on the command line wins over the
// environment, which wins over the default.
type command struct {
	name    string
	summary string
	args    string // what follows the flags, for the usage line
	fs      *flag.FlagSet
	env     map[string]string // flag name → variable
	getenv  func(string) string
}

func newCommand(name, args, summary string, getenv func(string) string) *command {
	c := &command{name: name, args: args, summary: summary, env: map[string]string{}, getenv: getenv,
		fs: flag.NewFlagSet(name, flag.ContinueOnError)}
	c.fs.SetOutput(io.Discard)
	return c
}

func (c *command) string(p *string, name, env, def, usage string) {
	c.fs.StringVar(p, name, def, usage)
	c.bindEnv(name, env)
}

func (c *command) bool(p *bool, name, env string, usage string) {
	c.fs.BoolVar(p, name, false, usage)
	c.bindEnv(name, env)
}

func (c *command) bindEnv(name, env string) {
	if env != "" {
		c.env[name] = env
	}
}

// parse reads the environment, then the arguments. -h and --help print the
// full usage to out and return flag.ErrHelp.
func (c *command) parse(args []string, out io.Writer) error {
	for name, env := range c.env {
		v := c.getenv(env)
		if v == "" {
			continue
		}
		if err := c.fs.Set(name, v); err != nil {
			return usagef("%s: environment variable %s=%q: %s", c.name, env, v, expectation(c.fs.Lookup(name)))
		}
	}
	err := c.fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		c.usage(out)
		return flag.ErrHelp
	case err != nil:
		return usagef("%s: %v (see depeche %s --help)", c.name, cleanFlagError(err), c.name)
	}
	return nil
}

func expectation(f *flag.Flag) string {
	if _, ok := f.Value.(interface{ IsBoolFlag() bool }); ok {
		return "expected true or false"
	}
	return "invalid value"
}

// cleanFlagError rewords the flag package's messages as one line.
func cleanFlagError(err error) string {
	msg := err.Error()
	if strings.HasPrefix(msg, "flag provided but not defined: ") {
		return "unknown flag " + strings.TrimPrefix(msg, "flag provided but not defined: ")
	}
	return msg
}

// usage lists every flag with its environment variable and default.
func (c *command) usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: depeche %s [flags]%s\n\n%s\n\nFlags:\n", c.name, c.args, c.summary)
	var names []string
	c.fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	sort.Strings(names)
	for _, n := range names {
		f := c.fs.Lookup(n)
		kind := " value"
		if _, ok := f.Value.(interface{ IsBoolFlag() bool }); ok {
			kind = ""
		}
		fmt.Fprintf(w, "  --%s%s\n", n, kind)
		fmt.Fprintf(w, "        %s\n", f.Usage)
		var extra []string
		if env, ok := c.env[n]; ok {
			extra = append(extra, "env "+env)
		}
		if f.DefValue != "" && f.DefValue != "false" {
			extra = append(extra, "default "+strconv.Quote(f.DefValue))
		}
		if len(extra) > 0 {
			fmt.Fprintf(w, "        (%s)\n", strings.Join(extra, ", "))
		}
	}
	fmt.Fprintln(w, "  --help\n        show this help")
}

// dbFlags are shared by every command that opens the database.
type dbFlags struct {
	data     string
	database string
}

func (d *dbFlags) register(c *command) {
	c.string(&d.data, "data", "DEPECHE_DATA", "./data", "folder for the embedded SQLite database and uploaded media")
	c.string(&d.database, "database", "DEPECHE_DATABASE_URL", "", "PostgreSQL URL (postgres://user:pass@host:5432/db); when set, used instead of SQLite")
}

func (d *dbFlags) validate() error {
	if d.database != "" && !strings.HasPrefix(d.database, "postgres://") && !strings.HasPrefix(d.database, "postgresql://") {
		return usagef("--database: expected a URL of the form postgres://user:pass@host:5432/dbname")
	}
	if d.database == "" && strings.TrimSpace(d.data) == "" {
		return usagef("--data: expected a folder path, e.g. ./data")
	}
	return nil
}
