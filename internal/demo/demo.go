// Package demo loads the demonstration site: a fictional ministry web
// unit's blog in French, English, Spanish and Arabic, written for this
// project. It exercises every feature the public pages show.
package demo

import (
	"bufio"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/store"
	"depeche/internal/user"
)

//go:embed data
var files embed.FS

type i18n map[string]string

type siteFile struct {
	DefaultLanguage string `json:"default_language"`
	TimeZone        string `json:"timezone"`
	Languages       []struct {
		Code, Name, Dir string
	} `json:"languages"`
	Name          i18n `json:"name"`
	Tagline       i18n `json:"tagline"`
	LegalNotice   i18n `json:"legal_notice"`
	Accessibility i18n `json:"accessibility"`
	Footer        i18n `json:"footer"`
	Copyright     i18n `json:"copyright"`
	Sections      []struct {
		Key, Parent string
		Slug        i18n
		Title       i18n
		Description i18n
	} `json:"sections"`
	KeywordGroups []struct {
		Key      string
		Title    i18n
		Keywords []struct {
			Key   string
			Slug  i18n
			Title i18n
		}
	} `json:"keyword_groups"`
	Authors []struct {
		Key, Name, Email, Role string
		Bio                    i18n
	} `json:"authors"`
	Media []Image `json:"media"`
}

// Image is a demo illustration, drawn at load time rather than shipped.
type Image struct {
	File    string   `json:"file"`
	Width   int      `json:"width"`
	Height  int      `json:"height"`
	Credit  string   `json:"credit"`
	Alt     i18n     `json:"alt"`
	Caption i18n     `json:"caption"`
	Palette []string `json:"palette"`
	Motif   string   `json:"motif"`
}

type commentFile struct {
	ID, Parent, Lang, Author, Email, Website, Staff, Status, Created, Body string
}

// articleFile is one language version: "key: value" headers, a line with
// "---", then the Markdown body.
type articleFile struct {
	lang    string
	headers map[string]string
	body    string
}

// Options are what loading needs from the outside.
type Options struct {
	BaseURL string
	// Host is the Host header the site answers to; "" for the default site.
	Host string
	// MediaWriter stores a generated media file under a path like
	// "demo/forum.jpg"; nil skips generating images.
	MediaWriter func(path string, data []byte) error
	// AdminEmail and AdminPasswordHash create the administrator.
	AdminEmail        string
	AdminPasswordHash string
}

// Load creates the demo site in an empty database and returns it.
func Load(ctx context.Context, st *store.Store, opt Options) (*content.Site, error) {
	var sf siteFile
	raw, err := files.ReadFile("data/site.json")
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, &sf); err != nil {
		return nil, fmt.Errorf("demo site.json: %w", err)
	}
	l := &loader{st: st, sf: &sf, sections: map[string]int64{}, keywords: map[string]int64{}, authors: map[string]int64{}}
	if err := l.site(ctx, opt); err != nil {
		return nil, err
	}
	if err := l.people(ctx, opt); err != nil {
		return nil, err
	}
	if err := l.taxonomy(ctx); err != nil {
		return nil, err
	}
	if err := l.media(ctx, opt); err != nil {
		return nil, err
	}
	if err := l.articles(ctx); err != nil {
		return nil, err
	}
	return l.s, nil
}

type loader struct {
	st       *store.Store
	sf       *siteFile
	s        *content.Site
	sections map[string]int64
	keywords map[string]int64
	authors  map[string]int64
	adminID  int64
}

func (l *loader) site(ctx context.Context, opt Options) error {
	sf := l.sf
	site := &content.Site{Host: opt.Host, BaseURL: strings.TrimRight(opt.BaseURL, "/"), DefaultLanguage: sf.DefaultLanguage,
		TimeZone: sf.TimeZone, CommentPolicy: content.ModerateBefore, CommentEmailRequired: true, FeedFullContent: true, Texts: map[string]content.SiteText{}}
	for _, lang := range sf.Languages {
		site.Languages = append(site.Languages, content.Language{Code: lang.Code, Name: lang.Name, Direction: content.Direction(lang.Dir)})
		site.Texts[lang.Code] = content.SiteText{Name: sf.Name[lang.Code], Tagline: sf.Tagline[lang.Code],
			LegalNotice: sf.LegalNotice[lang.Code], Accessibility: sf.Accessibility[lang.Code],
			Footer: sf.Footer[lang.Code], Copyright: sf.Copyright[lang.Code]}
	}
	if err := l.st.CreateSite(ctx, site); err != nil {
		return fmt.Errorf("demo site: %w", err)
	}
	l.s = site
	return nil
}

func (l *loader) people(ctx context.Context, opt Options) error {
	if opt.AdminEmail != "" {
		admin := &user.User{Email: opt.AdminEmail, DisplayName: "Administrateur", Slug: "administrateur", Role: user.Administrator,
			PasswordHash: opt.AdminPasswordHash}
		if err := l.st.CreateUser(ctx, admin); err != nil {
			return fmt.Errorf("demo administrator: %w", err)
		}
		l.adminID = admin.ID
	}
	for _, a := range l.sf.Authors {
		role, err := user.ParseRole(a.Role)
		if err != nil {
			return fmt.Errorf("demo author %s: %w", a.Key, err)
		}
		u := &user.User{Email: a.Email, DisplayName: a.Name, Slug: a.Key, Role: role, Bio: a.Bio}
		if err := l.st.CreateUser(ctx, u); err != nil {
			return fmt.Errorf("demo author %s: %w", a.Key, err)
		}
		l.authors[a.Key] = u.ID
	}
	return nil
}

func (l *loader) taxonomy(ctx context.Context) error {
	// Sections are listed parents first, so one pass resolves every parent.
	for i, s := range l.sf.Sections {
		sec := &content.Section{SiteID: l.s.ID, ParentID: l.sections[s.Parent], Position: i, Texts: map[string]content.SectionText{}}
		if s.Parent != "" && sec.ParentID == 0 {
			return fmt.Errorf("demo section %s: parent %s must come first", s.Key, s.Parent)
		}
		for lang, title := range s.Title {
			sec.Texts[lang] = content.SectionText{Slug: s.Slug[lang], Title: title, Description: s.Description[lang]}
		}
		if err := l.st.CreateSection(ctx, sec); err != nil {
			return fmt.Errorf("demo section %s: %w", s.Key, err)
		}
		l.sections[s.Key] = sec.ID
	}
	for i, g := range l.sf.KeywordGroups {
		kg := &content.KeywordGroup{SiteID: l.s.ID, Position: i, Titles: g.Title}
		if err := l.st.CreateKeywordGroup(ctx, kg); err != nil {
			return err
		}
		for _, k := range g.Keywords {
			kw := &content.Keyword{SiteID: l.s.ID, GroupID: kg.ID, Texts: map[string]content.KeywordText{}}
			for lang, title := range k.Title {
				kw.Texts[lang] = content.KeywordText{Slug: k.Slug[lang], Title: title}
			}
			if err := l.st.CreateKeyword(ctx, kw); err != nil {
				return fmt.Errorf("demo keyword %s: %w", k.Key, err)
			}
			l.keywords[k.Key] = kw.ID
		}
	}
	return nil
}

func (l *loader) media(ctx context.Context, opt Options) error {
	for _, img := range l.sf.Media {
		m := &content.Media{SiteID: l.s.ID, Path: "demo/" + img.File, MimeType: "image/jpeg", Width: img.Width, Height: img.Height,
			Credit: img.Credit, Texts: map[string]content.MediaText{}}
		for lang, alt := range img.Alt {
			m.Texts[lang] = content.MediaText{Alt: alt, Caption: img.Caption[lang]}
		}
		if opt.MediaWriter != nil {
			for _, w := range content.VariantWidths(img.Width) {
				data, err := Draw(img, w)
				if err != nil {
					return fmt.Errorf("demo image %s: %w", img.File, err)
				}
				if err := opt.MediaWriter(content.VariantPath(m.Path, w, img.Width), data); err != nil {
					return fmt.Errorf("demo image %s: %w", img.File, err)
				}
				if w == img.Width {
					m.Size = int64(len(data))
				}
			}
		}
		if err := l.st.CreateMedia(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) articles(ctx context.Context) error {
	dirs, err := fs.ReadDir(files, "data/articles")
	if err != nil {
		return err
	}
	for _, d := range dirs {
		if err := l.group(ctx, path.Join("data/articles", d.Name())); err != nil {
			return fmt.Errorf("demo %s: %w", d.Name(), err)
		}
	}
	return nil
}

func (l *loader) group(ctx context.Context, dir string) error {
	entries, err := fs.ReadDir(files, dir)
	if err != nil {
		return err
	}
	var versions []*articleFile
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".md") {
			continue
		}
		af, err := parseArticle(dir, e.Name())
		if err != nil {
			return err
		}
		versions = append(versions, af)
	}
	// The source (the one that translates nothing) is created first.
	sort.SliceStable(versions, func(i, j int) bool {
		return versions[i].headers["translation_of"] == "" && versions[j].headers["translation_of"] != ""
	})
	if len(versions) == 0 || versions[0].headers["translation_of"] != "" {
		return fmt.Errorf("no source version")
	}
	source := versions[0]
	g := &content.TranslationGroup{SiteID: l.s.ID, SourceLanguage: source.lang, SharedComments: true}
	if err := l.st.CreateGroup(ctx, g); err != nil {
		return err
	}
	anyOutdated := false
	for _, v := range versions[1:] {
		anyOutdated = anyOutdated || v.headers["outdated"] == "true"
	}
	byLang := map[string]*content.Article{}
	var srcArticle *content.Article
	for i, v := range versions {
		a, err := l.article(v, g.ID)
		if err != nil {
			return err
		}
		full := a.Body
		// To show an outdated translation honestly, the source is first
		// saved without its last paragraph, translated, then completed.
		if i == 0 && anyOutdated {
			if cut := strings.LastIndex(strings.TrimSpace(full), "\n\n"); cut > 0 {
				a.Body = full[:cut]
			}
		}
		if err := l.st.CreateArticle(ctx, a, l.authorOf(a)); err != nil {
			return fmt.Errorf("%s: %w", v.lang, err)
		}
		if i == 0 {
			srcArticle = a
			a.Body = full
		}
		byLang[v.lang] = a
	}
	if anyOutdated && srcArticle.Body != "" {
		if err := l.st.UpdateArticle(ctx, srcArticle, l.authorOf(srcArticle)); err != nil {
			return err
		}
		for _, v := range versions[1:] {
			if v.headers["outdated"] != "true" {
				if err := l.st.MarkUpToDate(ctx, l.s.ID, byLang[v.lang].ID); err != nil {
					return err
				}
			}
		}
	}
	return l.comments(ctx, dir, byLang, srcArticle)
}

func (l *loader) authorOf(a *content.Article) int64 {
	if len(a.AuthorIDs) > 0 {
		return a.AuthorIDs[0]
	}
	return l.adminID
}

func (l *loader) article(v *articleFile, groupID int64) (*content.Article, error) {
	h := v.headers
	published, err := time.Parse(time.RFC3339, h["published"])
	if err != nil {
		return nil, fmt.Errorf("%s: published: %w", v.lang, err)
	}
	status := content.Status(h["status"])
	if !status.Valid() {
		return nil, fmt.Errorf("%s: unknown status %q", v.lang, h["status"])
	}
	a := &content.Article{SiteID: l.s.ID, GroupID: groupID, SectionID: l.sections[h["section"]], Language: v.lang, Slug: h["slug"],
		Surtitle: h["surtitle"], Title: h["title"], Subtitle: h["subtitle"], Lead: h["lead"], Body: v.body, Place: h["place"],
		Status: status, CreatedAt: published.Add(-48 * time.Hour)}
	if status == content.Published {
		a.PublishedAt = published
	}
	if views := h["views"]; views != "" {
		n, err := strconv.ParseInt(views, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s: views: %w", v.lang, err)
		}
		a.ViewCount = n
	}
	for _, key := range splitList(h["authors"]) {
		id, ok := l.authors[key]
		if !ok {
			return nil, fmt.Errorf("%s: unknown author %q", v.lang, key)
		}
		a.AuthorIDs = append(a.AuthorIDs, id)
	}
	for _, key := range splitList(h["keywords"]) {
		id, ok := l.keywords[key]
		if !ok {
			return nil, fmt.Errorf("%s: unknown keyword %q", v.lang, key)
		}
		a.KeywordIDs = append(a.KeywordIDs, id)
	}
	return a, nil
}

func (l *loader) comments(ctx context.Context, dir string, byLang map[string]*content.Article, source *content.Article) error {
	raw, err := files.ReadFile(path.Join(dir, "comments.json"))
	if err != nil {
		return nil // a group without comments
	}
	var list []commentFile
	if err := json.Unmarshal(raw, &list); err != nil {
		return fmt.Errorf("comments.json: %w", err)
	}
	ids := map[string]int64{}
	for _, cf := range list {
		created, err := time.Parse(time.RFC3339, cf.Created)
		if err != nil {
			return fmt.Errorf("comment %s: %w", cf.ID, err)
		}
		article := byLang[cf.Lang]
		if article == nil {
			article = source
		}
		c := &comment.Comment{SiteID: l.s.ID, ArticleID: article.ID, ParentID: ids[cf.Parent], Language: cf.Lang,
			AuthorName: cf.Author, AuthorEmail: cf.Email, AuthorURL: cf.Website, UserID: l.authors[cf.Staff], Body: cf.Body,
			Status: comment.Status(cf.Status), CreatedAt: created}
		if cf.Parent != "" && c.ParentID == 0 {
			return fmt.Errorf("comment %s: parent %s must come first", cf.ID, cf.Parent)
		}
		if err := l.st.CreateComment(ctx, c); err != nil {
			return fmt.Errorf("comment %s: %w", cf.ID, err)
		}
		ids[cf.ID] = c.ID
	}
	return nil
}

func parseArticle(dir, name string) (*articleFile, error) {
	raw, err := files.ReadFile(path.Join(dir, name))
	if err != nil {
		return nil, err
	}
	af := &articleFile{lang: strings.TrimSuffix(name, ".md"), headers: map[string]string{}}
	r := bufio.NewReader(strings.NewReader(string(raw)))
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("%s: no --- line after the headers", name)
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "---" {
			break
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("%s: header line %q is not key: value", name, line)
		}
		af.headers[strings.TrimSpace(key)] = strings.TrimSpace(value)
	}
	rest, _ := io.ReadAll(r)
	af.body = strings.TrimSpace(string(rest))
	return af, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
