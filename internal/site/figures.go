package site

import (
	"html/template"
	"net/http"
	"time"

	"depeche/internal/chart"
	"depeche/internal/store"
)

type figuresView struct {
	Heading, Intro string
	Visitors       template.HTML
	Languages      template.HTML
	VisitorsTitle  string
	LanguagesTitle string
	Months         []monthRow
	LangRows       []langRow
	ViewsMonth     string
	VisitorsMonth  string
	Comments       string
	MostRead       *link
	MostReadViews  string
}

type monthRow struct{ Month, Visitors, Views string }
type langRow struct{ Name, Articles, Translations string }

// figures is the public "Our site in figures" page, drawn from live data.
func (s *Site) figures(w http.ResponseWriter, r *request, vs variants) {
	ctx := r.ctx()
	loc := r.site.Location()
	now := s.now().In(loc)
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc)
	from := first.AddDate(0, -11, 0)
	months, err := s.store.MonthlyAudience(ctx, r.site.ID, from.Format("2006-01-02"), now.Format("2006-01-02"))
	if err != nil {
		s.serverError(w, r.Request, err)
		return
	}
	byMonth := map[string]store.MonthCount{}
	for _, m := range months {
		byMonth[m.Month] = m
	}
	v := figuresView{Heading: r.L.T("figures.title"), Intro: r.L.T("figures.intro")}
	var labels []string
	var visitors []int64
	for m := from; !m.After(first); m = m.AddDate(0, 1, 0) {
		mc := byMonth[m.Format("2006-01")]
		label := r.L.MonthYear(m)
		labels = append(labels, r.L.MonthShort(m))
		visitors = append(visitors, mc.Visitors)
		v.Months = append(v.Months, monthRow{Month: label, Visitors: r.L.Number(mc.Visitors), Views: r.L.Number(mc.Views)})
	}
	v.VisitorsTitle = r.L.T("figures.visitors.title")
	v.Visitors = chart.Bars("chart-visitors", v.VisitorsTitle, r.L.T("figures.visitors.desc"), labels, visitors, r.L.Number)
	this := byMonth[first.Format("2006-01")]
	v.ViewsMonth, v.VisitorsMonth = r.L.Number(this.Views), r.L.Number(this.Visitors)

	perLang, err := s.store.PublicArticlesPerLanguage(ctx, r.site.ID, s.now())
	if err != nil {
		s.serverError(w, r.Request, err)
		return
	}
	var langLabels []string
	var counts []int64
	for _, l := range r.site.Languages {
		var lc store.LanguageCount
		for _, c := range perLang {
			if c.Language == l.Code {
				lc = c
			}
		}
		langLabels = append(langLabels, l.Name)
		counts = append(counts, lc.Articles)
		v.LangRows = append(v.LangRows, langRow{Name: l.Name, Articles: r.L.Number(lc.Articles), Translations: r.L.Number(lc.Translations)})
	}
	v.LanguagesTitle = r.L.T("figures.languages.title")
	v.Languages = chart.Bars("chart-languages", v.LanguagesTitle, r.L.T("figures.languages.desc"), langLabels, counts, r.L.Number)
	comments, err := s.store.PublishedComments(ctx, r.site.ID)
	if err != nil {
		s.serverError(w, r.Request, err)
		return
	}
	v.Comments = r.L.N("figures.comments", comments)
	if group, views, err := s.store.MostReadGroup(ctx, r.site.ID, first.Format("2006-01-02"), now.Format("2006-01-02")); err == nil {
		if versions, err := s.store.GroupVersions(ctx, r.site.ID, group); err == nil {
			for _, a := range versions {
				if a.Language == r.lang && a.IsPublicAt(s.now()) {
					v.MostRead = &link{Text: typo(r, a.Title), Href: articlePath(a.Language, a.Slug)}
					v.MostReadViews = r.L.N("article.views", views)
				}
			}
		}
	}
	lo := s.newLayout(r, v.Heading, vs)
	lo.Description = v.Intro
	lo.Main = v
	s.render(w, r, http.StatusOK, "figures", lo)
}

// privacy is the privacy page, written from what the site actually does.
func (s *Site) privacy(w http.ResponseWriter, r *request, vs variants) {
	months := int64(s.statsRetention)
	v := struct {
		Heading          string
		Items            []string
		Retention        string
		Comments         string
		CommentRetention string
	}{Heading: r.L.T("privacy.title"), Comments: r.L.T("privacy.comments")}
	if m := int64(s.commentRetention); m > 0 {
		v.CommentRetention = r.L.N("privacy.comments.retention", m)
	} else {
		v.CommentRetention = r.L.T("privacy.comments.retention.forever")
	}
	for _, k := range []string{"privacy.nocookie", "privacy.counted", "privacy.visitors", "privacy.notcounted"} {
		v.Items = append(v.Items, r.L.T(k))
	}
	if months > 0 {
		v.Retention = r.L.N("privacy.retention", months)
	} else {
		v.Retention = r.L.T("privacy.retention.forever")
	}
	lo := s.newLayout(r, v.Heading, vs)
	lo.Main = v
	s.render(w, r, http.StatusOK, "privacy", lo)
}
