package admin

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"depeche/internal/content"
	"depeche/internal/media"
	"depeche/internal/store"
)

const (
	mediaPerPage = 25
	// uploadOverhead is room for the multipart envelope around the file:
	// the file itself is bounded by media.Ingest.
	uploadOverhead = 1 << 20
	// maxMediaForm bounds the texts form; its fields have maxlength, so
	// only a forged request comes near.
	maxMediaForm = 256 << 10
	// uploadWait is how long an upload waits for a free ingest slot before
	// the server says it is busy.
	uploadWait = 30 * time.Second

	maxAltRunes     = 300
	maxCaptionRunes = 1000
	maxCreditRunes  = 200
	thumbWidth      = 96
	previewWidth    = 960
)

var (
	// ingestSlots bounds the uploads checked and resized at once: each can
	// hold the file and its decoded pixels, some 200 MB for a 40-megapixel
	// image.
	ingestSlots = make(chan struct{}, 2)
	// libraryMu keeps a deletion from removing files that an upload in
	// progress has just found already stored (the same bytes, in another
	// library entry): uploads share it from ingest to the row's commit, a
	// deletion holds it alone from the row's removal to the files'.
	libraryMu sync.RWMutex
)

// mediaRow is one line of the library's table.
type mediaRow struct {
	Href, Thumb                string
	ThumbW, ThumbH             int
	Label, LabelLang, LabelDir string
	Type, Dimensions, Size     string
	Added                      string
	Complete                   bool
	Cells                      []altCell
}

// altCell says whether an item has its alternative text in one language.
type altCell struct {
	Lang    string
	Present bool
}

type libraryView struct {
	Rows               []mediaRow
	Languages          []option
	Total              int64
	Page, Pages        int
	PrevHref, NextHref string
	Notice             string
	Error              string // at the file field
	MaxMB, MaxMP       int64
}

// mediaLibrary lists the library, a page at a time, under the upload form.
func (a *Admin) mediaLibrary(w http.ResponseWriter, r *req) {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	notice := ""
	if r.URL.Query().Get("done") == "deleted" {
		notice = r.L.T("admin.media.notice.deleted")
	}
	a.showLibrary(w, r, http.StatusOK, page, notice, "")
}

func (a *Admin) showLibrary(w http.ResponseWriter, r *req, status, page int, notice, uploadError string) {
	ctx := r.Context()
	page = max(page, 1)
	list, total, err := a.cfg.Store.MediaList(ctx, r.site.ID, mediaPerPage, (page-1)*mediaPerPage)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	pages := max((total+mediaPerPage-1)/mediaPerPage, 1)
	if page > pages {
		page = pages
		if list, total, err = a.cfg.Store.MediaList(ctx, r.site.ID, mediaPerPage, (page-1)*mediaPerPage); err != nil {
			a.fail(w, r.Request, err)
			return
		}
	}
	v := libraryView{Total: int64(total), Page: page, Pages: pages, Notice: notice, Error: uploadError,
		MaxMB: media.DefaultMaxBytes >> 20, MaxMP: media.DefaultMaxPixels / 1_000_000}
	if page > 1 {
		v.PrevHref = "/admin/media?page=" + strconv.Itoa(page-1)
	}
	if page < pages {
		v.NextHref = "/admin/media?page=" + strconv.Itoa(page+1)
	}
	for _, l := range r.site.Languages {
		v.Languages = append(v.Languages, option{Value: l.Code, Text: l.Name})
	}
	loc := r.site.Location()
	for _, m := range list {
		row := mediaRow{Href: "/admin/media/" + itoa(m.ID), Type: mediaTypeName(m.MimeType), Size: mediaSize(r, m.Size),
			Dimensions: r.L.T("admin.media.dimensions", int64(m.Width), int64(m.Height)), Added: r.L.DateTime(m.CreatedAt.In(loc)),
			Complete: len(missingAlt(r.site, m)) == 0}
		row.Label, row.LabelLang, row.LabelDir = mediaLabel(r, m, 90)
		if m.Width > 0 && m.Height > 0 {
			// The smallest stored copy, shown small.
			smallest := content.VariantWidths(m.Width)[0]
			row.Thumb = "/media/" + media.VariantFile(m.Path, smallest, m.Width, m.MimeType)
			row.ThumbW, row.ThumbH = scaled(m.Width, m.Height, min(thumbWidth, smallest))
		}
		for _, l := range r.site.Languages {
			row.Cells = append(row.Cells, altCell{Lang: l.Code, Present: m.Texts[l.Code].Alt != ""})
		}
		v.Rows = append(v.Rows, row)
	}
	a.render(w, r, status, "media", r.L.T("admin.media.title"), v)
}

// uploadMedia takes in one image: checked, stored under its content hash
// with its resized copies, recorded, then opened for its texts.
func (a *Admin) uploadMedia(w http.ResponseWriter, r *req) {
	if a.cfg.MediaDir == "" {
		a.fail(w, r.Request, errors.New("media upload: no media directory configured"))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, media.DefaultMaxBytes+uploadOverhead)
	mr, err := r.MultipartReader()
	if err != nil {
		http.Error(w, "Bad request", http.StatusBadRequest)
		return
	}
	var part *multipart.Part
	for part == nil {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				a.refuseUpload(w, r, http.StatusRequestEntityTooLarge, tooLargeMessage(r))
				return
			}
			http.Error(w, "Bad request", http.StatusBadRequest)
			return
		}
		if p.FormName() == "file" {
			part = p
		}
	}
	if part == nil || part.FileName() == "" {
		a.refuseUpload(w, r, http.StatusUnprocessableEntity, r.L.T("admin.media.error.nofile"))
		return
	}

	wait := time.NewTimer(uploadWait)
	defer wait.Stop()
	select {
	case ingestSlots <- struct{}{}:
		defer func() { <-ingestSlots }()
	case <-wait.C:
		w.Header().Set("Retry-After", "30")
		a.refuseUpload(w, r, http.StatusServiceUnavailable, r.L.T("admin.media.error.busy"))
		return
	case <-r.Context().Done():
		return
	}
	libraryMu.RLock()
	defer libraryMu.RUnlock()

	stored, err := media.Ingest(part, a.cfg.MediaDir, media.Limits{})
	if err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.Is(err, media.ErrTooLarge), errors.As(err, &tooBig):
			a.refuseUpload(w, r, http.StatusRequestEntityTooLarge, tooLargeMessage(r))
		case errors.Is(err, media.ErrUnsupported):
			a.refuseUpload(w, r, http.StatusUnsupportedMediaType, r.L.T("admin.media.error.unsupported"))
		case errors.Is(err, media.ErrCorrupt):
			a.refuseUpload(w, r, http.StatusUnprocessableEntity, r.L.T("admin.media.error.corrupt"))
		case r.Context().Err() != nil:
			// The browser went away mid-upload: nothing to answer.
		case errors.Is(err, io.ErrUnexpectedEOF):
			http.Error(w, "Bad request: the upload was cut off", http.StatusBadRequest)
		default:
			a.fail(w, r.Request, err)
		}
		return
	}
	m := &content.Media{SiteID: r.site.ID, Path: stored.Path, MimeType: stored.MimeType, Size: stored.Size,
		Width: stored.Width, Height: stored.Height}
	err = a.cfg.Store.CreateMedia(r.Context(), m)
	if errors.Is(err, store.ErrConflict) {
		// The site has these very bytes already: open that entry.
		existing, err := a.cfg.Store.MediaByPath(r.Context(), r.site.ID, stored.Path)
		if err != nil {
			a.fail(w, r.Request, err)
			return
		}
		http.Redirect(w, r.Request, fmt.Sprintf("/admin/media/%d?done=duplicate", existing.ID), http.StatusSeeOther)
		return
	}
	if err != nil {
		if !stored.Duplicate {
			// Files this upload wrote and no row refers to.
			if rerr := media.Remove(a.cfg.MediaDir, stored); rerr != nil {
				a.cfg.Log.Error("media upload: removing files after a failed save", "path", stored.Path, "err", rerr)
			}
		}
		a.fail(w, r.Request, err)
		return
	}
	http.Redirect(w, r.Request, fmt.Sprintf("/admin/media/%d?done=uploaded", m.ID), http.StatusSeeOther)
}

// refuseUpload shows the library again with the reason at the file field.
func (a *Admin) refuseUpload(w http.ResponseWriter, r *req, status int, msg string) {
	a.showLibrary(w, r, status, 1, "", msg)
}

// mediaForm is the texts form as typed.
type mediaForm struct {
	Credit string
	Texts  map[string]content.MediaText
	Errors map[string]string
}

// mediaLang is one site language's part of the texts form.
type mediaLang struct {
	Code, Name, Dir      string
	Alt, Caption         string
	AltError, CaptionErr string
	Snippet              string // from the saved texts; "" without alt text
}

type mediaEditView struct {
	ID                 int64
	Form               *mediaForm
	Summary            []fieldError // the form's errors, in the form's order
	CreditError        string
	Langs              []mediaLang
	Missing            []mediaLang
	Notice             string
	Src, Original      string
	Width, Height      int
	PreviewAlt         string
	PreviewLang        string
	PreviewDir         string
	Type, Dimensions   string
	Size, Added, Path  string
	ShortSnippet       string
	MaxAlt, MaxCaption int
	MaxCredit          int
}

// fieldError is one problem of a form, for the summary above it.
type fieldError struct{ Field, Message string }

// loadMedia reads the library entry of the URL.
func (a *Admin) loadMedia(w http.ResponseWriter, r *req) (*content.Media, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "Not found", http.StatusNotFound)
		return nil, false
	}
	m, err := a.cfg.Store.MediaByID(r.Context(), r.site.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		http.Error(w, "Not found", http.StatusNotFound)
		return nil, false
	}
	if err != nil {
		a.fail(w, r.Request, err)
		return nil, false
	}
	return m, true
}

func (a *Admin) editMedia(w http.ResponseWriter, r *req) {
	m, ok := a.loadMedia(w, r)
	if !ok {
		return
	}
	f := &mediaForm{Credit: m.Credit, Texts: m.Texts, Errors: map[string]string{}}
	a.showMediaEditor(w, r, http.StatusOK, m, f)
}

func (a *Admin) saveMedia(w http.ResponseWriter, r *req) {
	m, ok := a.loadMedia(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxMediaForm)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "Request too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "Bad request", http.StatusBadRequest)
		return
	}
	f := readMediaForm(r)
	if len(f.Errors) > 0 {
		a.showMediaEditor(w, r, http.StatusUnprocessableEntity, m, f)
		return
	}
	err := a.cfg.Store.UpdateMediaTexts(r.Context(), r.site.ID, m.ID, f.Credit, f.Texts)
	if errors.Is(err, store.ErrNotFound) {
		http.Error(w, "Not found", http.StatusNotFound) // deleted meanwhile
		return
	}
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	http.Redirect(w, r.Request, fmt.Sprintf("/admin/media/%d?done=saved", m.ID), http.StatusSeeOther)
}

// deleteMedia removes an entry, and its files when no entry of any site
// refers to them any more.
func (a *Admin) deleteMedia(w http.ResponseWriter, r *req) {
	libraryMu.Lock()
	defer libraryMu.Unlock()
	m, ok := a.loadMedia(w, r)
	if !ok {
		return
	}
	_, stillUsed, err := a.cfg.Store.DeleteMedia(r.Context(), r.site.ID, m.ID)
	if errors.Is(err, store.ErrNotFound) {
		http.Error(w, "Not found", http.StatusNotFound)
		return
	}
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	if !stillUsed && a.cfg.MediaDir != "" {
		// The row is gone: files left behind by a failure here are only
		// wasted space, so it is logged rather than shown.
		if err := media.Remove(a.cfg.MediaDir, media.Stored{Path: m.Path, MimeType: m.MimeType, Width: m.Width}); err != nil {
			a.cfg.Log.Error("media delete: removing files", "path", m.Path, "err", err)
		}
	}
	http.Redirect(w, r.Request, "/admin/media?done=deleted", http.StatusSeeOther)
}

var fileNameLike = regexp.MustCompile(`(?i)^\S+\.(jpe?g|png|gif|webp|svg|heic|heif|avif|tiff?|bmp)$`)

// readMediaForm reads and checks the texts form: one alt text and caption
// per site language, and the credit. An alt text may be left empty (the
// entry then counts as incomplete), but not under a caption.
func readMediaForm(r *req) *mediaForm {
	p := r.PostForm
	f := &mediaForm{Credit: oneLine(p.Get("credit")), Texts: map[string]content.MediaText{}, Errors: map[string]string{}}
	if utf8.RuneCountInString(f.Credit) > maxCreditRunes {
		f.Errors["credit"] = r.L.T("admin.media.error.toolong", int64(maxCreditRunes))
	}
	for _, l := range r.site.Languages {
		t := content.MediaText{Alt: oneLine(p.Get("alt-" + l.Code)), Caption: oneLine(p.Get("caption-" + l.Code))}
		f.Texts[l.Code] = t
		switch {
		case utf8.RuneCountInString(t.Alt) > maxAltRunes:
			f.Errors["alt-"+l.Code] = r.L.T("admin.media.error.alt.long", int64(maxAltRunes))
		case fileNameLike.MatchString(t.Alt):
			f.Errors["alt-"+l.Code] = r.L.T("admin.media.error.alt.filename")
		case t.Alt == "" && t.Caption != "":
			f.Errors["alt-"+l.Code] = r.L.T("admin.media.error.alt.needed")
		}
		if utf8.RuneCountInString(t.Caption) > maxCaptionRunes {
			f.Errors["caption-"+l.Code] = r.L.T("admin.media.error.toolong", int64(maxCaptionRunes))
		}
	}
	return f
}

// showMediaEditor renders an entry's page: preview, details, the texts
// form as typed, the Markdown to paste, and deletion.
func (a *Admin) showMediaEditor(w http.ResponseWriter, r *req, status int, m *content.Media, f *mediaForm) {
	v := &mediaEditView{ID: m.ID, Form: f, CreditError: f.Errors["credit"], Type: mediaTypeName(m.MimeType), Size: mediaSize(r, m.Size),
		Dimensions: r.L.T("admin.media.dimensions", int64(m.Width), int64(m.Height)), Added: r.L.DateTime(m.CreatedAt.In(r.site.Location())),
		Path: m.Path, Original: "/media/" + m.Path, ShortSnippet: markdownSnippet(m.Path, "", ""),
		MaxAlt: maxAltRunes, MaxCaption: maxCaptionRunes, MaxCredit: maxCreditRunes}
	switch r.URL.Query().Get("done") {
	case "uploaded":
		v.Notice = r.L.T("admin.media.notice.uploaded")
	case "duplicate":
		v.Notice = r.L.T("admin.media.notice.duplicate")
	}
	if m.Width > 0 && m.Height > 0 {
		shown := m.Width
		for _, wd := range content.VariantWidths(m.Width) {
			if wd <= previewWidth {
				shown = wd
			}
		}
		v.Src = "/media/" + media.VariantFile(m.Path, shown, m.Width, m.MimeType)
		v.Width, v.Height = scaled(m.Width, m.Height, shown)
	}
	if msg := f.Errors["credit"]; msg != "" {
		v.Summary = append(v.Summary, fieldError{"credit", msg})
	}
	for _, l := range r.site.Languages {
		for _, field := range []string{"alt-" + l.Code, "caption-" + l.Code} {
			if msg := f.Errors[field]; msg != "" {
				v.Summary = append(v.Summary, fieldError{field, msg})
			}
		}
	}
	v.PreviewAlt, v.PreviewLang, v.PreviewDir = mediaLabel(r, m, 0)
	if v.PreviewLang == "" {
		v.PreviewAlt = "" // no description yet: nothing better to say than the page does
	}
	for _, l := range r.site.Languages {
		typed, saved := f.Texts[l.Code], m.Texts[l.Code]
		ml := mediaLang{Code: l.Code, Name: l.Name, Dir: string(l.Direction), Alt: typed.Alt, Caption: typed.Caption,
			AltError: f.Errors["alt-"+l.Code], CaptionErr: f.Errors["caption-"+l.Code]}
		if saved.Alt != "" {
			ml.Snippet = markdownSnippet(m.Path, saved.Alt, saved.Caption)
		} else {
			v.Missing = append(v.Missing, ml)
		}
		v.Langs = append(v.Langs, ml)
	}
	a.render(w, r, status, "media_edit", r.L.T("admin.media.edit.title"), v)
}

// missingAlt lists the site languages an entry has no alternative text in.
func missingAlt(site *content.Site, m *content.Media) []string {
	var out []string
	for _, l := range site.Languages {
		if m.Texts[l.Code].Alt == "" {
			out = append(out, l.Code)
		}
	}
	return out
}

// mediaLabel names an entry by its alternative text, in the interface's
// language if written, else the site's languages in order; an entry
// without any is "Image 12". lang and dir are those of the text found, ""
// for the fallback. limit > 0 shortens long texts.
func mediaLabel(r *req, m *content.Media, limit int) (text, lang, dir string) {
	codes := []string{r.L.Lang()}
	for _, l := range r.site.Languages {
		codes = append(codes, l.Code)
	}
	for _, code := range codes {
		alt := m.Texts[code].Alt
		if alt == "" {
			continue
		}
		d := string(content.LTR)
		if l, ok := r.site.Language(code); ok {
			d = string(l.Direction)
		}
		if limit > 0 && utf8.RuneCountInString(alt) > limit {
			alt = strings.TrimSpace(string([]rune(alt)[:limit-1])) + "…"
		}
		return alt, code, d
	}
	return r.L.T("admin.media.untitled", itoa(m.ID)), "", ""
}

// markdownSnippet is the Markdown that shows an entry in an article: the
// alt text and the caption (as the title) escaped so that they stay text.
func markdownSnippet(p, alt, caption string) string {
	var b strings.Builder
	b.WriteString("![")
	for _, c := range alt {
		if strings.ContainsRune("\\[]*_`<>&~!", c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	b.WriteString("](")
	dest := "/media/" + p
	if strings.ContainsAny(dest, " ()<>") {
		dest = "<" + strings.NewReplacer("<", `\<`, ">", `\>`).Replace(dest) + ">"
	}
	b.WriteString(dest)
	if caption != "" {
		b.WriteString(` "`)
		b.WriteString(strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(caption))
		b.WriteString(`"`)
	}
	b.WriteString(")")
	return b.String()
}

// oneLine trims a typed text and folds its runs of spaces, line breaks and
// control characters into single spaces.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(c rune) bool { return unicode.IsSpace(c) || unicode.IsControl(c) }), " ")
}

func mediaTypeName(mime string) string {
	switch mime {
	case "image/jpeg":
		return "JPEG"
	case "image/png":
		return "PNG"
	case "image/webp":
		return "WebP"
	case "image/gif":
		return "GIF"
	}
	return mime
}

// mediaSize is a file size in kilobytes, rounded up: precise enough to
// compare, and one unit for the whole table.
func mediaSize(r *req, n int64) string {
	return r.L.T("admin.media.size.kb", (n+1023)/1024)
}

// scaled is the height that keeps the proportions at a width.
func scaled(w, h, width int) (int, int) {
	return width, max((h*width+w/2)/w, 1)
}

func tooLargeMessage(r *req) string {
	return r.L.T("admin.media.error.toolarge", int64(media.DefaultMaxBytes>>20), int64(media.DefaultMaxPixels/1_000_000))
}
