package demo

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"depeche/internal/content"
	"depeche/internal/store"
	"depeche/internal/user"
)

// GenerateOptions describe the site Generate builds.
type GenerateOptions struct {
	// Groups is the number of translation groups; each gets a version in
	// most of the Languages.
	Groups int
	// Languages are the site's languages, the default first; each must be
	// one of GeneratedLanguages.
	Languages []string
	// Comments is the number of reader comments, spread over the public
	// articles with a long tail.
	Comments int
	// Seed makes the site: the same seed and options give the same site.
	Seed uint64
	// Sections and Keywords are the sizes of the section tree (three
	// levels) and of the keyword list.
	Sections int
	Keywords int
	// Until is the newest publication date: dates go back ten years from
	// it, and a few publications are scheduled after it.
	Until time.Time
	// BaseURL is the site's public address.
	BaseURL string
	// AdminEmail and AdminPasswordHash create an administrator, unless the
	// database already has one.
	AdminEmail        string
	AdminPasswordHash string
	// Progress, when set, is called after each batch written.
	Progress func(Progress)
}

// Progress reports how far a phase has gone.
type Progress struct {
	Phase   string // "articles" or "comments"
	Done    int    // groups written, or comments written
	Total   int
	Elapsed time.Duration // since Generate started
}

// Summary describes the site Generate built.
type Summary struct {
	SiteID        int64
	AdminCreated  bool
	Authors       int
	Sections      int
	Keywords      int
	Groups        int
	Articles      map[string]int         // by language
	Statuses      map[content.Status]int // articles by status
	Scheduled     int                    // published with a date after Until
	Outdated      int                    // translations behind their source
	Comments      map[string]int         // by status
	MostCommented int                    // comments of the busiest thread
	DeepestReply  int                    // depth of the deepest reply (roots are 0)
	ArticleTime   time.Duration
	CommentTime   time.Duration
}

// TotalArticles is the number of articles in every language.
func (s *Summary) TotalArticles() int {
	n := 0
	for _, c := range s.Articles {
		n += c
	}
	return n
}

// TotalComments is the number of comments of every status.
func (s *Summary) TotalComments() int {
	n := 0
	for _, c := range s.Comments {
		n += c
	}
	return n
}

// ErrSiteHasArticles is returned when the database's site already has
// articles: generating into it would mix fiction with someone's work.
var ErrSiteHasArticles = errors.New("the site already has articles")

// Generation batches: each is one transaction. Big enough that commits
// (and their disk flushes) are a small part of the time, small enough to
// keep memory and the SQLite write-ahead log modest.
const (
	groupBatch   = 500
	commentBatch = 50_000
)

// Seeds of the random streams. Each group has its own stream, so that a
// group's content does not depend on how many groups come after it.
const (
	streamPeople = iota + 1
	streamTaxonomy
	streamCommentPlan
	streamCommenters
	streamGroups   = 1 << 40
	streamComments = 2 << 40
)

// rng returns the random source of one stream of the seed.
func rng(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(splitmix(seed^splitmix(stream)), splitmix(stream+0x9e3779b97f4a7c15^seed)))
}

// splitmix is SplitMix64's finalizer: nearby inputs give unrelated outputs.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// Validate checks the options before anything is written.
func (o *GenerateOptions) Validate() error {
	switch {
	case o.Groups < 1:
		return fmt.Errorf("the number of articles must be at least 1")
	case o.Comments < 0:
		return fmt.Errorf("the number of comments cannot be negative")
	case o.Sections < 1:
		return fmt.Errorf("the number of sections must be at least 1")
	case o.Keywords < 0:
		return fmt.Errorf("the number of keywords cannot be negative")
	case len(o.Languages) == 0:
		return fmt.Errorf("at least one language is required")
	case o.Until.IsZero():
		return fmt.Errorf("the date of the newest article is required")
	}
	seen := map[string]bool{}
	for _, l := range o.Languages {
		if langIndex(l) < 0 {
			return fmt.Errorf("unknown language %q: expected %s", l, strings.Join(genLanguages, ", "))
		}
		if seen[l] {
			return fmt.Errorf("language %q is listed twice", l)
		}
		seen[l] = true
	}
	return nil
}

// Generate builds a large fictional site: translation groups with versions
// in the given languages, a section tree, keywords, authors and threaded
// comments. The database must have no site, or a site without articles. It
// writes in batched transactions; a failure leaves the batches already
// written.
func Generate(ctx context.Context, st *store.Store, opt GenerateOptions) (*Summary, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	g := &generator{st: st, opt: opt, start: time.Now(), sum: &Summary{Articles: map[string]int{}, Statuses: map[content.Status]int{},
		Comments: map[string]int{}}, slugs: map[string]map[string]int{}}
	for _, l := range opt.Languages {
		g.langs = append(g.langs, langIndex(l))
		g.slugs[l] = map[string]int{}
	}
	steps := []func(context.Context) error{g.makeSite, g.people, g.taxonomy, g.articles, g.comments}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return g.sum, err
		}
	}
	return g.sum, nil
}

type generator struct {
	st    *store.Store
	opt   GenerateOptions
	start time.Time
	sum   *Summary
	site  *content.Site
	langs []int // indexes of the site's generated languages into a tr

	authors  []author
	editorID int64 // the copy desk, which puts every article online
	sections []genSection
	keywords []int64
	// slugs counts the slugs taken per language, for unique article slugs.
	slugs map[string]map[string]int
	// groups keeps what the comment phase needs of each group.
	groups []groupMeta
}

type author struct {
	id          int64
	name, email string
}

type genSection struct {
	id    int64
	title tr
}

// groupMeta is what comments need to know of a group once it is stored.
type groupMeta struct {
	article [3]int64 // by position in opt.Languages; 0 when absent
	public  [3]int64 // publication time (Unix seconds) of the public versions; 0 otherwise
	author  int      // index in authors
	shared  bool
}

func (g *generator) makeSite(ctx context.Context) error {
	n, err := g.st.CountSites(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		site, err := g.st.SiteByHost(ctx, "")
		if err != nil {
			return err
		}
		if err := g.refuseArticles(ctx, site); err != nil {
			return err
		}
		// An empty site (as "serve" creates on a first start) is filled:
		// it gains the generated languages it lacks.
		changed := false
		for _, l := range g.langs {
			if _, ok := site.Language(genLanguages[l]); !ok {
				site.Languages = append(site.Languages, content.Language{Code: genLanguages[l], Name: languageNames[l], Direction: content.LTR})
				site.Texts[genLanguages[l]] = g.siteText(l)
				changed = true
			}
		}
		if changed {
			if err := g.st.UpdateSite(ctx, site); err != nil {
				return err
			}
		}
		g.site, g.sum.SiteID = site, site.ID
		return nil
	}
	site := &content.Site{BaseURL: strings.TrimRight(g.opt.BaseURL, "/"), DefaultLanguage: g.opt.Languages[0], TimeZone: "Europe/Paris",
		CommentPolicy: content.ModerateBefore, CommentEmailRequired: true, FeedFullContent: true, Texts: map[string]content.SiteText{},
		CreatedAt: g.opt.Until.AddDate(-10, 0, -30)}
	for _, l := range g.langs {
		site.Languages = append(site.Languages, content.Language{Code: genLanguages[l], Name: languageNames[l], Direction: content.LTR})
		site.Texts[genLanguages[l]] = g.siteText(l)
	}
	if err := g.st.CreateSite(ctx, site); err != nil {
		return err
	}
	g.site, g.sum.SiteID = site, site.ID
	return nil
}

func (g *generator) siteText(l int) content.SiteText {
	t := siteTexts
	return content.SiteText{Name: t.name[l], Tagline: t.tagline[l], LegalNotice: t.legal[l], Accessibility: t.accessibility[l],
		Footer: t.footer[l], Copyright: t.copyright[l]}
}

// refuseArticles returns ErrSiteHasArticles when the site has any article,
// in any language it has or is about to get.
func (g *generator) refuseArticles(ctx context.Context, site *content.Site) error {
	langs := map[string]bool{}
	for _, l := range site.Languages {
		langs[l.Code] = true
	}
	for _, l := range g.opt.Languages {
		langs[l] = true
	}
	total := 0
	for l := range langs {
		n, err := g.st.ArticlesInLanguage(ctx, site.ID, l)
		if err != nil {
			return err
		}
		total += n
	}
	if total > 0 {
		return fmt.Errorf("%w (%d)", ErrSiteHasArticles, total)
	}
	return nil
}

// people creates the administrator (when there is none) and the authors.
func (g *generator) people(ctx context.Context) error {
	r := rng(g.opt.Seed, streamPeople)
	if g.opt.AdminEmail != "" {
		n, err := g.st.CountUsers(ctx, user.Administrator)
		if err != nil {
			return err
		}
		if n == 0 {
			admin := &user.User{Email: g.opt.AdminEmail, DisplayName: "Administrateur", Slug: "administrateur", Role: user.Administrator,
				PasswordHash: g.opt.AdminPasswordHash}
			if err := g.createUser(ctx, admin); err != nil {
				return fmt.Errorf("administrator: %w", err)
			}
			g.sum.AdminCreated = true
		}
	}
	count := min(max(g.opt.Groups/1500, 6), 120)
	taken := map[string]bool{}
	for i := 0; len(g.authors) < count; i++ {
		name := oneOf(r, firstNames) + " " + oneOf(r, lastNames)
		if taken[name] {
			continue
		}
		taken[name] = true
		role := user.Author
		if len(g.authors)%6 == 0 {
			role = user.Editor
		}
		section := oneOf(r, sectionTree).title
		since := g.opt.Until.Year() - 1 - r.IntN(15)
		bio := map[string]string{}
		for _, l := range g.langs {
			bio[genLanguages[l]] = fmt.Sprintf(authorBio[l], name, section[l], since)
		}
		u := &user.User{Email: content.Slugify(name) + "@gazette.example", DisplayName: name, Role: role, Bio: bio}
		u.Email = strings.ReplaceAll(u.Email, "-", ".")
		if err := g.createUser(ctx, u); err != nil {
			return fmt.Errorf("author %s: %w", name, err)
		}
		g.authors = append(g.authors, author{id: u.ID, name: u.DisplayName, email: u.Email})
		if g.editorID == 0 && role == user.Editor {
			g.editorID = u.ID
		}
	}
	g.sum.Authors = len(g.authors)
	return nil
}

// createUser stores an account, renaming its slug and e-mail when someone
// in the database already has them.
func (g *generator) createUser(ctx context.Context, u *user.User) error {
	email, slug := u.Email, u.Slug
	if slug == "" {
		slug = content.Slugify(u.DisplayName)
	}
	var err error
	for try := 1; try <= 10; try++ {
		u.Email, u.Slug = email, slug
		if try > 1 {
			local, domain, _ := strings.Cut(email, "@")
			u.Email, u.Slug = fmt.Sprintf("%s.%d@%s", local, try, domain), fmt.Sprintf("%s-%d", slug, try)
		}
		if err = g.st.CreateUser(ctx, u); !errors.Is(err, store.ErrConflict) {
			return err
		}
	}
	return err
}

// taxonomy creates the section tree and the keywords.
func (g *generator) taxonomy(ctx context.Context) error {
	r := rng(g.opt.Seed, streamTaxonomy)
	// Slugs already used on a site being filled stay theirs.
	sectionSlugs := map[string]map[string]bool{}
	keywordSlugs := map[string]map[string]bool{}
	for _, l := range g.opt.Languages {
		sectionSlugs[l], keywordSlugs[l] = map[string]bool{}, map[string]bool{}
	}
	existing, err := g.st.Sections(ctx, g.site.ID)
	if err != nil {
		return err
	}
	for _, s := range existing {
		for l, t := range s.Texts {
			if sectionSlugs[l] != nil {
				sectionSlugs[l][t.Slug] = true
			}
		}
	}
	kws, err := g.st.Keywords(ctx, g.site.ID)
	if err != nil {
		return err
	}
	for _, k := range kws {
		for l, t := range k.Texts {
			if keywordSlugs[l] != nil {
				keywordSlugs[l][t.Slug] = true
			}
		}
	}
	if err := g.sectionTree(ctx, sectionSlugs); err != nil {
		return err
	}
	g.sum.Sections = len(g.sections)
	return g.keywordList(ctx, r, keywordSlugs)
}

// uniqueSlug returns a slug of title not yet in taken, trying the title,
// then the title with a qualifier, then numbers; and takes it.
func uniqueSlug(taken map[string]bool, title, qualifier string) string {
	base := trimSlug(content.Slugify(title), 70)
	if base == "" {
		base = "rubrique"
	}
	candidates := []string{base}
	if q := content.Slugify(qualifier); q != "" {
		candidates = append(candidates, trimSlug(base+"-"+q, 70))
	}
	for _, c := range candidates {
		if !taken[c] {
			taken[c] = true
			return c
		}
	}
	for n := 2; ; n++ {
		c := fmt.Sprintf("%s-%d", base, n)
		if !taken[c] {
			taken[c] = true
			return c
		}
	}
}

// trimSlug shortens a slug to at most n bytes, at a hyphen when it can, so
// that a numeric suffix still fits within the longest slug allowed.
func trimSlug(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	if i := strings.LastIndexByte(s, '-'); i > n/2 {
		s = s[:i]
	}
	return strings.Trim(s, "-")
}

// sectionTree makes a tree of three levels: rubrics, their natural
// subjects, then kinds of pieces under those.
func (g *generator) sectionTree(ctx context.Context, taken map[string]map[string]bool) error {
	total := g.opt.Sections
	tops := min(len(sectionTree), max(1, total/5))
	thirds := 0
	if total >= 3 {
		thirds = (total - tops) / 3
	}
	seconds := total - tops - thirds
	if seconds == 0 {
		thirds = 0
	}
	create := func(title tr, parent *genSection, position int) (genSection, error) {
		sec := &content.Section{SiteID: g.site.ID, Position: position, Texts: map[string]content.SectionText{}}
		qualifier := tr{}
		if parent != nil {
			sec.ParentID, qualifier = parent.id, parent.title
		}
		for _, l := range g.langs {
			code := genLanguages[l]
			sec.Texts[code] = content.SectionText{Title: title[l], Slug: uniqueSlug(taken[code], title[l], qualifier[l]),
				Description: fmt.Sprintf(sectionDescription[l], title[l])}
		}
		if err := g.st.CreateSection(ctx, sec); err != nil {
			return genSection{}, fmt.Errorf("section %s: %w", title[0], err)
		}
		gs := genSection{id: sec.ID, title: title}
		g.sections = append(g.sections, gs)
		return gs, nil
	}
	var top, second []genSection
	for i := range tops {
		s, err := create(sectionTree[i].title, nil, i)
		if err != nil {
			return err
		}
		top = append(top, s)
	}
	// Subjects go round the rubrics, each taking its own next child; a
	// rubric out of children takes a kind of piece instead.
	used := make([]int, tops)
	for i := range seconds {
		t := i % tops
		title := oneOfIndex(formats, used[t]-len(sectionTree[t].children))
		if used[t] < len(sectionTree[t].children) {
			title = sectionTree[t].children[used[t]]
		}
		used[t]++
		s, err := create(title, &top[t], i/tops)
		if err != nil {
			return err
		}
		second = append(second, s)
	}
	for i := range thirds {
		parent := second[i%len(second)]
		if _, err := create(formats[(i/len(second))%len(formats)], &parent, i/len(second)); err != nil {
			return err
		}
	}
	return nil
}

func oneOfIndex(list []tr, i int) tr { return list[(i%len(list)+len(list))%len(list)] }

// keywordList makes themes, countries and dated events, in three groups.
func (g *generator) keywordList(ctx context.Context, r *rand.Rand, taken map[string]map[string]bool) error {
	if g.opt.Keywords == 0 {
		return nil
	}
	var groupIDs [3]int64
	for i, t := range keywordGroupTitles {
		kg := &content.KeywordGroup{SiteID: g.site.ID, Position: i, Titles: map[string]string{}}
		for _, l := range g.langs {
			kg.Titles[genLanguages[l]] = t[l]
		}
		if err := g.st.CreateKeywordGroup(ctx, kg); err != nil {
			return err
		}
		groupIDs[i] = kg.ID
	}
	type kw struct {
		group int
		title tr
	}
	var list []kw
	nThemes := min(len(themes), g.opt.Keywords*2/5)
	nCountries := min(len(countries), g.opt.Keywords*3/10)
	for _, t := range themes[:nThemes] {
		list = append(list, kw{0, t})
	}
	for _, c := range countries[:nCountries] {
		list = append(list, kw{1, c})
	}
	years := 11
	for i := 0; len(list) < g.opt.Keywords; i++ {
		if i < len(events)*years {
			e, year := events[i%len(events)], g.opt.Until.Year()-i/len(events)
			var t tr
			for l := range t {
				t[l] = fmt.Sprintf("%s %d", e[l], year)
			}
			list = append(list, kw{2, t})
			continue
		}
		var t tr
		for l := range t {
			t[l] = fmt.Sprintf(fileKeyword[l], i-len(events)*years+1)
		}
		list = append(list, kw{2, t})
	}
	// Popular keywords are spread over the groups rather than all themes.
	r.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
	for _, k := range list {
		keyword := &content.Keyword{SiteID: g.site.ID, GroupID: groupIDs[k.group], Texts: map[string]content.KeywordText{}}
		for _, l := range g.langs {
			code := genLanguages[l]
			keyword.Texts[code] = content.KeywordText{Title: k.title[l], Slug: uniqueSlug(taken[code], k.title[l], "")}
		}
		if err := g.st.CreateKeyword(ctx, keyword); err != nil {
			return fmt.Errorf("keyword %s: %w", k.title[0], err)
		}
		g.keywords = append(g.keywords, keyword.ID)
	}
	g.sum.Keywords = len(g.keywords)
	return nil
}

// articles generates the groups in one goroutine and writes them in
// another, so that writing (and the search indexing it includes) overlaps
// with writing the next batch's texts.
func (g *generator) articles(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []*plannedGroup, 2)
	done := make(chan error, 1)
	go func() {
		defer close(batches)
		done <- g.planGroups(ctx, batches)
	}()
	g.groups = make([]groupMeta, 0, g.opt.Groups)
	written := 0
	for batch := range batches {
		if err := g.writeGroups(ctx, batch); err != nil {
			cancel()
			for range batches {
			}
			<-done
			return err
		}
		written += len(batch)
		g.progress("articles", written, g.opt.Groups)
	}
	if err := <-done; err != nil {
		return err
	}
	g.sum.Groups = written
	g.sum.ArticleTime = time.Since(g.start)
	return nil
}

func (g *generator) progress(phase string, done, total int) {
	if g.opt.Progress != nil {
		g.opt.Progress(Progress{Phase: phase, Done: done, Total: total, Elapsed: time.Since(g.start)})
	}
}

// plannedGroup is a generated group ready to be stored.
type plannedGroup struct {
	group    *content.TranslationGroup
	articles []*content.Article // the source first
	// addendum, when set, is appended to the source after its translations
	// were made, which leaves them outdated.
	addendum string
	meta     groupMeta
}

// recentLinks remembers the last groups' public versions, for links from
// later articles.
const recentLinks = 2000

func (g *generator) planGroups(ctx context.Context, out chan<- []*plannedGroup) error {
	var ring []linkTarget
	next := 0
	link := func(r *rand.Rand) (linkTarget, bool) {
		if len(ring) == 0 {
			return linkTarget{}, false
		}
		return ring[r.IntN(len(ring))], true
	}
	batch := make([]*plannedGroup, 0, groupBatch)
	for i := range g.opt.Groups {
		p := g.planGroup(i, link)
		var t linkTarget
		public := false
		for _, a := range p.articles {
			if a.IsPublicAt(g.opt.Until) {
				l := langIndex(a.Language)
				t.slug[l], t.title[l] = a.Slug, a.Title
				public = true
			}
		}
		if public {
			if len(ring) < recentLinks {
				ring = append(ring, t)
			} else {
				ring[next] = t
				next = (next + 1) % recentLinks
			}
		}
		batch = append(batch, p)
		if len(batch) == groupBatch || i == g.opt.Groups-1 {
			select {
			case out <- batch:
			case <-ctx.Done():
				return ctx.Err()
			}
			batch = make([]*plannedGroup, 0, groupBatch)
		}
	}
	return nil
}

// planGroup draws group i: its languages, statuses, dates, people,
// taxonomy and texts.
func (g *generator) planGroup(i int, link func(*rand.Rand) (linkTarget, bool)) *plannedGroup {
	r := rng(g.opt.Seed, streamGroups+uint64(i))
	until := g.opt.Until
	span := until.Sub(until.AddDate(-10, 0, 0))
	slot := until.Add(-span).Add(time.Duration((float64(i) + r.Float64()) / float64(g.opt.Groups) * float64(span))).Truncate(time.Second)

	langs := g.opt.Languages
	source := 0
	if len(langs) > 1 && !chance(r, 0.7) {
		source = 1 + r.IntN(len(langs)-1)
	}
	present := []int{source} // positions in langs, the source first
	for j := range langs {
		if j != source && chance(r, 0.85) {
			present = append(present, j)
		}
	}
	status, published := content.Published, slot
	scheduled := g.rare(0.02, 3)
	switch x := r.Float64(); {
	case x < scheduled:
		published = until.Add(time.Hour + time.Duration(r.Int64N(int64(30*24*time.Hour)))).Truncate(time.Minute)
	case x < scheduled+0.025:
		status = content.Draft
	case x < scheduled+0.04:
		status = content.Proposed
	case x < scheduled+0.05:
		status = content.Refused
	case x < scheduled+0.06:
		status = content.Trashed
	}
	p := &plannedGroup{group: &content.TranslationGroup{SiteID: g.site.ID, SourceLanguage: langs[source], SharedComments: chance(r, 0.9),
		CreatedAt: slot.Add(-time.Duration(1+r.IntN(120)) * time.Hour)}}
	p.meta.shared = p.group.SharedComments

	section := g.sections[pickSkewed(r, len(g.sections), 1.6)].id
	p.meta.author = pickSkewed(r, len(g.authors), 1.8)
	authors := []int64{g.authors[p.meta.author].id}
	if chance(r, 0.15) {
		if other := g.authors[r.IntN(len(g.authors))].id; other != authors[0] {
			authors = append(authors, other)
		}
	}
	var keywords []int64
	if len(g.keywords) > 0 && !chance(r, 0.1) {
		seen := map[int64]bool{}
		for range 1 + r.IntN(5) {
			k := g.keywords[pickSkewed(r, len(g.keywords), 2.2)]
			if !seen[k] {
				seen[k] = true
				keywords = append(keywords, k)
			}
		}
	}
	policy := content.Inherit
	if chance(r, 0.02) {
		policy = content.Closed
	}
	views := int64(math.Exp(5 + 1.7*r.NormFloat64()))

	// The texts, drawn once for every language present.
	idx := make([]int, len(present))
	for j, pos := range present {
		idx[j] = langIndex(langs[pos])
	}
	tg := &textGen{r: r, m: newMulti(idx), link: link, group: i}
	surtitle, title, subtitle := tg.surtitle(), tg.headline(), tg.subtitle()
	lead, place := tg.lead(), tg.place()
	// 380 to 1,000 words in the longest language keeps every version
	// within 300 to 1,200: languages differ by up to a fifth, and the last
	// block may overshoot by a paragraph.
	body := tg.body(380 + r.IntN(621))

	for j, pos := range present {
		a := &content.Article{SiteID: g.site.ID, SectionID: section, Language: langs[pos], Surtitle: surtitle[j], Title: title[j],
			Subtitle: subtitle[j], Lead: lead[j], Body: body[j], Place: place[j], Status: status, CommentPolicy: policy,
			AuthorIDs: authors, KeywordIDs: keywords, CreatedAt: p.group.CreatedAt}
		a.Slug = g.takeSlug(langs[pos], title[j])
		at := published
		if j > 0 {
			// Translations follow their source by up to three days, and a
			// few are still being written.
			at = published.Add(time.Duration(r.Int64N(int64(72 * time.Hour)))).Truncate(time.Minute)
			if status == content.Published {
				switch x := r.Float64(); {
				case x < 0.05:
					a.Status = content.Draft
				case x < 0.08:
					a.Status = content.Proposed
				}
			}
			a.CreatedAt = a.CreatedAt.Add(at.Sub(published))
		}
		switch a.Status {
		case content.Published, content.Trashed:
			a.PublishedAt = at
			if a.Status == content.Published && at.After(until) {
				a.ScheduledAt = at
			}
		}
		a.ViewCount = views
		if j > 0 {
			a.ViewCount = views * int64(5+r.IntN(35)) / 100
		}
		if !a.PublishedAt.IsZero() && a.CreatedAt.After(a.PublishedAt) {
			a.CreatedAt = a.PublishedAt.Add(-time.Hour)
		}
		if !a.IsPublicAt(until) {
			a.ViewCount = 0
		}
		p.articles = append(p.articles, a)
		p.meta.article[pos] = -1 // known once stored
		if a.IsPublicAt(until) {
			p.meta.public[pos] = a.PublishedAt.Unix()
		}
	}
	if len(p.articles) > 1 && status == content.Published && chance(r, g.rare(0.015, 4)) {
		tg.m = newMulti(idx[:1])
		p.addendum = tg.addendum()[0]
	}
	return p
}

// position is a language's place in opt.Languages.
func (g *generator) position(lang string) int {
	for i, l := range g.opt.Languages {
		if l == lang {
			return i
		}
	}
	return -1
}

// rare is the probability of a rare state: p, raised on a small site so
// that about n groups still show it.
func (g *generator) rare(p, n float64) float64 {
	return max(p, min(0.1, n/float64(g.opt.Groups)))
}

// takeSlug gives an article a slug of its title unique in its language.
func (g *generator) takeSlug(lang, title string) string {
	base := trimSlug(content.Slugify(title), 72)
	taken := g.slugs[lang]
	n := taken[base]
	taken[base] = n + 1
	if n == 0 {
		return base
	}
	// A later title may itself end in "-2": keep counting until free.
	for {
		n++
		s := fmt.Sprintf("%s-%d", base, n)
		if taken[s] == 0 {
			taken[s] = 1
			taken[base] = n
			return s
		}
	}
}

// writeGroups stores one batch: the groups, then their articles in one
// transaction, then the few sources revised after translation.
func (g *generator) writeGroups(ctx context.Context, batch []*plannedGroup) error {
	groups := make([]*content.TranslationGroup, len(batch))
	for i, p := range batch {
		groups[i] = p.group
	}
	if err := g.st.CreateGroups(ctx, groups); err != nil {
		return err
	}
	var list []*content.Article
	for _, p := range batch {
		for _, a := range p.articles {
			a.GroupID = p.group.ID
			list = append(list, a)
		}
	}
	if err := g.st.ImportArticles(ctx, list, g.editorID); err != nil {
		return err
	}
	for _, p := range batch {
		if p.addendum != "" {
			// The source changes after its translations were made: they
			// stay behind, and the stored revisions show what changed.
			src := p.articles[0]
			src.Body += "\n\n" + p.addendum
			if err := g.st.UpdateArticle(ctx, src, g.authors[p.meta.author].id); err != nil {
				return fmt.Errorf("revising article %d: %w", src.ID, err)
			}
			g.sum.Outdated += len(p.articles) - 1
		}
		for _, a := range p.articles {
			p.meta.article[g.position(a.Language)] = a.ID
			g.sum.Articles[a.Language]++
			g.sum.Statuses[a.Status]++
			if a.Status == content.Published && a.PublishedAt.After(g.opt.Until) {
				g.sum.Scheduled++
			}
		}
		g.groups = append(g.groups, p.meta)
	}
	return nil
}
