package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"depeche/internal/store"
	"depeche/internal/user"

	"golang.org/x/term"
)

func userCmd(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] != "add" {
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
			fmt.Fprintln(e.stdout, "Usage: depeche user add --role ROLE --email EMAIL [--name NAME]\n\nRun \"depeche user add --help\" for every flag.")
			return nil
		}
		return usagef("user: expected \"user add\"")
	}
	var db dbFlags
	var role, email, name string
	c := newCommand("user add", "",
		"Create a back-office account. The password is read from standard input (one line),\n"+
			"or asked twice without echo when standard input is a terminal; it is never a flag.", e.getenv)
	db.register(c)
	c.string(&role, "role", "", "", "administrator, editor, author or moderator (required)")
	c.string(&email, "email", "", "", "login e-mail address (required)")
	c.string(&name, "name", "", "", "name shown on articles and in the back office (default: the part of the e-mail before @)")
	if err := c.parse(args[1:], e.stdout); err != nil {
		return err
	}
	if err := db.validate(); err != nil {
		return err
	}
	r, err := user.ParseRole(role)
	if err != nil {
		return usagef("user add: --role: %v", err)
	}
	addr, err := user.NormalizeEmail(email)
	if err != nil {
		return usagef("user add: --email: %v", err)
	}
	if strings.TrimSpace(name) == "" {
		name = addr[:strings.IndexByte(addr, '@')]
	}
	password, err := readPassword(e)
	if err != nil {
		return err
	}
	hash, err := user.HashPassword(password, user.SystemRandom)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		return err
	}
	u := &user.User{Email: addr, DisplayName: strings.TrimSpace(name), Role: r, PasswordHash: hash}
	if err := s.CreateUser(ctx, u); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("an account with e-mail %s or the name %q already exists", addr, u.DisplayName)
		}
		return err
	}
	fmt.Fprintf(e.stdout, "created %s %s (id %d)\n", r, addr, u.ID)
	return nil
}

// readPassword prompts on a terminal, else reads the first line of stdin.
func readPassword(e env) (string, error) {
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.stderr, "Password: ")
		first, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(e.stderr, "Again: ")
		second, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", err
		}
		if string(first) != string(second) {
			return "", errors.New("the two passwords differ")
		}
		return string(first), nil
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", errors.New("no password on standard input (pipe one line, e.g. from a password manager)")
	}
	return strings.TrimRight(line, "\r\n"), nil
}
