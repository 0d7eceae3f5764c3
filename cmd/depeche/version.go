package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=1.2.3".
var version = "dev"

func versionCmd(args []string, e env) error {
	c := newCommand("version", "", "Print the version of depeche, the commit it was built from and the Go version.", e.getenv)
	if err := c.parse(args, e.stdout); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "depeche %s%s %s\n", version, buildRevision(), runtime.Version())
	return nil
}

func buildRevision() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+modified"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev == "" {
		return ""
	}
	return " (" + rev + dirty + ")"
}
