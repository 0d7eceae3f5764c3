package admin

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"depeche/internal/content"
	"depeche/internal/store"
	"depeche/internal/user"
)

const (
	// passwordLinkValidity is how long an invitation or password link
	// works; it can be used once.
	passwordLinkValidity = 72 * time.Hour
	// maxPeopleForm bounds the account forms: a few short fields.
	maxPeopleForm = 64 << 10
	// maxDisplayName bounds a person's name as shown on articles.
	maxDisplayName = 100
)

// accountsMu makes the checks that keep one active administrator and the
// change they allow one step within this process; the store checks again
// in the transaction of a role change.
var accountsMu sync.Mutex

// accountRow is one line of the accounts table.
type accountRow struct {
	Href, Name, Email string
	Role, State       string
	StateClass        string
	Self              bool
}

// inviteForm is the invitation form as typed.
type inviteForm struct {
	Email, Name, Role string
	Errors            map[string]string
}

func (f *inviteForm) Error(field string) string { return f.Errors[field] }

type usersView struct {
	Rows    []accountRow
	Total   int64
	Form    *inviteForm
	Summary []fieldError
	Roles   []option
	Help    []roleHelp
	MaxName int
	// LinkHours is how long a password link works.
	LinkHours int64
}

// roleHelp explains a role next to the forms that choose one.
type roleHelp struct{ Name, Text string }

// accountForm is the account editing form as typed.
type accountForm struct {
	Name, Role, UILanguage string
	// ModerationLanguages are the comment languages checked; none means all.
	ModerationLanguages []string
	Errors              map[string]string
}

func (f *accountForm) Error(field string) string { return f.Errors[field] }

type accountView struct {
	Sections    []option // top-level sections, checked when the account is restricted to them
	ID          int64
	Email       string
	Form        *accountForm
	Summary     []fieldError
	Roles       []option
	Help        []roleHelp
	UILanguages []option
	// ModerationLanguages offers each site language as a checkbox.
	ModerationLanguages []option
	MaxName             int
	Self                bool
	Active              bool
	HasPassword         bool
	State               string
	Created             string
	Notice              string
	// StateError says why the account cannot be deactivated, after a
	// refused attempt.
	StateError string
	// CannotDisable says, before any attempt, why there is no
	// deactivation button.
	CannotDisable string
}

// invitationView shows a fresh password link, once.
type invitationView struct {
	ID          int64
	Name, Email string
	Link        string
	Expires     string
	New         bool
}

// passwordLink is a fresh single-use link to choose a password.
type passwordLink struct {
	URL     string
	Expires time.Time
}

func (a *Admin) users(w http.ResponseWriter, r *req) {
	a.showUsers(w, r, http.StatusOK, &inviteForm{Role: string(user.Author), Errors: map[string]string{}})
}

func (a *Admin) showUsers(w http.ResponseWriter, r *req, status int, f *inviteForm) {
	list, err := a.cfg.Store.Users(r.Context())
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	v := &usersView{Form: f, Total: int64(len(list)), Roles: roleOptions(r, f.Role), Help: rolesHelp(r), MaxName: maxDisplayName,
		LinkHours: int64(passwordLinkValidity / time.Hour)}
	for _, u := range list {
		row := accountRow{Href: "/admin/users/" + itoa(u.ID), Name: u.DisplayName, Email: u.Email,
			Role: r.L.T("admin.people.role." + string(u.Role)), Self: u.ID == r.u.ID}
		row.State, row.StateClass = accountState(r, u)
		v.Rows = append(v.Rows, row)
	}
	for _, field := range []string{"invite-email", "invite-name", "invite-role"} {
		if msg := f.Errors[field]; msg != "" {
			v.Summary = append(v.Summary, fieldError{field, msg})
		}
	}
	a.render(w, r, status, "people_users", r.L.T("admin.people.users.title"), v)
}

// accountState names an account's state: active, deactivated, or invited
// and still without a password.
func accountState(r *req, u *user.User) (text, class string) {
	switch {
	case !u.Active():
		return r.L.T("admin.people.state.disabled"), "disabled"
	case u.PasswordHash == "":
		return r.L.T("admin.people.state.invited"), "invited"
	}
	return r.L.T("admin.people.state.active"), "active"
}

func roleOptions(r *req, selected string) []option {
	var out []option
	for _, role := range user.Roles {
		out = append(out, option{Value: string(role), Text: r.L.T("admin.people.role." + string(role)), Selected: string(role) == selected})
	}
	return out
}

func rolesHelp(r *req) []roleHelp {
	var out []roleHelp
	for _, role := range user.Roles {
		out = append(out, roleHelp{Name: r.L.T("admin.people.role." + string(role)), Text: r.L.T("admin.people.role." + string(role) + ".help")})
	}
	return out
}

// readPeopleForm parses a small back-office form; it answers the request
// itself and returns false when the form cannot be read.
func readPeopleForm(w http.ResponseWriter, r *req, limit int64) bool {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "Request too large", http.StatusRequestEntityTooLarge)
			return false
		}
		http.Error(w, "Bad request", http.StatusBadRequest)
		return false
	}
	return true
}

// checkDisplayName returns the problem with a typed name, or "".
func checkDisplayName(r *req, name string) string {
	switch {
	case name == "":
		return r.L.T("admin.error.required")
	case utf8.RuneCountInString(name) > maxDisplayName:
		return r.L.N("error.toolong", maxDisplayName)
	}
	return ""
}

// invite creates an account without a password and hands over the link
// that lets its owner choose one.
func (a *Admin) invite(w http.ResponseWriter, r *req) {
	if !readPeopleForm(w, r, maxPeopleForm) {
		return
	}
	p := r.PostForm
	f := &inviteForm{Email: strings.TrimSpace(p.Get("email")), Name: oneLine(p.Get("name")), Role: p.Get("role"), Errors: map[string]string{}}
	email, err := user.NormalizeEmail(f.Email)
	if err != nil {
		f.Errors["invite-email"] = r.L.T("admin.people.error.email")
	}
	if msg := checkDisplayName(r, f.Name); msg != "" {
		f.Errors["invite-name"] = msg
	}
	role, err := user.ParseRole(f.Role)
	if err != nil || string(role) != f.Role {
		f.Errors["invite-role"] = r.L.T("admin.error.invalid")
	}
	ctx := r.Context()
	if f.Errors["invite-email"] == "" {
		if taken, err := a.emailTaken(ctx, email); err != nil {
			a.fail(w, r.Request, err)
			return
		} else if taken {
			f.Errors["invite-email"] = r.L.T("admin.people.error.email.taken")
		}
	}
	if len(f.Errors) > 0 {
		a.showUsers(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	u := &user.User{Email: email, DisplayName: f.Name, Role: role}
	if err := a.createAccount(ctx, u); err != nil {
		if errors.Is(err, errEmailTaken) {
			f.Errors["invite-email"] = r.L.T("admin.people.error.email.taken")
			a.showUsers(w, r, http.StatusUnprocessableEntity, f)
			return
		}
		a.fail(w, r.Request, err)
		return
	}
	link, err := a.newPasswordLink(ctx, r.site, u)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	a.cfg.Log.Info("account invited", "by", r.u.ID, "user", u.ID, "role", string(u.Role))
	a.deliverInvitation(w, r, u, link, true)
}

var errEmailTaken = errors.New("an account already uses this e-mail address")

func (a *Admin) emailTaken(ctx context.Context, email string) (bool, error) {
	_, err := a.cfg.Store.UserByEmail(ctx, email)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, store.ErrNotFound):
		return false, nil
	}
	return false, err
}

// createAccount stores a new account under a public slug no one else has:
// the name's, then the name's with -2, -3…; a name without Latin letters
// gets "author-…".
func (a *Admin) createAccount(ctx context.Context, u *user.User) error {
	base := content.Slugify(u.DisplayName)
	if len(base) > 70 {
		base = strings.TrimRight(base[:70], "-")
	}
	if base == "" {
		base = "author"
	}
	for n := 1; n <= 50; n++ {
		u.Slug = base
		if n > 1 {
			u.Slug = base + "-" + strconv.Itoa(n)
		}
		err := a.cfg.Store.CreateUser(ctx, u)
		if !errors.Is(err, store.ErrConflict) {
			return err
		}
		// Either the address was taken meanwhile, or the slug is.
		if taken, err := a.emailTaken(ctx, u.Email); err != nil {
			return err
		} else if taken {
			return errEmailTaken
		}
	}
	return fmt.Errorf("account %s: no free slug from %q", u.Email, base)
}

// newPasswordLink makes a single-use link to choose a password. Only the
// token's hash is stored: the database alone does not give the link.
func (a *Admin) newPasswordLink(ctx context.Context, site *content.Site, u *user.User) (passwordLink, error) {
	raw := make([]byte, 32)
	if _, err := io.ReadFull(user.SystemRandom, raw); err != nil {
		return passwordLink{}, err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	expires := a.cfg.Now().Add(passwordLinkValidity)
	if err := a.cfg.Store.CreatePasswordReset(ctx, passwordTokenHash(token), u.ID, expires); err != nil {
		return passwordLink{}, err
	}
	return passwordLink{URL: strings.TrimRight(site.BaseURL, "/") + "/admin/password?token=" + token, Expires: expires}, nil
}

func passwordTokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// deliverInvitation hands a password link to the person it is for. Mail
// is not wired into the back office yet: the link is shown once to the
// administrator, who passes it on through a channel they trust. When the
// back office can send mail, this is where the message goes out instead.
func (a *Admin) deliverInvitation(w http.ResponseWriter, r *req, u *user.User, link passwordLink, isNew bool) {
	if a.cfg.MailEnabled {
		if err := a.mailPasswordLink(r.Context(), r.site, u, link, isNew); err != nil {
			a.fail(w, r.Request, err)
			return
		}
		http.Redirect(w, r.Request, "/admin/users?done=mailed", http.StatusSeeOther)
		return
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	v := &invitationView{ID: u.ID, Name: u.DisplayName, Email: u.Email, Link: link.URL, New: isNew,
		Expires: r.L.DateTime(link.Expires.In(r.site.Location()))}
	title := r.L.T("admin.people.link.title")
	if isNew {
		title = r.L.T("admin.people.invited.title")
	}
	a.render(w, r, http.StatusOK, "people_invitation", title, v)
}

// loadAccount reads the account of the URL.
func (a *Admin) loadAccount(w http.ResponseWriter, r *req) (*user.User, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "Not found", http.StatusNotFound)
		return nil, false
	}
	u, err := a.cfg.Store.UserByID(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		http.Error(w, "Not found", http.StatusNotFound)
		return nil, false
	}
	if err != nil {
		a.fail(w, r.Request, err)
		return nil, false
	}
	return u, true
}

func (a *Admin) account(w http.ResponseWriter, r *req) {
	u, ok := a.loadAccount(w, r)
	if !ok {
		return
	}
	a.showAccount(w, r, http.StatusOK, u, savedAccountForm(u), "")
}

// savedAccountForm is the form of an account as stored.
func savedAccountForm(u *user.User) *accountForm {
	return &accountForm{Name: u.DisplayName, Role: string(u.Role), UILanguage: u.UILanguage,
		ModerationLanguages: u.ModerationLanguages, Errors: map[string]string{}}
}

func (a *Admin) showAccount(w http.ResponseWriter, r *req, status int, u *user.User, f *accountForm, stateError string) {
	v := &accountView{ID: u.ID, Email: u.Email, Form: f, Roles: roleOptions(r, f.Role), Help: rolesHelp(r), MaxName: maxDisplayName,
		Self: u.ID == r.u.ID, Active: u.Active(), HasPassword: u.PasswordHash != "", StateError: stateError,
		Created: r.L.DateTime(u.CreatedAt.In(r.site.Location()))}
	v.State, _ = accountState(r, u)
	restricted, err := a.cfg.Store.UserSections(r.Context(), u.ID)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	sections, err := a.cfg.Store.Sections(r.Context(), r.site.ID)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	for _, sec := range sections {
		if sec.ParentID == 0 {
			t := sec.Texts[r.L.Lang()]
			if t.Title == "" {
				t = sec.Texts[r.site.DefaultLanguage]
			}
			v.Sections = append(v.Sections, option{Value: itoa(sec.ID), Text: t.Title, Selected: slices.Contains(restricted, sec.ID)})
		}
	}
	switch r.URL.Query().Get("done") {
	case "disabled":
		v.Notice = r.L.T("admin.people.notice.disabled")
	case "enabled":
		v.Notice = r.L.T("admin.people.notice.enabled")
	}
	v.UILanguages = append(v.UILanguages, option{Value: "", Text: r.L.T("admin.people.field.uilang.default"), Selected: f.UILanguage == ""})
	for _, l := range r.site.Languages {
		v.UILanguages = append(v.UILanguages, option{Value: l.Code, Text: l.Name, Selected: l.Code == f.UILanguage})
		v.ModerationLanguages = append(v.ModerationLanguages, option{Value: l.Code, Text: l.Name,
			Selected: slices.Contains(f.ModerationLanguages, l.Code)})
	}
	if v.Active {
		msg, err := a.whyNotDisable(r, u)
		if err != nil {
			a.fail(w, r.Request, err)
			return
		}
		v.CannotDisable = msg
	}
	for _, field := range []string{"account-name", "account-role", "account-uilang"} {
		if msg := f.Errors[field]; msg != "" {
			v.Summary = append(v.Summary, fieldError{field, msg})
		}
	}
	a.render(w, r, status, "people_user", u.DisplayName, v)
}

// whyNotDisable says why an active account cannot be deactivated by this
// administrator, or "" when it can.
func (a *Admin) whyNotDisable(r *req, u *user.User) (string, error) {
	if u.ID == r.u.ID {
		return r.L.T("admin.people.error.self.disable"), nil
	}
	if u.Role == user.Administrator && u.Active() {
		n, err := a.cfg.Store.ActiveAdministrators(r.Context())
		if err != nil {
			return "", err
		}
		if n <= 1 {
			return r.L.T("admin.people.error.last.disable"), nil
		}
	}
	return "", nil
}

func (a *Admin) saveAccount(w http.ResponseWriter, r *req) {
	u, ok := a.loadAccount(w, r)
	if !ok {
		return
	}
	if !readPeopleForm(w, r, maxPeopleForm) {
		return
	}
	p := r.PostForm
	f := &accountForm{Name: oneLine(p.Get("name")), Role: p.Get("role"), UILanguage: p.Get("ui_language"), Errors: map[string]string{}}
	// In the site's order; a code the site does not have (a forged form,
	// or a language removed meanwhile) is dropped.
	for _, l := range r.site.Languages {
		if slices.Contains(p["moderation_languages"], l.Code) {
			f.ModerationLanguages = append(f.ModerationLanguages, l.Code)
		}
	}
	if msg := checkDisplayName(r, f.Name); msg != "" {
		f.Errors["account-name"] = msg
	}
	role, err := user.ParseRole(f.Role)
	switch {
	case err != nil || string(role) != f.Role:
		f.Errors["account-role"] = r.L.T("admin.error.invalid")
	case u.ID == r.u.ID && role != u.Role:
		f.Errors["account-role"] = r.L.T("admin.people.error.self.role")
	}
	if _, ok := r.site.Language(f.UILanguage); !ok && f.UILanguage != "" {
		f.Errors["account-uilang"] = r.L.T("admin.error.invalid")
	}
	if len(f.Errors) > 0 {
		a.showAccount(w, r, http.StatusUnprocessableEntity, u, f, "")
		return
	}
	changed := *u
	changed.DisplayName, changed.Role, changed.UILanguage = f.Name, role, f.UILanguage
	changed.ModerationLanguages = f.ModerationLanguages
	accountsMu.Lock()
	err = a.cfg.Store.UpdateUser(r.Context(), &changed)
	accountsMu.Unlock()
	switch {
	case errors.Is(err, store.ErrLastAdministrator):
		f.Errors["account-role"] = r.L.T("admin.people.error.last.role")
		a.showAccount(w, r, http.StatusUnprocessableEntity, u, f, "")
		return
	case errors.Is(err, store.ErrNotFound):
		http.Error(w, "Not found", http.StatusNotFound)
		return
	case err != nil:
		a.fail(w, r.Request, err)
		return
	}
	var restrict []int64
	for _, v := range p["sections"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			if _, err := a.cfg.Store.SectionByID(r.Context(), r.site.ID, id); err == nil {
				restrict = append(restrict, id)
			}
		}
	}
	if err := a.cfg.Store.SetUserSections(r.Context(), u.ID, restrict); err != nil {
		a.fail(w, r.Request, err)
		return
	}
	if role != u.Role {
		a.cfg.Log.Info("account role changed", "by", r.u.ID, "user", u.ID, "from", string(u.Role), "to", string(role))
	}
	http.Redirect(w, r.Request, "/admin/users/"+itoa(u.ID)+"?done=saved", http.StatusSeeOther)
}

// setAccountDisabled deactivates an account (ending its sessions) or
// reactivates it. No one deactivates themself, nor the last active
// administrator.
func (a *Admin) setAccountDisabled(w http.ResponseWriter, r *req) {
	u, ok := a.loadAccount(w, r)
	if !ok {
		return
	}
	if !readPeopleForm(w, r, maxPeopleForm) {
		return
	}
	var disable bool
	switch r.PostForm.Get("disabled") {
	case "on":
		disable = true
	case "off":
	default:
		http.Error(w, "Bad request: disabled must be on or off", http.StatusBadRequest)
		return
	}
	f := savedAccountForm(u)
	accountsMu.Lock()
	defer accountsMu.Unlock()
	if disable {
		msg, err := a.whyNotDisable(r, u)
		if err != nil {
			a.fail(w, r.Request, err)
			return
		}
		if msg != "" {
			a.showAccount(w, r, http.StatusConflict, u, f, msg)
			return
		}
	}
	err := a.cfg.Store.DisableUser(r.Context(), u.ID, disable)
	if errors.Is(err, store.ErrNotFound) {
		http.Error(w, "Not found", http.StatusNotFound)
		return
	}
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	done := "enabled"
	if disable {
		done = "disabled"
	}
	a.cfg.Log.Info("account "+done, "by", r.u.ID, "user", u.ID)
	http.Redirect(w, r.Request, "/admin/users/"+itoa(u.ID)+"?done="+done, http.StatusSeeOther)
}

// newAccountLink makes a new password link for an active account: for an
// invitation that expired, or a forgotten password. It replaces the
// account's earlier unused link.
func (a *Admin) newAccountLink(w http.ResponseWriter, r *req) {
	u, ok := a.loadAccount(w, r)
	if !ok {
		return
	}
	if !u.Active() {
		a.showAccount(w, r, http.StatusConflict, u, savedAccountForm(u), r.L.T("admin.people.error.link.disabled"))
		return
	}
	link, err := a.newPasswordLink(r.Context(), r.site, u)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	a.cfg.Log.Info("password link made", "by", r.u.ID, "user", u.ID)
	a.deliverInvitation(w, r, u, link, false)
}

// mailPasswordLink queues the e-mail that carries an invitation or a
// password link, in the account's own interface language.
func (a *Admin) mailPasswordLink(ctx context.Context, site *content.Site, u *user.User, link passwordLink, isNew bool) error {
	L := a.bundle.For(uiLanguage(u, site))
	kind := "password"
	if isNew {
		kind = "invitation"
	}
	expires := L.DateTime(link.Expires.In(site.Location()))
	return a.cfg.Store.QueueMail(ctx, store.Mail{Recipient: u.Email, Language: L.Lang(), Kind: kind,
		Subject: L.T("mail."+kind+".subject", site.Texts[site.DefaultLanguage].Name),
		Body:    L.T("mail."+kind+".body", u.DisplayName, site.Texts[site.DefaultLanguage].Name, link.URL, expires)})
}
