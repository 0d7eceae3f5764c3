package jobs

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"depeche/internal/access"
	"depeche/internal/content"
	"depeche/internal/i18n"
	"depeche/internal/store"
	"depeche/internal/user"
)

// Kinds of the comment mails, as the outbox and the X-Depeche-Kind header
// name them.
const (
	KindCommentModeration = "comment-moderation"
	KindCommentPublished  = "comment-published"
	KindCommentReply      = "comment-reply"
)

// UnsubscribePath is where the reader site takes one-click unsubscriptions.
const UnsubscribePath = "/unsubscribe"

// CommentNotifier tells people about comments by e-mail, through the
// outbox: moderators get a digest of the messages waiting in the languages
// they read, commenters who asked are told that their message is published
// and that someone answered it. It also erases commenters' addresses once
// they are old enough. Every process may run one: messages are claimed in
// the database, so each is announced once.
type CommentNotifier struct {
	Store *store.Store
	Log   *slog.Logger
	Now   func() time.Time
	// Interval is how often publications are announced (15 s when zero).
	Interval time.Duration
	// DigestInterval is how often moderators get a digest of the new
	// messages (5 minutes when zero): a busy thread makes one mail per
	// moderator and interval, not one per message.
	DigestInterval time.Duration
	// RetentionMonths is how long commenters' e-mail addresses and address
	// hashes are kept (checked hourly); 0 keeps them.
	RetentionMonths int
	// Batch is how many comments one claim takes; 50 when zero.
	Batch int

	bundle *i18n.Bundle
	key    []byte
	sites  map[int64]*content.Site
}

// Tick announces every comment waiting to be announced, to moderators and
// to commenters, and returns how many mails it queued.
func (n *CommentNotifier) Tick(ctx context.Context) (int, error) {
	digests, err := n.AnnouncePending(ctx)
	if err != nil {
		return digests, err
	}
	mails, err := n.AnnouncePublications(ctx)
	return digests + mails, err
}

func (n *CommentNotifier) batch() int {
	if n.Batch <= 0 {
		return 50
	}
	return n.Batch
}

// AnnouncePending queues the moderators' digests of the messages that
// arrived pending since the last run, and returns how many mails it queued.
func (n *CommentNotifier) AnnouncePending(ctx context.Context) (int, error) {
	return n.drain(ctx, func(batch int, made *int) (int, error) {
		return n.Store.ClaimNewPending(ctx, batch, func(items []store.QueueItem) ([]store.Mail, error) {
			mails, err := n.digests(ctx, items)
			*made = len(mails)
			return mails, err
		})
	})
}

// AnnouncePublications queues the mails of the messages published since
// the last run — to their authors, to the authors of the messages they
// answer — and returns how many it queued.
func (n *CommentNotifier) AnnouncePublications(ctx context.Context) (int, error) {
	return n.drain(ctx, func(batch int, made *int) (int, error) {
		return n.Store.ClaimPublications(ctx, batch, func(pubs []store.Publication) ([]store.Mail, error) {
			mails, err := n.publicationMails(ctx, pubs)
			*made = len(mails)
			return mails, err
		})
	})
}

// drain claims batches until one comes back short, and returns how many
// mails were queued; claim reports the mails it queued through made.
func (n *CommentNotifier) drain(ctx context.Context, claim func(batch int, made *int) (int, error)) (int, error) {
	if err := n.init(ctx); err != nil {
		return 0, err
	}
	batch, queued := n.batch(), 0
	for {
		made := 0
		claimed, err := claim(batch, &made)
		if err != nil {
			return queued, err
		}
		queued += made
		if claimed < batch {
			return queued, nil
		}
	}
}

// Purge erases the e-mail addresses and address hashes of comments older
// than the retention period and returns how many comments it changed.
func (n *CommentNotifier) Purge(ctx context.Context) (int, error) {
	if n.RetentionMonths <= 0 {
		return 0, nil
	}
	return n.Store.PurgeCommenterData(ctx, n.now().AddDate(0, -n.RetentionMonths, 0))
}

func (n *CommentNotifier) now() time.Time {
	if n.Now == nil {
		return time.Now()
	}
	return n.Now()
}

// Run announces publications every Interval, sends digests every
// DigestInterval and purges every hour, until ctx ends.
func (n *CommentNotifier) Run(ctx context.Context) {
	interval, digestEvery := n.Interval, n.DigestInterval
	if interval <= 0 {
		interval = 15 * time.Second
	}
	if digestEvery <= 0 {
		digestEvery = 5 * time.Minute
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	var lastDigest, lastPurge time.Time
	for {
		if now := n.now(); now.Sub(lastDigest) >= digestEvery {
			lastDigest = now
			if _, err := n.AnnouncePending(ctx); err != nil && ctx.Err() == nil {
				n.Log.Error("comment notifications: moderators", "err", err)
			}
		}
		if _, err := n.AnnouncePublications(ctx); err != nil && ctx.Err() == nil {
			n.Log.Error("comment notifications: commenters", "err", err)
		}
		if now := n.now(); now.Sub(lastPurge) >= time.Hour {
			lastPurge = now
			if count, err := n.Purge(ctx); err != nil && ctx.Err() == nil {
				n.Log.Warn("comment retention", "err", err)
			} else if count > 0 {
				n.Log.Info("comment retention: commenters' addresses erased", "comments", count)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (n *CommentNotifier) init(ctx context.Context) error {
	if n.bundle == nil {
		b, err := i18n.Load()
		if err != nil {
			return err
		}
		n.bundle = b
	}
	// Sites are read again on each run: their names and addresses change.
	n.sites = map[int64]*content.Site{}
	if n.key == nil {
		key, err := n.Store.UnsubscribeKey(ctx)
		if err != nil {
			return err
		}
		n.key = key
	}
	return nil
}

// site returns a comment's site, nil when it no longer exists.
func (n *CommentNotifier) site(ctx context.Context, id int64) (*content.Site, error) {
	if s, ok := n.sites[id]; ok {
		return s, nil
	}
	s, err := n.Store.SiteByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	n.sites[id] = s
	return s, nil
}

// digests makes one mail per moderator and site, listing the new messages
// in the languages the moderator reads, in their back-office language.
func (n *CommentNotifier) digests(ctx context.Context, items []store.QueueItem) ([]store.Mail, error) {
	users, err := n.Store.Users(ctx)
	if err != nil {
		return nil, err
	}
	var moderators []*user.User
	for _, u := range users {
		if u.Email != "" && access.Can(u, access.ModerateComments, nil, false, nil) {
			moderators = append(moderators, u)
		}
	}
	bySite := map[int64][]store.QueueItem{}
	var siteIDs []int64
	for _, it := range items {
		if _, seen := bySite[it.SiteID]; !seen {
			siteIDs = append(siteIDs, it.SiteID)
		}
		bySite[it.SiteID] = append(bySite[it.SiteID], it)
	}
	var out []store.Mail
	for _, id := range siteIDs {
		site, err := n.site(ctx, id)
		if err != nil {
			return nil, err
		}
		if site == nil {
			continue
		}
		for _, u := range moderators {
			var mine []store.QueueItem
			for _, it := range bySite[id] {
				if len(u.ModerationLanguages) == 0 || slices.Contains(u.ModerationLanguages, it.Language) {
					mine = append(mine, it)
				}
			}
			if len(mine) > 0 {
				out = append(out, n.digest(site, u, mine))
			}
		}
	}
	return out, nil
}

// digest lists a moderator's new messages language by language (the
// store returns them so grouped), each group with a link to its queue.
func (n *CommentNotifier) digest(site *content.Site, u *user.User, items []store.QueueItem) store.Mail {
	L := n.bundle.For(uiLanguage(u, site))
	name := siteName(site, L.Lang())
	var b strings.Builder
	b.WriteString(L.N("mail.comments.pending.intro", int64(len(items)), u.DisplayName))
	for i, it := range items {
		b.WriteString("\n\n")
		b.WriteString(L.T("mail.comments.pending.item", it.AuthorName, it.ArticleTitle, quote(excerpt(it.Body))))
		if i+1 == len(items) || items[i+1].Language != it.Language {
			lang := it.Language
			if l, ok := site.Language(lang); ok {
				lang = l.Name
			}
			link := site.BaseURL + "/admin/comments?status=pending&language=" + url.QueryEscape(it.Language)
			b.WriteString("\n\n")
			b.WriteString(L.T("mail.comments.pending.queue", lang, link))
		}
	}
	b.WriteString("\n\n-- \n")
	b.WriteString(L.T("mail.comments.pending.footer", name))
	return store.Mail{Recipient: u.Email, Subject: L.N("mail.comments.pending.subject", int64(len(items)), name), Body: b.String(),
		Language: L.Lang(), Kind: KindCommentModeration}
}

// publicationMails tells authors who asked that their message is public,
// and the authors of the messages answered that a reply is, each in the
// language they wrote in.
func (n *CommentNotifier) publicationMails(ctx context.Context, pubs []store.Publication) ([]store.Mail, error) {
	var out []store.Mail
	for _, p := range pubs {
		site, err := n.site(ctx, p.SiteID)
		if err != nil {
			return nil, err
		}
		if site == nil {
			continue
		}
		if p.NotifyPublished && p.AuthorEmail != "" {
			L := n.bundle.For(p.Language)
			link := commentURL(site, p.ArticleLang, p.ArticleSlug, p.ID)
			body := L.T("mail.comments.published.body", p.AuthorName, p.ArticleTitle, link)
			out = append(out, n.readerMail(site, p.Language, L, p.AuthorEmail, L.T("mail.comments.published.subject", p.ArticleTitle), body,
				KindCommentPublished))
		}
		if r := p.Parent; r != nil {
			L := n.bundle.For(r.Language)
			link := commentURL(site, r.ArticleLang, r.ArticleSlug, p.ID)
			body := L.T("mail.comments.reply.body", r.AuthorName, p.AuthorName, r.ArticleTitle, quote(excerpt(p.Body)), link)
			out = append(out, n.readerMail(site, r.Language, L, r.AuthorEmail, L.T("mail.comments.reply.subject", r.ArticleTitle), body,
				KindCommentReply))
		}
	}
	return out, nil
}

// readerMail adds to a mail for a reader the link that stops every such
// mail, in its text and, where RFC 8058 allows, as one-click headers. The
// page behind the link is in lang, the site language the reader wrote in.
func (n *CommentNotifier) readerMail(site *content.Site, lang string, L *i18n.Localizer, to, subject, body, kind string) store.Mail {
	link := site.BaseURL + UnsubscribePath + "?" + url.Values{"lang": {lang}, "t": {store.UnsubscribeToken(n.key, site.ID, to)}}.Encode()
	body += "\n\n-- \n" + L.T("mail.comments.unsubscribe", siteName(site, L.Lang()), link)
	m := store.Mail{Recipient: to, Subject: subject, Body: body, Language: L.Lang(), Kind: kind}
	if oneClick(link) {
		m.Unsubscribe = link
	}
	return m
}

// oneClick reports whether mail clients may POST to the link on their own:
// RFC 8058 wants HTTPS. A site still on plain HTTP keeps the link in the
// text only (the mail package would refuse the header), except on the
// loopback, for development and tests.
func oneClick(link string) bool {
	u, err := url.Parse(link)
	if err != nil {
		return false
	}
	if u.Scheme == "https" {
		return true
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	return u.Scheme == "http" && (host == "localhost" || (ip != nil && ip.IsLoopback()))
}

func commentURL(site *content.Site, lang, slug string, id int64) string {
	return site.BaseURL + "/" + lang + "/" + url.PathEscape(slug) + "#comment-" + strconv.FormatInt(id, 10)
}

// uiLanguage is the back office's rule: the account's language, else the
// site's default.
func uiLanguage(u *user.User, site *content.Site) string {
	if u.UILanguage != "" {
		return u.UILanguage
	}
	return site.DefaultLanguage
}

func siteName(site *content.Site, lang string) string {
	if t, ok := site.Texts[lang]; ok && t.Name != "" {
		return t.Name
	}
	if t, ok := site.Texts[site.DefaultLanguage]; ok && t.Name != "" {
		return t.Name
	}
	return site.BaseURL
}

// excerptRunes is how much of a message a mail quotes: enough to judge it
// or recognise it, not a copy of a long text.
const excerptRunes = 300

// excerpt is the start of a message on one line.
func excerpt(body string) string {
	s := strings.Join(strings.Fields(body), " ")
	if utf8.RuneCountInString(s) <= excerptRunes {
		return s
	}
	r := []rune(s)[:excerptRunes]
	if i := strings.LastIndexByte(string(r), ' '); i > len(string(r))/2 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}

// quote indents a quoted text so that it stands apart from the mail's own.
func quote(s string) string { return "    " + s }
