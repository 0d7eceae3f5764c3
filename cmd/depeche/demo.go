package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"depeche/internal/content"
	"depeche/internal/demo"
	"depeche/internal/store"
	"depeche/internal/user"
)

const demoUsage = `Usage: depeche demo generate [flags]

Build a large fictional site for trials and measurements.
Run "depeche demo generate --help" for every flag.
`

func demoCmd(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] != "generate" {
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
			fmt.Fprint(e.stdout, demoUsage)
			return nil
		}
		return usagef("demo: expected \"demo generate\" (see depeche demo --help)")
	}
	f, err := parseGenerateFlags(args[1:], e)
	if err != nil {
		return err
	}
	return generateSite(ctx, f, e)
}

type generateFlags struct {
	db       dbFlags
	opt      demo.GenerateOptions
	articles string
	comments string
	seed     string
	sections string
	keywords string
	langs    string
	until    string
	baseURL  string
}

func parseGenerateFlags(args []string, e env) (*generateFlags, error) {
	f := &generateFlags{}
	c := newCommand("demo generate", "",
		"Build a large fictional site: translation groups with a version in (most of) the given\n"+
			"languages, Markdown bodies of 300 to 1,200 words, dates over ten years, authors, a section\n"+
			"tree, keywords and threaded comments. The same seed and flags give the same site.\n"+
			"The database must have no site yet, or an empty one (as \"serve\" creates); a site with\n"+
			"articles is refused. An administrator (admin@example.org) is created if there is none;\n"+
			"its password is printed once, or taken from DEPECHE_ADMIN_PASSWORD.", e.getenv)
	f.db.register(c)
	c.string(&f.articles, "articles", "", "1000", "number of translation groups; each gets a version in most of the languages")
	c.string(&f.langs, "languages", "", "fr,en,es", "comma-separated site languages, the default first (from "+strings.Join(demo.GeneratedLanguages(), ", ")+")")
	c.string(&f.comments, "comments", "", "10000", "number of reader comments, spread with a long tail over the public articles")
	c.string(&f.seed, "seed", "", "1", "random seed: the same seed gives the same site")
	c.string(&f.sections, "sections", "", "40", "number of sections, in a tree of three levels")
	c.string(&f.keywords, "keywords", "", "200", "number of keywords, in three groups")
	c.string(&f.until, "until", "", "", "date of the newest publication, YYYY-MM-DD; dates go back ten years from it (default: today, UTC)")
	c.string(&f.baseURL, "base-url", "DEPECHE_BASE_URL", "http://127.0.0.1:8080", "public URL of the site, as for serve")
	if err := c.parse(args, e.stdout); err != nil {
		return nil, err
	}
	if rest := c.fs.Args(); len(rest) > 0 {
		return nil, usagef("demo generate: unexpected argument %q", rest[0])
	}
	if err := f.db.validate(); err != nil {
		return nil, err
	}
	if err := f.validate(); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *generateFlags) validate() error {
	count := func(name, raw string, least, most int) (int, error) {
		n, err := strconv.Atoi(strings.ReplaceAll(raw, "_", ""))
		if err != nil || n < least || n > most {
			return 0, usagef("demo generate: --%s: expected a whole number from %d to %d (got %q)", name, least, most, raw)
		}
		return n, nil
	}
	var err error
	o := &f.opt
	if o.Groups, err = count("articles", f.articles, 1, 10_000_000); err != nil {
		return err
	}
	if o.Comments, err = count("comments", f.comments, 0, 100_000_000); err != nil {
		return err
	}
	if o.Sections, err = count("sections", f.sections, 1, 10_000); err != nil {
		return err
	}
	if o.Keywords, err = count("keywords", f.keywords, 0, 100_000); err != nil {
		return err
	}
	if o.Seed, err = strconv.ParseUint(f.seed, 10, 64); err != nil {
		return usagef("demo generate: --seed: expected a whole number, e.g. 1 (got %q)", f.seed)
	}
	o.Languages = nil
	for _, l := range strings.Split(f.langs, ",") {
		if l = strings.ToLower(strings.TrimSpace(l)); l != "" {
			o.Languages = append(o.Languages, l)
		}
	}
	o.Until = time.Now().UTC().Truncate(24 * time.Hour)
	if f.until != "" {
		if o.Until, err = time.Parse("2006-01-02", f.until); err != nil {
			return usagef("demo generate: --until: expected a date such as 2026-03-01 (got %q)", f.until)
		}
	}
	if !strings.HasPrefix(f.baseURL, "http://") && !strings.HasPrefix(f.baseURL, "https://") {
		return usagef("demo generate: --base-url: expected an absolute URL such as https://www.example.org (got %q)", f.baseURL)
	}
	o.BaseURL = strings.TrimRight(f.baseURL, "/")
	if err := o.Validate(); err != nil {
		return usagef("demo generate: --languages: %v", err)
	}
	return nil
}

func generateSite(ctx context.Context, f *generateFlags, e env) error {
	password := e.getenv("DEPECHE_ADMIN_PASSWORD")
	printed := password == ""
	if printed {
		var err error
		if password, err = user.RandomPassword(user.SystemRandom); err != nil {
			return err
		}
	}
	hash, err := user.HashPassword(password, user.SystemRandom)
	if err != nil {
		return fmt.Errorf("DEPECHE_ADMIN_PASSWORD: %w", err)
	}
	f.opt.AdminEmail, f.opt.AdminPasswordHash = demoAdminEmail, hash

	cfg := f.db.storeConfig()
	cfg.BulkLoad = true
	st, err := store.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
	o := f.opt
	fmt.Fprintf(e.stdout, "Generating %s translation groups in %s with %s comments (seed %d) into %s\n",
		thousands(o.Groups), strings.Join(o.Languages, ", "), thousands(o.Comments), o.Seed, st.Where())
	o.Progress = progressPrinter(e.stdout)
	sum, err := demo.Generate(ctx, st, o)
	if errors.Is(err, demo.ErrSiteHasArticles) {
		return usagef("demo generate: %s already has a site with articles: generate into an empty --data folder or database", st.Where())
	}
	if err != nil {
		if sum != nil && sum.SiteID != 0 {
			return fmt.Errorf("%w (the site is left partly generated: start again in an empty database)", err)
		}
		return err
	}
	printSummary(e.stdout, st, f.db, sum)
	switch {
	case !sum.AdminCreated:
		fmt.Fprintln(e.stdout, "An administrator already existed: log in with that account.")
	case printed:
		fmt.Fprintf(e.stdout, "\nAdministrator account (shown only this once):\n  e-mail:   %s\n  password: %s\n", demoAdminEmail, password)
	default:
		fmt.Fprintf(e.stdout, "\nAdministrator %s uses the password from DEPECHE_ADMIN_PASSWORD.\n", demoAdminEmail)
	}
	fmt.Fprintln(e.stdout, "\nServe it with: depeche serve"+dataArgs(f.db))
	return nil
}

// progressPrinter prints a line at most every five seconds, and the last
// one of each phase.
func progressPrinter(w io.Writer) func(demo.Progress) {
	var last time.Time
	return func(p demo.Progress) {
		if p.Done < p.Total && time.Since(last) < 5*time.Second {
			return
		}
		last = time.Now()
		unit := "translation groups"
		if p.Phase == "comments" {
			unit = "comments"
		}
		fmt.Fprintf(w, "  %s: %s / %s %s (%d%%), %s elapsed\n", p.Phase, thousands(p.Done), thousands(p.Total), unit,
			p.Done*100/max(p.Total, 1), p.Elapsed.Round(time.Second))
	}
}

func printSummary(w io.Writer, st *store.Store, db dbFlags, sum *demo.Summary) {
	fmt.Fprintf(w, "\nDone in %s (articles %s, comments %s).\n", (sum.ArticleTime + sum.CommentTime).Round(time.Second),
		sum.ArticleTime.Round(time.Second), sum.CommentTime.Round(time.Second))
	var langs []string
	for l, n := range sum.Articles {
		langs = append(langs, fmt.Sprintf("%s %s", l, thousands(n)))
	}
	slices.Sort(langs)
	fmt.Fprintf(w, "  translation groups %s; articles %s (%s)\n", thousands(sum.Groups), thousands(sum.TotalArticles()), strings.Join(langs, ", "))
	var statuses []string
	for _, s := range content.Statuses {
		if n := sum.Statuses[s]; n > 0 {
			statuses = append(statuses, fmt.Sprintf("%s %s", s, thousands(n)))
		}
	}
	fmt.Fprintf(w, "  statuses: %s; %s scheduled, %s outdated translations\n", strings.Join(statuses, ", "), thousands(sum.Scheduled), thousands(sum.Outdated))
	var comments []string
	for _, s := range []string{"published", "pending", "rejected", "spam"} {
		if n := sum.Comments[s]; n > 0 {
			comments = append(comments, fmt.Sprintf("%s %s", s, thousands(n)))
		}
	}
	fmt.Fprintf(w, "  comments %s (%s); busiest thread %s, deepest reply at depth %d\n", thousands(sum.TotalComments()),
		strings.Join(comments, ", "), thousands(sum.MostCommented), sum.DeepestReply)
	fmt.Fprintf(w, "  authors %d, sections %d, keywords %d\n", sum.Authors, sum.Sections, sum.Keywords)
	if st.Dialect() == "sqlite" {
		if size := sqliteSize(db.data); size > 0 {
			fmt.Fprintf(w, "  database %s: %s\n", st.Where(), humanBytes(size))
		}
	}
}

// sqliteSize is the size on disk of the database with its write-ahead log.
func sqliteSize(dir string) int64 {
	var total int64
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if fi, err := os.Stat(filepath.Join(dir, store.SQLiteFile+suffix)); err == nil {
			total += fi.Size()
		}
	}
	return total
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	default:
		return fmt.Sprintf("%d KiB", n>>10)
	}
}

// thousands writes 1234567 as 1,234,567.
func thousands(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// dataArgs repeats the database flags for the serve command to print.
func dataArgs(db dbFlags) string {
	if db.database != "" {
		return " --database '<the same URL>'"
	}
	return " --data " + db.data
}
