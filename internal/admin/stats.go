package admin

import (
	"encoding/csv"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"time"

	"depeche/internal/chart"
	"depeche/internal/store"
)

type statsPeriod struct {
	Label, Key        string
	Views, Visitors   int64
	ViewsT, VisitorsT string
}

type statsTop struct {
	Title, Href string
	Total       string
	Languages   []statsLang
}

type statsLang struct{ Lang, Views string }

type statsKey struct{ Key, Count string }

type statsView struct {
	From, To, By  string
	Error         string
	Periods       []statsPeriod
	VisitorsChart template.HTML
	ViewsChart    template.HTML
	Top           []statsTop
	Languages     []statsKey
	Referrers     []statsKey
	Devices       []statsKey
	TotalViews    string
	TotalVisitors string
	CSV           string
}

// statsRange reads from, to and by from the query; the default is the last
// 30 days by day. It returns a message when the range is not usable.
func statsRange(r *req) (from, to time.Time, by string, problem string) {
	loc := r.site.Location()
	today := time.Now().In(loc)
	to = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, loc)
	from = to.AddDate(0, 0, -29)
	q := r.URL.Query()
	if v := q.Get("from"); v != "" {
		t, err := time.ParseInLocation("2006-01-02", v, loc)
		if err != nil {
			return from, to, "day", r.L.T("admin.stats.error.date")
		}
		from = t
	}
	if v := q.Get("to"); v != "" {
		t, err := time.ParseInLocation("2006-01-02", v, loc)
		if err != nil {
			return from, to, "day", r.L.T("admin.stats.error.date")
		}
		to = t
	}
	by = q.Get("by")
	if by != "week" && by != "month" {
		by = "day"
	}
	if from.After(to) || to.Sub(from) > 3*366*24*time.Hour {
		return to.AddDate(0, 0, -29), to, by, r.L.T("admin.stats.error.range")
	}
	return from, to, by, ""
}

// periodKey groups a day into its day, ISO week or month.
func periodKey(day time.Time, by string) (string, time.Time) {
	switch by {
	case "week":
		start := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
		return start.Format("2006-01-02"), start
	case "month":
		start := time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, day.Location())
		return start.Format("2006-01"), start
	}
	return day.Format("2006-01-02"), day
}

func (a *Admin) statsData(r *req) (*statsView, error) {
	from, to, by, problem := statsRange(r)
	v := &statsView{From: from.Format("2006-01-02"), To: to.Format("2006-01-02"), By: by, Error: problem}
	ctx := r.Context()
	views, err := a.cfg.Store.DailyViews(ctx, r.site.ID, v.From, v.To)
	if err != nil {
		return nil, err
	}
	visitors, err := a.cfg.Store.DailyVisitors(ctx, r.site.ID, v.From, v.To)
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		key, start := periodKey(d, by)
		if _, ok := index[key]; ok {
			continue
		}
		label := r.L.Date(start)
		if by == "month" {
			label = r.L.MonthYear(start)
		}
		index[key] = len(v.Periods)
		v.Periods = append(v.Periods, statsPeriod{Label: label, Key: key})
	}
	loc := r.site.Location()
	var totalViews, totalVisitors int64
	for _, d := range views {
		t, _ := time.ParseInLocation("2006-01-02", d.Day, loc)
		key, _ := periodKey(t, by)
		if i, ok := index[key]; ok {
			v.Periods[i].Views += d.Count
			totalViews += d.Count
		}
	}
	for _, d := range visitors {
		t, _ := time.ParseInLocation("2006-01-02", d.Day, loc)
		key, _ := periodKey(t, by)
		if i, ok := index[key]; ok {
			v.Periods[i].Visitors += d.Count
			totalVisitors += d.Count
		}
	}
	var labels []string
	var viewValues, visitorValues []int64
	for i := range v.Periods {
		p := &v.Periods[i]
		p.ViewsT, p.VisitorsT = r.L.Number(p.Views), r.L.Number(p.Visitors)
		labels = append(labels, p.Label)
		viewValues = append(viewValues, p.Views)
		visitorValues = append(visitorValues, p.Visitors)
	}
	v.TotalViews, v.TotalVisitors = r.L.Number(totalViews), r.L.Number(totalVisitors)
	v.VisitorsChart = chart.Bars("stats-visitors", r.L.T("admin.stats.visitors"), r.L.T("admin.stats.chart.desc"), labels, visitorValues, r.L.Number)
	v.ViewsChart = chart.Bars("stats-views", r.L.T("admin.stats.views"), r.L.T("admin.stats.chart.desc"), labels, viewValues, r.L.Number)

	top, err := a.cfg.Store.TopGroups(ctx, r.site.ID, v.From, v.To, 20)
	if err != nil {
		return nil, err
	}
	for _, g := range top {
		row := statsTop{Total: r.L.Number(g.Views)}
		versions, err := a.cfg.Store.GroupVersions(ctx, r.site.ID, g.GroupID)
		if err != nil {
			return nil, err
		}
		for _, ver := range versions {
			if row.Title == "" || ver.Language == r.site.DefaultLanguage {
				row.Title, row.Href = ver.Title, "/admin/articles/"+itoa(ver.ID)
			}
		}
		for _, l := range r.site.Languages {
			if n, ok := g.ByLanguage[l.Code]; ok {
				row.Languages = append(row.Languages, statsLang{Lang: l.Code, Views: r.L.Number(n)})
			}
		}
		v.Top = append(v.Top, row)
	}
	for kind, dst := range map[string]*[]statsKey{"language": &v.Languages, "referrer": &v.Referrers, "device": &v.Devices} {
		totals, err := a.cfg.Store.KeyTotals(ctx, r.site.ID, kind, v.From, v.To, 50)
		if err != nil {
			return nil, err
		}
		for _, k := range totals {
			label := k.Key
			if kind == "device" {
				label = r.L.T("admin.stats.device." + k.Key)
			}
			*dst = append(*dst, statsKey{Key: label, Count: r.L.Number(k.Count)})
		}
	}
	v.CSV = "/admin/stats.csv?from=" + v.From + "&to=" + v.To + "&by=" + by
	return v, nil
}

// statistics is the audience dashboard.
func (a *Admin) statistics(w http.ResponseWriter, r *req) {
	v, err := a.statsData(r)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	status := http.StatusOK
	if v.Error != "" {
		status = http.StatusUnprocessableEntity
	}
	a.render(w, r, status, "stats", r.L.T("admin.stats.title"), v)
}

// statisticsCSV exports one table of the dashboard, with plain numbers.
func (a *Admin) statisticsCSV(w http.ResponseWriter, r *req) {
	from, to, by, problem := statsRange(r)
	if problem != "" {
		http.Error(w, problem, http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	f, t := from.Format("2006-01-02"), to.Format("2006-01-02")
	table := r.URL.Query().Get("table")
	var records [][]string
	switch table {
	case "", "audience":
		table = "audience"
		views, err := a.cfg.Store.DailyViews(ctx, r.site.ID, f, t)
		if err != nil {
			a.fail(w, r.Request, err)
			return
		}
		visitors, err := a.cfg.Store.DailyVisitors(ctx, r.site.ID, f, t)
		if err != nil {
			a.fail(w, r.Request, err)
			return
		}
		sums := map[string][2]int64{}
		var keys []string
		loc := r.site.Location()
		add := func(rows []store.DayCount, col int) {
			for _, d := range rows {
				day, _ := time.ParseInLocation("2006-01-02", d.Day, loc)
				k, _ := periodKey(day, by)
				s, ok := sums[k]
				if !ok {
					keys = append(keys, k)
				}
				s[col] += d.Count
				sums[k] = s
			}
		}
		add(views, 0)
		add(visitors, 1)
		slices.Sort(keys)
		records = append(records, []string{by, "page_views", "visitors"})
		for _, k := range keys {
			records = append(records, []string{k, strconv.FormatInt(sums[k][0], 10), strconv.FormatInt(sums[k][1], 10)})
		}
	case "articles":
		top, err := a.cfg.Store.TopGroups(ctx, r.site.ID, f, t, 1000)
		if err != nil {
			a.fail(w, r.Request, err)
			return
		}
		header := []string{"group", "title", "views"}
		for _, l := range r.site.Languages {
			header = append(header, "views_"+l.Code)
		}
		records = append(records, header)
		for _, g := range top {
			title := ""
			if vers, err := a.cfg.Store.GroupVersions(ctx, r.site.ID, g.GroupID); err == nil && len(vers) > 0 {
				title = vers[0].Title
			}
			row := []string{strconv.FormatInt(g.GroupID, 10), csvSafe(title), strconv.FormatInt(g.Views, 10)}
			for _, l := range r.site.Languages {
				row = append(row, strconv.FormatInt(g.ByLanguage[l.Code], 10))
			}
			records = append(records, row)
		}
	case "referrer", "language", "device":
		totals, err := a.cfg.Store.KeyTotals(ctx, r.site.ID, table, f, t, 10000)
		if err != nil {
			a.fail(w, r.Request, err)
			return
		}
		records = append(records, []string{table, "count"})
		for _, k := range totals {
			records = append(records, []string{csvSafe(k.Key), strconv.FormatInt(k.Count, 10)})
		}
	default:
		http.Error(w, "unknown table", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="depeche-`+table+`-`+f+`-`+t+`.csv"`)
	cw := csv.NewWriter(w)
	cw.WriteAll(records)
}

// csvSafe keeps a spreadsheet from reading a cell as a formula.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}
