package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"depeche/internal/admin"
	"depeche/internal/auth"
	"depeche/internal/content"
	"depeche/internal/demo"
	"depeche/internal/jobs"
	"depeche/internal/mail"
	"depeche/internal/pagecache"
	"depeche/internal/server"
	"depeche/internal/site"
	"depeche/internal/stats"
	"depeche/internal/store"
	"depeche/internal/user"
)

type serveFlags struct {
	db                dbFlags
	addr              string
	baseURL           string
	demo              bool
	statsRetentionRaw string
	statsRetention    int
	smtp              mail.Config
	smtpPort          string
	proxiesRaw        string
	proxies           []netip.Prefix
	debugAddr         string
	pageCacheRaw      string
	pageCacheBytes    int64

	// commentRetention is how many months commenters' e-mail addresses
	// and address hashes are kept.
	commentRetentionRaw string
	commentRetention    int
}

func serveCmd(ctx context.Context, args []string, e env) error {
	var f serveFlags
	c := newCommand("serve", "", "Run the web server. Migrations are applied at start. With --demo, an empty database is\n"+
		"first filled with the demo site and an administrator whose password is printed once\n"+
		"(or taken from DEPECHE_ADMIN_PASSWORD).", e.getenv)
	f.db.register(c)
	c.string(&f.addr, "addr", "DEPECHE_ADDR", "127.0.0.1:8080", "address to listen on, host:port")
	c.string(&f.baseURL, "base-url", "DEPECHE_BASE_URL", "", "public URL of the site, used in links and feeds (default: http:// + --addr)")
	c.bool(&f.demo, "demo", "DEPECHE_DEMO", "load the demo site into an empty database")
	c.string(&f.smtp.Host, "smtp-host", "DEPECHE_SMTP_HOST", "", "SMTP server for notifications and invitations (none: mail waits in the outbox)")
	c.string(&f.smtpPort, "smtp-port", "DEPECHE_SMTP_PORT", "587", "SMTP port (submission with STARTTLS)")
	c.string(&f.smtp.Username, "smtp-user", "DEPECHE_SMTP_USER", "", "SMTP user name; the password comes from DEPECHE_SMTP_PASSWORD only")
	c.string(&f.smtp.From, "smtp-from", "DEPECHE_SMTP_FROM", "", "sender address, e.g. \"Dépêche <noreply@example.org>\"")
	c.string(&f.smtp.StartTLS, "smtp-starttls", "DEPECHE_SMTP_STARTTLS", "required", "required, opportunistic or none (none only for a local relay)")
	c.string(&f.proxiesRaw, "trusted-proxies", "DEPECHE_TRUSTED_PROXIES", "", "comma-separated networks of the load balancers in front (e.g. 10.0.0.0/8); readers' addresses are then read from X-Forwarded-For")
	c.string(&f.statsRetentionRaw, "stats-retention-months", "DEPECHE_STATS_RETENTION_MONTHS", "25", "months of daily audience aggregates to keep (0 keeps everything)")
	c.string(&f.commentRetentionRaw, "comment-retention-months", "DEPECHE_COMMENT_RETENTION_MONTHS", "12", "months after which commenters' e-mail addresses and address hashes are erased (0 keeps them)")
	c.string(&f.pageCacheRaw, "page-cache-mb", "DEPECHE_PAGE_CACHE_MB", strconv.Itoa(pagecache.DefaultMaxBytes>>20), "MiB of rendered pages kept in memory (0 turns the cache off); the Go memory limit follows it unless GOMEMLIMIT is set")
	c.string(&f.debugAddr, "debug-addr", "DEPECHE_DEBUG_ADDR", "", "host:port for Go's profiling endpoints (/debug/pprof/), e.g. 127.0.0.1:6060; keep it private (default: off)")
	if err := c.parse(args, e.stdout); err != nil {
		return err
	}
	f.smtp.Password = e.getenv("DEPECHE_SMTP_PASSWORD")
	if err := f.validate(); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))

	st, err := openStore(ctx, f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
	if err := firstStart(ctx, st, f, e, log); err != nil {
		return err
	}
	setMemoryLimit(e.getenv, max(f.pageCacheBytes, 0), log)
	recorder := stats.NewRecorder(stats.Options{Now: time.Now, Random: rand.Reader, OwnHosts: ownHosts(f.baseURL, f.addr)})
	siteHandler, err := site.New(site.Config{Store: st, Log: log, MediaDir: mediaDir(f.db), Stats: recorder, CacheBytes: f.pageCacheBytes,
		StatsRetentionMonths: f.statsRetention, CommentRetentionMonths: f.commentRetention, TrustedProxies: f.proxies})
	if err != nil {
		return err
	}
	// Other processes on the same PostgreSQL announce their changes; this
	// one drops the pages built from them. Listening starts before the
	// first request, so that no page is cached unheard.
	stopListening, err := listenForChanges(ctx, st)
	if err != nil {
		return err
	}
	defer stopListening()
	authn, err := auth.New(st, nil, nil)
	if err != nil {
		return err
	}
	backOffice, err := admin.New(admin.Config{Store: st, Auth: authn, Log: log, SecureCookies: strings.HasPrefix(f.baseURL, "https://"),
		MediaDir: mediaDir(f.db), MailEnabled: f.smtp.Host != "",
		Preview: func(siteID int64, lang, md string) template.HTML {
			return siteHandler.Preview(context.Background(), siteID, lang, md)
		}})
	if err != nil {
		return err
	}
	srv := server.New(st, log, server.Routes{Site: siteHandler, Admin: backOffice})
	jobsCtx, stopJobs := context.WithCancel(context.WithoutCancel(ctx))
	var jobsDone sync.WaitGroup
	jobsDone.Go(func() { (&jobs.Scheduler{Store: st, Log: log, Now: time.Now}).Run(jobsCtx) })
	jobsDone.Go(func() {
		(&jobs.StatsFlusher{Store: st, Recorder: recorder, Log: log, Now: time.Now, RetentionMonths: f.statsRetention}).Run(jobsCtx)
	})
	sender := mail.NewSender(f.smtp, time.Now, rand.Reader)
	jobsDone.Go(func() { (&jobs.Mailer{Store: st, Sender: sender, Log: log}).Run(jobsCtx) })
	jobsDone.Go(func() {
		(&jobs.CommentNotifier{Store: st, Log: log, Now: time.Now, RetentionMonths: f.commentRetention}).Run(jobsCtx)
	})
	// After the last request: stop the jobs, which flush the last counts.
	srv.OnShutdown(func(context.Context) error { stopJobs(); jobsDone.Wait(); return nil })
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %v", f.addr, errors.Unwrap(err))
	}
	if f.debugAddr != "" {
		stopDebug, err := serveDebug(ctx, f.debugAddr, log)
		if err != nil {
			ln.Close()
			return err
		}
		defer stopDebug()
	}
	log.Info("depeche is serving", "url", "http://"+ln.Addr().String(), "database", st.Where())
	return srv.Serve(ctx, ln)
}

func (f *serveFlags) validate() error {
	if err := f.db.validate(); err != nil {
		return err
	}
	host, port, err := net.SplitHostPort(f.addr)
	if err != nil || port == "" || strings.ContainsAny(host, "/ ") {
		return usagef("serve: --addr: expected host:port, e.g. 127.0.0.1:8080 (got %q)", f.addr)
	}
	mb, err := strconv.Atoi(f.pageCacheRaw)
	if err != nil || mb < 0 || mb > 1<<20 {
		return usagef("serve: --page-cache-mb: expected a number of MiB, 0 to turn the cache off (got %q)", f.pageCacheRaw)
	}
	f.pageCacheBytes = int64(mb) << 20
	if mb == 0 {
		f.pageCacheBytes = -1 // site.Config: negative turns the cache off
	}
	if f.debugAddr != "" {
		if _, _, err := net.SplitHostPort(f.debugAddr); err != nil {
			return usagef("serve: --debug-addr: expected host:port, e.g. 127.0.0.1:6060 (got %q)", f.debugAddr)
		}
	}
	if f.baseURL == "" {
		f.baseURL = "http://" + f.addr
	}
	if !strings.HasPrefix(f.baseURL, "http://") && !strings.HasPrefix(f.baseURL, "https://") {
		return usagef("serve: --base-url: expected an absolute URL such as https://www.example.org (got %q)", f.baseURL)
	}
	f.baseURL = strings.TrimRight(f.baseURL, "/")
	n, err := strconv.Atoi(f.statsRetentionRaw)
	if err != nil || n < 0 || n > 1200 {
		return usagef("serve: --stats-retention-months: expected a number of months, e.g. 25 (got %q)", f.statsRetentionRaw)
	}
	f.statsRetention = n
	n, err = strconv.Atoi(f.commentRetentionRaw)
	if err != nil || n < 0 || n > 1200 {
		return usagef("serve: --comment-retention-months: expected a number of months, e.g. 12 (got %q)", f.commentRetentionRaw)
	}
	f.commentRetention = n
	smtpPort, err := strconv.Atoi(f.smtpPort)
	if err != nil || smtpPort <= 0 || smtpPort > 65535 {
		return usagef("serve: --smtp-port: expected a port number, e.g. 587 (got %q)", f.smtpPort)
	}
	f.smtp.Port = smtpPort
	for _, p := range strings.Split(f.proxiesRaw, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			return usagef("serve: --trusted-proxies: expected networks such as 10.0.0.0/8,192.0.2.1/32 (got %q)", p)
		}
		f.proxies = append(f.proxies, prefix)
	}
	if err := f.smtp.Validate(); err != nil {
		return usagef("serve: SMTP settings: %v", err)
	}
	return nil
}

// ownHosts are the hosts whose referrers are the site's own pages.
func ownHosts(baseURL, addr string) []string {
	hosts := []string{}
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		hosts = append(hosts, u.Hostname())
	}
	if h, _, err := net.SplitHostPort(addr); err == nil && h != "" {
		hosts = append(hosts, h)
	}
	return hosts
}

// mediaDir is where uploaded and generated media live. With PostgreSQL the
// data folder still holds them (shared storage is a deployment concern).
func mediaDir(db dbFlags) string { return filepath.Join(db.data, "media") }

// firstStart creates the site the first time the server starts on an empty
// database: the demo site with --demo, else an empty site to fill. It runs under the migration
// lock: two processes started at once on an empty database (the first
// deployment of two replicas) would otherwise both find no site and both
// create one; the second now finds the first's.
func firstStart(ctx context.Context, st *store.Store, f serveFlags, e env, log *slog.Logger) error {
	return st.WithMigrationLock(ctx, func() error { return createFirstSite(ctx, st, f, e, log) })
}

func createFirstSite(ctx context.Context, st *store.Store, f serveFlags, e env, log *slog.Logger) error {
	n, err := st.CountSites(ctx)
	if err != nil || n > 0 {
		return err
	}
	if !f.demo {
		s := &content.Site{BaseURL: f.baseURL, DefaultLanguage: "fr", TimeZone: "Europe/Paris", CommentPolicy: content.ModerateBefore, CommentEmailRequired: true, FeedFullContent: true,
			Languages: []content.Language{{Code: "fr", Name: "Français", Direction: content.LTR}, {Code: "en", Name: "English", Direction: content.LTR}},
			Texts:     map[string]content.SiteText{"fr": {Name: "Nouveau site Dépêche"}, "en": {Name: "New Dépêche site"}}}
		if err := st.CreateSite(ctx, s); err != nil {
			return err
		}
		log.Info("created an empty site; add an administrator with: depeche user add --role administrator --email you@example.org")
		return nil
	}
	password := e.getenv("DEPECHE_ADMIN_PASSWORD")
	printed := password == ""
	if printed {
		if password, err = user.RandomPassword(user.SystemRandom); err != nil {
			return err
		}
	}
	hash, err := user.HashPassword(password, user.SystemRandom)
	if err != nil {
		return fmt.Errorf("DEPECHE_ADMIN_PASSWORD: %w", err)
	}
	media := mediaDir(f.db)
	_, err = demo.Load(ctx, st, demo.Options{BaseURL: f.baseURL, AdminEmail: demoAdminEmail, AdminPasswordHash: hash,
		MediaWriter: func(p string, data []byte) error {
			full := filepath.Join(media, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(full), 0o750); err != nil {
				return err
			}
			return os.WriteFile(full, data, 0o640)
		}})
	if err != nil {
		return fmt.Errorf("loading the demo site: %w", err)
	}
	if printed {
		fmt.Fprintf(e.stdout, "\nDemo site loaded. Administrator account (shown only this once):\n  e-mail:   %s\n  password: %s\n\n", demoAdminEmail, password)
	} else {
		fmt.Fprintf(e.stdout, "\nDemo site loaded. Administrator %s uses the password from DEPECHE_ADMIN_PASSWORD.\n\n", demoAdminEmail)
	}
	return nil
}

const demoAdminEmail = "admin@example.org"
