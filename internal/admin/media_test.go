package admin_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"depeche/internal/admin"
	"depeche/internal/auth"
	"depeche/internal/content"
	"depeche/internal/media"
	"depeche/internal/server"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
	"depeche/internal/user"
)

// setupMedia is setup with a media library root, in a temporary folder.
func setupMedia(t *testing.T, kind string) (*fixture, string) {
	t.Helper()
	f := setup(t, kind)
	dir := t.TempDir()
	authn, err := auth.New(f.st, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	back, err := admin.New(admin.Config{Store: f.st, Auth: authn, Log: slog.New(slog.DiscardHandler), MediaDir: dir,
		Preview: func(int64, string, string) template.HTML { return "<p>preview</p>" }})
	if err != nil {
		t.Fatal(err)
	}
	f.h = server.New(f.st, slog.New(slog.DiscardHandler), server.Routes{Admin: back}).Handler()
	return f, dir
}

// upload posts one file as the library's upload form does. contentType,
// when set, is what the browser claims the file is.
func (f *fixture) upload(cookie *http.Cookie, name, contentType string, data []byte) *http.Response {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, name))
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	h.Set("Content-Type", contentType)
	part, _ := mw.CreatePart(h)
	part.Write(data)
	mw.Close()
	req := httptest.NewRequest("POST", "/admin/media", &body)
	req.RemoteAddr = "192.0.2.10:1234"
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if cookie != nil {
		req.AddCookie(cookie)
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec.Result()
}

// testPNG encodes a w×h picture; seed changes its pixels, so its bytes.
func testPNG(t *testing.T, w, h int, seed uint8) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.Set(x, y, color.RGBA{uint8(x) + seed, uint8(y), uint8(x + y), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// storedFiles lists every file under the media root, temporary ones too.
func storedFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// mediaID reads the id from a redirect to an entry's page.
func mediaID(t *testing.T, resp *http.Response) int64 {
	t.Helper()
	loc := resp.Header.Get("Location")
	rest, ok := strings.CutPrefix(loc, "/admin/media/")
	if resp.StatusCode != http.StatusSeeOther || !ok {
		t.Fatalf("want a 303 to an entry, got %d %q", resp.StatusCode, loc)
	}
	rest, _, _ = strings.Cut(rest, "?")
	id, err := strconv.ParseInt(rest, 10, 64)
	if err != nil {
		t.Fatalf("redirect %q: %v", loc, err)
	}
	return id
}

// entryFiles are the original and copies of an entry, relative to the root.
func entryFiles(m *content.Media) []string {
	out := []string{m.Path}
	for _, w := range content.VariantWidths(m.Width) {
		if p := media.VariantFile(m.Path, w, m.Width, m.MimeType); p != m.Path {
			out = append(out, p)
		}
	}
	return out
}

func TestMediaUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f, dir := setupMedia(t, st.Dialect())
		editor := f.cookies[user.Editor]
		ctx := context.Background()
		data := testPNG(t, 1200, 800, 0)

		// Stored under its content hash, with copies for srcset, and
		// opened for its texts right away.
		resp := f.upload(editor, "../../etc/Holiday photo.jpg", "image/jpeg", data)
		id := mediaID(t, resp)
		m, err := f.st.MediaByID(ctx, f.site.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		if m.MimeType != "image/png" || m.Width != 1200 || m.Height != 800 || m.Size != int64(len(data)) ||
			!strings.HasSuffix(m.Path, ".png") || strings.Contains(m.Path, "Holiday") {
			t.Errorf("stored entry: %+v", m)
		}
		want := entryFiles(m)
		if len(want) != 3 {
			t.Fatalf("a 1200 px wide image should have two copies: %v", want)
		}
		for _, p := range want {
			if fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); err != nil || fi.Size() == 0 {
				t.Errorf("%s: %v", p, err)
			}
		}
		page := f.do(editor, "GET", resp.Header.Get("Location"), nil)
		body := readAll(page)
		if page.StatusCode != 200 || !strings.Contains(body, `id="alt-notice"`) || !strings.Contains(body, `id="alt-fr"`) ||
			!strings.Contains(body, `id="alt-en"`) || !strings.Contains(body, `class="flash"`) {
			t.Errorf("entry page after upload: %d\n%s", page.StatusCode, body)
		}

		// The same bytes again, whatever their name: the same entry.
		again := f.upload(editor, "copy.png", "image/png", data)
		if got := mediaID(t, again); got != id || !strings.Contains(again.Header.Get("Location"), "done=duplicate") {
			t.Errorf("second upload of the same bytes went to %q, want entry %d", again.Header.Get("Location"), id)
		}
		if list, total, _ := f.st.MediaList(ctx, f.site.ID, 10, 0); total != 1 || len(list) != 1 {
			t.Errorf("the library has %d entries after a duplicate upload", total)
		}

		// The library lists it with its smallest copy and what is missing.
		resp = f.do(editor, "GET", "/admin/media", nil)
		body = readAll(resp)
		thumb := "/media/" + media.VariantFile(m.Path, 480, 1200, "image/png")
		if resp.StatusCode != 200 || !strings.Contains(body, `src="`+thumb+`"`) || !strings.Contains(body, "badge--outdated") ||
			!strings.Contains(body, `name="file" type="file" accept="image/jpeg,image/png,image/webp,image/gif"`) ||
			!strings.Contains(body, `enctype="multipart/form-data"`) {
			t.Errorf("library page: %d\n%s", resp.StatusCode, body)
		}
	})
}

func TestMediaUploadRefusals(t *testing.T) {
	f, dir := setupMedia(t, "sqlite")
	editor := f.cookies[user.Editor]
	pic := testPNG(t, 300, 200, 7)
	huge := make([]byte, media.DefaultMaxBytes+1)
	copy(huge, pic)
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>`)
	tests := []struct {
		name, file, contentType string
		data                    []byte
		want                    int
	}{
		{"svg", "drawing.svg", "image/svg+xml", svg, http.StatusUnsupportedMediaType},
		{"svg named and declared png", "photo.png", "image/png", svg, http.StatusUnsupportedMediaType},
		{"html", "page.jpg", "image/jpeg", []byte("<!DOCTYPE html><title>x</title>"), http.StatusUnsupportedMediaType},
		{"empty file", "empty.png", "image/png", nil, http.StatusUnsupportedMediaType},
		{"truncated png", "cut.png", "image/png", pic[:len(pic)/2], http.StatusUnprocessableEntity},
		{"over the limit", "big.png", "image/png", huge, http.StatusRequestEntityTooLarge},
		{"no file chosen", "", "", nil, http.StatusUnprocessableEntity},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := f.upload(editor, tt.file, tt.contentType, tt.data)
			body := readAll(resp)
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.want)
			}
			// The library again, with the reason at the file field.
			if !strings.Contains(body, `id="file-error"`) || !strings.Contains(body, `aria-invalid="true"`) ||
				!strings.Contains(body, `aria-describedby="file-help file-error"`) || !strings.Contains(body, `href="#file"`) {
				t.Errorf("refusal page:\n%s", body)
			}
			if files := storedFiles(t, dir); len(files) != 0 {
				t.Errorf("files left behind: %v", files)
			}
		})
	}
	if _, total, _ := f.st.MediaList(context.Background(), f.site.ID, 10, 0); total != 0 {
		t.Errorf("%d entries recorded by refused uploads", total)
	}
	// Not a multipart form at all.
	if resp := f.do(editor, "POST", "/admin/media", url.Values{"file": {"x"}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("urlencoded upload: %d", resp.StatusCode)
	}
	// A body cut off in the middle of the file.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, _ := mw.CreateFormFile("file", "cut.png")
	part.Write(pic)
	req := httptest.NewRequest("POST", "/admin/media", bytes.NewReader(body.Bytes()[:body.Len()/2]))
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(editor)
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusBadRequest {
		t.Errorf("cut-off upload: %d", rec.Code)
	}
	if files := storedFiles(t, dir); len(files) != 0 {
		t.Errorf("files left behind by a cut-off upload: %v", files)
	}
}

func TestMediaTexts(t *testing.T) {
	f, _ := setupMedia(t, "sqlite")
	editor := f.cookies[user.Editor]
	id := mediaID(t, f.upload(editor, "a.png", "", testPNG(t, 640, 480, 1)))
	path := fmt.Sprintf("/admin/media/%d", id)

	// Refused: the typed text comes back, the problem at its field.
	form := url.Values{"credit": {"Agence Exemple"}, "alt-fr": {"IMG_2041.jpg"}, "caption-fr": {"Genève, mars 2026"},
		"alt-en": {""}, "caption-en": {"Geneva, March 2026"}}
	resp := f.do(editor, "POST", path, form)
	body := readAll(resp)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `value="Genève, mars 2026"`) ||
		!strings.Contains(body, `value="Agence Exemple"`) || !strings.Contains(body, `id="alt-fr-error"`) ||
		!strings.Contains(body, `id="alt-en-error"`) || !strings.Contains(body, `aria-describedby="alt-help alt-fr-error" aria-invalid="true"`) {
		t.Fatalf("refused save: %d\n%s", resp.StatusCode, body)
	}
	m, _ := f.st.MediaByID(context.Background(), f.site.ID, id)
	if m.Credit != "" || len(m.Texts) != 0 {
		t.Errorf("a refused save changed the entry: %+v", m)
	}

	// One language only: saved, still incomplete.
	form = url.Values{"credit": {" Agence  Exemple "}, "alt-fr": {"Des délégués  assis\nautour d’une table ronde"}, "caption-fr": {"Genève, mars 2026"}}
	if resp := f.do(editor, "POST", path, form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	body = readAll(f.do(editor, "GET", path, nil))
	if !strings.Contains(body, `id="alt-notice"`) || !strings.Contains(body, `href="#alt-en"`) || strings.Contains(body, `href="#alt-fr"`) {
		t.Errorf("notice with English missing:\n%s", body)
	}
	if !strings.Contains(body, `![Des délégués assis autour d’une table ronde](/media/`) {
		t.Errorf("no Markdown snippet for French:\n%s", body)
	}

	// Every language: complete, in the entry and in the library.
	form.Set("alt-en", "Delegates sitting around a round table")
	if resp := f.do(editor, "POST", path, form); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != path+"?done=saved" {
		t.Fatalf("save: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	m, _ = f.st.MediaByID(context.Background(), f.site.ID, id)
	if m.Credit != "Agence Exemple" || m.Texts["fr"].Alt != "Des délégués assis autour d’une table ronde" ||
		m.Texts["en"] != (content.MediaText{Alt: "Delegates sitting around a round table"}) {
		t.Errorf("saved entry: %+v", m)
	}
	body = readAll(f.do(editor, "GET", path, nil))
	if strings.Contains(body, `id="alt-notice"`) || !strings.Contains(body, "notice--ok") {
		t.Errorf("a complete entry still shows the notice:\n%s", body)
	}
	body = readAll(f.do(editor, "GET", "/admin/media", nil))
	if strings.Contains(body, "badge--outdated") || strings.Contains(body, "cell--missing") || !strings.Contains(body, `lang="fr"`) {
		t.Errorf("library after completing:\n%s", body)
	}
	for _, p := range []string{"/admin/media/999999", "/admin/media/abc"} {
		if resp := f.do(editor, "GET", p, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d", p, resp.StatusCode)
		}
	}
}

func TestMediaModeratorRefused(t *testing.T) {
	f, dir := setupMedia(t, "sqlite")
	id := mediaID(t, f.upload(f.cookies[user.Author], "a.png", "", testPNG(t, 200, 100, 2)))
	before := storedFiles(t, dir)
	mod := f.cookies[user.Moderator]
	path := fmt.Sprintf("/admin/media/%d", id)
	for _, c := range []struct {
		method, path string
		form         url.Values
	}{
		{"GET", "/admin/media", nil},
		{"GET", path, nil},
		{"POST", path, url.Values{"alt-fr": {"Détourné"}}},
		{"POST", path + "/delete", url.Values{}},
	} {
		if resp := f.do(mod, c.method, c.path, c.form); resp.StatusCode != http.StatusForbidden {
			t.Errorf("moderator %s %s = %d, want 403", c.method, c.path, resp.StatusCode)
		}
	}
	if resp := f.upload(mod, "b.png", "", testPNG(t, 200, 100, 3)); resp.StatusCode != http.StatusForbidden {
		t.Errorf("moderator upload = %d, want 403", resp.StatusCode)
	}
	if after := storedFiles(t, dir); !slices.Equal(before, after) {
		t.Errorf("files changed: %v → %v", before, after)
	}
	if m, err := f.st.MediaByID(context.Background(), f.site.ID, id); err != nil || len(m.Texts) != 0 {
		t.Errorf("the entry changed: %+v %v", m, err)
	}
	if resp := f.do(nil, "GET", "/admin/media", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous library: %d", resp.StatusCode)
	}
}

func TestMediaDelete(t *testing.T) {
	f, dir := setupMedia(t, "sqlite")
	ctx := context.Background()
	editor := f.cookies[user.Editor]
	shared := mediaID(t, f.upload(editor, "a.png", "", testPNG(t, 1000, 500, 4)))
	alone := mediaID(t, f.upload(editor, "b.png", "", testPNG(t, 1000, 500, 5)))
	sm, _ := f.st.MediaByID(ctx, f.site.ID, shared)
	am, _ := f.st.MediaByID(ctx, f.site.ID, alone)

	// Another site of the install holds the same file.
	other := &content.Site{Host: "other.test", BaseURL: "http://other.test", DefaultLanguage: "en", TimeZone: "UTC", CommentPolicy: content.ModerateBefore,
		Languages: []content.Language{{Code: "en", Name: "English", Direction: content.LTR}}, Texts: map[string]content.SiteText{"en": {Name: "Other"}}}
	if err := f.st.CreateSite(ctx, other); err != nil {
		t.Fatal(err)
	}
	if err := f.st.CreateMedia(ctx, &content.Media{SiteID: other.ID, Path: sm.Path, MimeType: sm.MimeType, Size: sm.Size, Width: sm.Width, Height: sm.Height}); err != nil {
		t.Fatal(err)
	}

	resp := f.do(editor, "POST", fmt.Sprintf("/admin/media/%d/delete", shared), nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/media?done=deleted" {
		t.Fatalf("delete: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, err := f.st.MediaByID(ctx, f.site.ID, shared); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the entry is still there: %v", err)
	}
	for _, p := range entryFiles(sm) {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			t.Errorf("a file the other site uses was removed: %s", p)
		}
	}

	resp = f.do(editor, "POST", fmt.Sprintf("/admin/media/%d/delete", alone), nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	for _, p := range entryFiles(am) {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is still there after deleting its only entry (%v)", p, err)
		}
	}
	if got, want := storedFiles(t, dir), entryFiles(sm); !slices.Equal(got, sortedCopy(want)) {
		t.Errorf("files left: %v, want %v", got, want)
	}
	body := readAll(f.do(editor, "GET", "/admin/media?done=deleted", nil))
	if !strings.Contains(body, `class="flash"`) {
		t.Errorf("no confirmation after deleting:\n%s", body)
	}
	if resp := f.do(editor, "POST", fmt.Sprintf("/admin/media/%d/delete", alone), nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("deleting twice: %d", resp.StatusCode)
	}
}

func TestMediaLibraryPages(t *testing.T) {
	f, _ := setupMedia(t, "sqlite")
	ctx := context.Background()
	for i := range 30 {
		if err := f.st.CreateMedia(ctx, &content.Media{SiteID: f.site.ID, Path: fmt.Sprintf("x/%02d.jpg", i), MimeType: "image/jpeg",
			Size: 2048, Width: 400, Height: 300}); err != nil {
			t.Fatal(err)
		}
	}
	editor := f.cookies[user.Editor]
	first := readAll(f.do(editor, "GET", "/admin/media", nil))
	second := readAll(f.do(editor, "GET", "/admin/media?page=2", nil))
	beyond := readAll(f.do(editor, "GET", "/admin/media?page=99", nil))
	if !strings.Contains(first, `href="/admin/media?page=2" rel="next"`) || strings.Contains(first, `rel="prev"`) {
		t.Errorf("first page's navigation:\n%s", first)
	}
	if !strings.Contains(second, `href="/admin/media?page=1" rel="prev"`) || strings.Contains(second, `rel="next"`) {
		t.Errorf("second page's navigation:\n%s", second)
	}
	if strings.Count(first, `<th scope="row">`) != 25 || strings.Count(second, `<th scope="row">`) != 5 || beyond != second {
		t.Errorf("rows: %d on the first page, %d on the second", strings.Count(first, `<th scope="row">`), strings.Count(second, `<th scope="row">`))
	}
	// A 400 px image has no copy: its thumbnail is the original.
	if !strings.Contains(first, `src="/media/x/29.jpg"`) {
		t.Errorf("thumbnail of a small image:\n%s", first)
	}
}

// TestMediaConcurrentUploads sends more uploads at once than there are
// ingest slots, the same image among them: each is answered, and the
// same bytes make one entry.
func TestMediaConcurrentUploads(t *testing.T) {
	f, dir := setupMedia(t, "sqlite")
	editor := f.cookies[user.Editor]
	same := testPNG(t, 600, 400, 9)
	var wg sync.WaitGroup
	ids := make([]int64, 6)
	codes := make([]int, 6)
	for i := range ids {
		data := same
		if i >= 3 {
			data = testPNG(t, 600, 400, uint8(10+i))
		}
		wg.Go(func() {
			resp := f.upload(editor, "p.png", "", data)
			codes[i] = resp.StatusCode
			if resp.StatusCode == http.StatusSeeOther {
				rest, _, _ := strings.Cut(strings.TrimPrefix(resp.Header.Get("Location"), "/admin/media/"), "?")
				ids[i], _ = strconv.ParseInt(rest, 10, 64)
			}
		})
	}
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusSeeOther {
			t.Errorf("upload %d: %d", i, c)
		}
	}
	if ids[0] != ids[1] || ids[1] != ids[2] {
		t.Errorf("the same image made several entries: %v", ids[:3])
	}
	if _, total, _ := f.st.MediaList(context.Background(), f.site.ID, 10, 0); total != 4 {
		t.Errorf("%d entries, want 4", total)
	}
	if n := len(storedFiles(t, dir)); n != 4*2 {
		t.Errorf("%d files, want 8 (4 originals, 4 copies at 480 px)", n)
	}
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}
