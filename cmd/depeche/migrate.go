package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"depeche/internal/store"
)

func migrateCmd(ctx context.Context, args []string, e env) error {
	var db dbFlags
	c := newCommand("migrate", " [status]",
		"Apply every pending database migration (the server also does this at start),\nor with \"status\" list the migrations and when each was applied.", e.getenv)
	db.register(c)
	// "status" may come before or after the flags.
	showStatus := len(args) > 0 && args[0] == "status"
	if showStatus {
		args = args[1:]
	}
	if err := c.parse(args, e.stdout); err != nil {
		return err
	}
	if err := db.validate(); err != nil {
		return err
	}
	rest := c.fs.Args()
	if len(rest) == 1 && rest[0] == "status" {
		showStatus, rest = true, nil
	}
	if len(rest) > 0 {
		return usagef("migrate: unexpected argument %q (expected nothing or \"status\")", rest[0])
	}
	s, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer s.Close()
	if showStatus {
		status, err := s.MigrationStatus(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "VERSION\tNAME\tAPPLIED")
		for _, m := range status {
			applied := "pending"
			if !m.AppliedAt.IsZero() {
				applied = m.AppliedAt.Format("2006-01-02 15:04:05 MST")
			}
			fmt.Fprintf(w, "%04d\t%s\t%s\n", m.Version, m.Name, applied)
		}
		return w.Flush()
	}
	applied, err := s.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(e.stdout, "%s: up to date\n", s.Where())
	} else {
		fmt.Fprintf(e.stdout, "%s: applied migrations %v\n", s.Where(), applied)
	}
	return nil
}

func openStore(ctx context.Context, db dbFlags) (*store.Store, error) {
	return store.Open(ctx, db.storeConfig())
}

// storeConfig is where the flags say the database is.
func (db dbFlags) storeConfig() store.Config {
	return store.Config{DataDir: db.data, DatabaseURL: db.database}
}
