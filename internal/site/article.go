package site

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/render"
	"depeche/internal/store"
	"depeche/internal/user"
)

// maxCommentDepth is the deepest nesting shown; deeper replies are shown at
// this level with an "in reply to" mention.
const maxCommentDepth = 4

type articleView struct {
	Breadcrumb              []link
	Surtitle, Title         string
	Subtitle                string
	Authors                 []link
	Place                   string
	Published, PublishedISO string
	Versions                []link
	Outdated                bool
	Original                *link
	Lead                    string
	Body                    any
	ViewsText               string
	Keywords                []link
	ShareTop, ShareFoot     shareView
	Comments                commentsView
	article                 *content.Article
	group                   []*content.Article
	policy                  content.CommentPolicy
	sourceLanguage          string
	sharedThread            bool
	form                    *commentForm
	notice                  string
}

func (s *Site) article(w http.ResponseWriter, r *request, slug string) {
	a, err := s.store.ArticleBySlug(r.ctx(), r.site.ID, r.lang, slug)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			if moved, err := s.store.ArticleByOldSlug(r.ctx(), r.site.ID, r.lang, slug); err == nil && moved.IsPublicAt(s.now()) {
				http.Redirect(w, r.Request, articlePath(moved.Language, moved.Slug), http.StatusMovedPermanently)
				return
			}
			if s.redirectLegacy(w, r.Request, r.site) {
				return
			}
			s.errorPage(w, r, http.StatusNotFound)
			return
		}
		s.serverError(w, r.Request, err)
		return
	}
	if !a.IsPublicAt(s.now()) {
		if a.Status == content.Trashed {
			s.errorPage(w, r, http.StatusGone)
		} else {
			s.errorPage(w, r, http.StatusNotFound)
		}
		return
	}
	v, err := s.articleView(r, a)
	if err != nil {
		s.serverError(w, r.Request, err)
		return
	}
	if q := r.URL.Query().Get("comment"); q == "pending" {
		v.notice = r.L.T("comments.awaiting")
	} else if q == "published" {
		v.notice = r.L.T("comments.thanks")
	}
	s.renderArticle(w, r, http.StatusOK, v)
}

// articleView gathers everything the article page shows.
func (s *Site) articleView(r *request, a *content.Article) (*articleView, error) {
	ctx := r.ctx()
	loc := r.site.Location()
	now := s.now()
	v := &articleView{article: a, Surtitle: typo(r, a.Surtitle), Title: typo(r, a.Title), Subtitle: typo(r, a.Subtitle),
		Place: a.Place, Lead: typo(r, a.Lead)}
	v.Published = r.L.Date(a.PublishedAt.In(loc))
	v.PublishedISO = r.L.ISODateTime(a.PublishedAt)
	v.Body = s.markdown(r, a.Body)

	sections, err := s.sections(r)
	if err != nil {
		return nil, err
	}
	v.Breadcrumb = breadcrumb(sections, a.SectionID, r.lang)

	users, err := s.store.UsersByIDs(ctx, a.AuthorIDs)
	if err != nil {
		return nil, err
	}
	for _, id := range a.AuthorIDs {
		if u, ok := users[id]; ok {
			v.Authors = append(v.Authors, link{Text: u.DisplayName, Href: objectPath(r.lang, kindAuthor, u.Slug)})
		}
	}
	keywords, err := s.store.Keywords(ctx, r.site.ID)
	if err != nil {
		return nil, err
	}
	for _, id := range a.KeywordIDs {
		if k, ok := keywords[id]; ok {
			if t, ok := k.Texts[r.lang]; ok {
				v.Keywords = append(v.Keywords, link{Text: t.Title, Href: objectPath(r.lang, kindKeyword, t.Slug)})
			}
		}
	}

	group, err := s.store.GroupVersions(ctx, r.site.ID, a.GroupID)
	if err != nil {
		return nil, err
	}
	g, err := s.store.GroupByID(ctx, r.site.ID, a.GroupID)
	if err != nil {
		return nil, err
	}
	v.sharedThread = g.SharedComments
	v.sourceLanguage = g.SourceLanguage
	var views int64
	byLang := map[string]*content.Article{}
	for _, ver := range group {
		views += ver.ViewCount
		if ver.IsPublicAt(now) {
			byLang[ver.Language] = ver
		}
	}
	// Versions are listed in the site's language order.
	for _, l := range r.site.Languages {
		if ver, ok := byLang[l.Code]; ok {
			v.Versions = append(v.Versions, link{Text: l.Name, Href: articlePath(l.Code, ver.Slug), Lang: l.Code, Dir: string(l.Direction),
				Current: l.Code == r.lang})
			v.group = append(v.group, ver)
		}
	}
	if src, ok := byLang[g.SourceLanguage]; ok && a.Outdated(src) {
		v.Outdated = true
		v.Original = &link{Href: articlePath(src.Language, src.Slug), Lang: src.Language}
	}
	if r.site.ViewsPerLanguage {
		views = a.ViewCount
	}
	v.ViewsText = r.L.N("article.views", views)

	canonical := r.site.BaseURL + articlePath(r.lang, a.Slug)
	v.ShareTop = s.shareView(r, "top", v.Title, canonical, articlePath(r.lang, a.Slug))
	v.ShareFoot = s.shareView(r, "foot", v.Title, canonical, articlePath(r.lang, a.Slug))

	v.policy = commentPolicy(r.site, sections, a)
	return v, nil
}

func (s *Site) renderArticle(w http.ResponseWriter, r *request, status int, v *articleView) {
	if err := s.fillComments(r, v); err != nil {
		s.serverError(w, r.Request, err)
		return
	}
	vs := variants{}
	for _, ver := range v.group {
		vs[ver.Language] = articlePath(ver.Language, ver.Slug)
	}
	lo := s.newLayout(r, v.Title, vs)
	lo.Description = v.Lead
	s.articleSocial(r, lo, v)
	if v.Comments.Enabled {
		lo.Feeds = append(lo.Feeds, feedLink{Type: "application/atom+xml", Title: "Atom — " + v.Comments.Heading,
			Href: articlePath(r.lang, v.article.Slug) + "/comments.atom"})
	}
	lo.Main = v
	lo.articleID, lo.groupID = v.article.ID, v.article.GroupID
	lo.tags = []string{store.GroupTag(v.article.GroupID)}
	s.render(w, r, status, "article", lo)
}

// breadcrumb lists a section and its ancestors, outermost first.
func breadcrumb(sections []*content.Section, id int64, lang string) []link {
	byID := map[int64]*content.Section{}
	for _, s := range sections {
		byID[s.ID] = s
	}
	var out []link
	for sec := byID[id]; sec != nil && len(out) < 16; sec = byID[sec.ParentID] {
		t, ok := sec.Texts[lang]
		if !ok {
			break
		}
		out = append([]link{{Text: t.Title, Href: objectPath(lang, kindSection, t.Slug)}}, out...)
	}
	return out
}

// typo applies the reader language's typography to plain text.
func typo(r *request, s string) string { return render.Typography(r.lang, s) }

type commentsView struct {
	Enabled bool
	Heading string
	Notice  string
	Thread  []commentView
	Form    *commentForm
}

type commentView struct {
	Anchor, Lang, Dir          string
	Author, URL                string
	Staff                      bool
	StaffLabel                 string
	ByPrefix, BySuffix         string
	DateISO                    string
	HTML                       any
	InReplyTo, InReplyToAnchor string
	ReplyHref, ReplyLabel      string
	Replies                    []commentView
}

// fillComments loads the published thread and prepares the form.
func (s *Site) fillComments(r *request, v *articleView) error {
	if v.policy == content.NoComments {
		return nil
	}
	a := v.article
	tq := store.ThreadQuery{SiteID: r.site.ID, GroupID: a.GroupID, Statuses: []comment.Status{comment.Published}}
	if !v.sharedThread {
		tq.ArticleID = a.ID
	}
	list, err := s.store.Thread(r.ctx(), tq)
	if err != nil {
		return err
	}
	if err := s.markMembers(r, list); err != nil {
		return err
	}
	loc := r.site.Location()
	base := articlePath(r.lang, a.Slug)
	var build func(nodes []*comment.Node) []commentView
	build = func(nodes []*comment.Node) []commentView {
		out := make([]commentView, 0, len(nodes))
		for _, n := range nodes {
			// The message is split around the author so the name can be a
			// link and isolated for bidirectional text.
			by := r.L.T("comments.by", r.L.DateTime(n.CreatedAt.In(loc)), "\x00")
			prefix, suffix, _ := strings.Cut(by, "\x00")
			cv := commentView{Anchor: "comment-" + strconv.FormatInt(n.ID, 10), Lang: n.Language, Dir: dirOf(r.site, n.Language),
				Author: n.AuthorName, URL: safeURL(n.AuthorURL), Staff: n.Staff(), StaffLabel: r.L.T("comments.staff"),
				ByPrefix: prefix, BySuffix: suffix, DateISO: r.L.ISODateTime(n.CreatedAt), HTML: render.Comment(n.Body),
				ReplyHref:  base + "?" + url.Values{"reply": {strconv.FormatInt(n.ID, 10)}}.Encode() + "#comment-form",
				ReplyLabel: r.L.T("comments.reply")}
			if n.Flattened && n.Parent != nil {
				cv.InReplyTo = r.L.T("comments.inreplyto", n.Parent.AuthorName)
				cv.InReplyToAnchor = "comment-" + strconv.FormatInt(n.Parent.ID, 10)
			}
			cv.Replies = build(n.Replies)
			out = append(out, cv)
		}
		return out
	}
	v.Comments = commentsView{Enabled: true, Heading: r.L.N("comments.count", int64(len(list))), Notice: v.notice,
		Thread: build(comment.Tree(list, maxCommentDepth-1))}
	form := v.form
	if form == nil {
		form = &commentForm{}
		if p, err := strconv.ParseInt(r.URL.Query().Get("reply"), 10, 64); err == nil {
			form.Parent = p
		}
	}
	form.Action = base
	if secret, err := s.formSecret(r.ctx()); err == nil {
		issued := s.now()
		form.Issued, form.Sig = strconv.FormatInt(issued.Unix(), 10), comment.SignForm(secret, a.GroupID, issued)
	} else {
		return err
	}
	// A post refused because the thread closed meanwhile comes back with
	// everything typed, so nothing is lost.
	form.Open = acceptsComments(v.policy) || len(form.Errors) > 0
	form.Members = v.policy == content.MembersOnly
	form.EmailRequired = r.site.CommentEmailRequired
	if form.Members {
		form.SignIn = "/admin/login?" + url.Values{"next": {base + "#comment-form"}}.Encode()
	}
	form.Policy = policyText(r, v.policy)
	if form.Parent != 0 {
		form.ReplyTo = ""
		for _, c := range list {
			if c.ID == form.Parent {
				form.ReplyTo = r.L.T("comments.form.replyingto", c.AuthorName)
			}
		}
		if form.ReplyTo == "" {
			form.Parent = 0 // unknown or unpublished: start a new thread instead
		}
		form.CancelReply = base + "#comment-form"
	}
	form.ErrorSummary = r.L.N("error.summary", int64(len(form.Errors)))
	v.Comments.Form = form
	return nil
}

func policyText(r *request, p content.CommentPolicy) string {
	switch p {
	case content.ModerateAfter:
		return r.L.T("comments.policy.after")
	case content.MembersOnly:
		return r.L.T("comments.policy.members")
	case content.Closed:
		return r.L.T("comments.policy.closed")
	}
	return r.L.T("comments.policy.before")
}

// markMembers tells members' messages from the team's: both are written
// from an account, only the team's are labelled as such.
func (s *Site) markMembers(r *request, list []*comment.Comment) error {
	var ids []int64
	for _, c := range list {
		if c.UserID != 0 && !slices.Contains(ids, c.UserID) {
			ids = append(ids, c.UserID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	users, err := s.store.UsersByIDs(r.ctx(), ids)
	if err != nil {
		return err
	}
	for _, c := range list {
		if u, ok := users[c.UserID]; ok && u.Role == user.Member {
			c.ByMember = true
		}
	}
	return nil
}

// safeURL keeps a reader's website only when it is a plain web address.
func safeURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}
