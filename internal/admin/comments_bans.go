package admin

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"depeche/internal/comment"
	"depeche/internal/store"
)

// maxBansForm bounds the banned lists form: three lists at their limits,
// in four-byte characters.
const maxBansForm = 3*store.MaxBanEntries*(store.MaxBanRunes*4+2) + 16<<10

// bansField is one of the three lists of the form.
type bansField struct {
	ID, Name     string
	Label, Hint  string
	Value, Error string
}

// DescribedBy lists the hint and the error of the field.
func (f bansField) DescribedBy() string {
	ids := f.ID + "-hint"
	if f.Error != "" {
		ids += " " + f.ID + "-error"
	}
	return ids
}

type bansView struct {
	Fields  []bansField
	Summary []fieldError
	Count   int64
	Max     int64
	MaxLen  int64
}

func (a *Admin) commentBans(w http.ResponseWriter, r *req) {
	b, err := a.cfg.Store.CommentBans(r.Context(), r.site.ID)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	a.showBans(w, r, http.StatusOK, [3]string{strings.Join(b.Words, "\n"), strings.Join(b.Names, "\n"), strings.Join(b.Domains, "\n")}, nil)
}

// banKinds are the form's lists, in its order.
var banKinds = [3]string{store.BanWord, store.BanName, store.BanDomain}

func (a *Admin) showBans(w http.ResponseWriter, r *req, status int, values [3]string, errs map[string]string) {
	v := &bansView{Max: store.MaxBanEntries, MaxLen: store.MaxBanRunes}
	names := [3]string{"words", "names", "domains"}
	for i, kind := range banKinds {
		// Bytes that are not UTF-8 cannot go back into the page as typed.
		f := bansField{ID: "bans-" + names[i], Name: names[i], Label: r.L.T("admin.comments.bans." + kind),
			Hint:  r.L.T("admin.comments.bans."+kind+".help", int64(store.MaxBanEntries), int64(store.MaxBanRunes)),
			Value: strings.ToValidUTF8(values[i], "\uFFFD"), Error: errs[kind]}
		if f.Error != "" {
			v.Summary = append(v.Summary, fieldError{f.ID, f.Error})
		}
		v.Fields = append(v.Fields, f)
	}
	v.Count = int64(len(v.Summary))
	a.render(w, r, status, "comments_bans", r.L.T("admin.comments.bans.title"), v)
}

// saveCommentBans replaces the three lists. Blank lines and repeats are
// dropped silently; entries over the limits send the form back as typed.
func (a *Admin) saveCommentBans(w http.ResponseWriter, r *req) {
	if !readPeopleForm(w, r, maxBansForm) {
		return
	}
	p := r.PostForm
	values := [3]string{p.Get("words"), p.Get("names"), p.Get("domains")}
	b := comment.Bans{Words: splitLines(values[0]), Names: splitLines(values[1]), Domains: splitLines(values[2])}
	err := a.cfg.Store.SetCommentBans(r.Context(), r.site.ID, b)
	var problems store.BanErrors
	if errors.As(err, &problems) {
		a.showBans(w, r, http.StatusUnprocessableEntity, values, banMessages(r, problems))
		return
	}
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	a.cfg.Log.Info("banned lists saved", "by", r.u.ID, "words", len(b.Words), "names", len(b.Names), "domains", len(b.Domains))
	http.Redirect(w, r.Request, "/admin/comments/bans?done=saved", http.StatusSeeOther)
}

// banMessages says, per list, what to change: the count first, then the
// first few entries at fault, so a long paste gives a readable message.
func banMessages(r *req, problems store.BanErrors) map[string]string {
	const shown = 3
	parts := map[string][]string{}
	for _, p := range problems {
		var msg string
		switch p.Code {
		case "toomany":
			msg = r.L.N("admin.comments.bans.error.toomany", store.MaxBanEntries)
			parts[p.Kind] = slices.Insert(parts[p.Kind], 0, msg)
			continue
		case "toolong":
			msg = r.L.N("admin.comments.bans.error.toolong", store.MaxBanRunes, truncateRunes(p.Entry, 40))
		default:
			msg = r.L.T("admin.comments.bans.error.utf8", truncateRunes(p.Entry, 40))
		}
		if len(parts[p.Kind]) < shown {
			parts[p.Kind] = append(parts[p.Kind], msg)
		}
	}
	out := map[string]string{}
	for kind, msgs := range parts {
		out[kind] = strings.Join(msgs, " ")
	}
	return out
}

// truncateRunes shortens a text to n characters, marking the cut.
func truncateRunes(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n]) + "…"
}

// splitLines reads a textarea of one entry per line.
func splitLines(s string) []string {
	return strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
}
