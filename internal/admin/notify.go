package admin

import (
	"context"
	"fmt"
	"slices"

	"depeche/internal/content"
	"depeche/internal/store"
	"depeche/internal/user"
)

// notify queues the workflow's e-mails in the outbox: editors hear of a
// proposal, authors of a decision. The actor is never told of their own act.
func (a *Admin) notify(ctx context.Context, r *req, art *content.Article, action, note string) {
	var to []*user.User
	staff, err := a.cfg.Store.Staff(ctx)
	if err != nil {
		a.cfg.Log.Warn("notify: staff", "err", err)
		return
	}
	switch action {
	case "propose":
		for _, u := range staff {
			if u.Role == user.Editor || u.Role == user.Administrator {
				to = append(to, u)
			}
		}
	case "refuse", "publish":
		for _, u := range staff {
			if slices.Contains(art.AuthorIDs, u.ID) {
				to = append(to, u)
			}
		}
	default:
		return
	}
	link := fmt.Sprintf("%s/admin/articles/%d", r.site.BaseURL, art.ID)
	for _, u := range to {
		if u.ID == r.u.ID {
			continue
		}
		L := a.bundle.For(uiLanguage(u, r.site))
		body := L.T("mail."+action+".body", u.DisplayName, art.Title, r.u.DisplayName, link)
		if note != "" {
			body += "\n\n" + L.T("mail.note", note)
		}
		m := store.Mail{Recipient: u.Email, Subject: L.T("mail."+action+".subject", art.Title), Body: body, Language: L.Lang(), Kind: "workflow-" + action}
		if err := a.cfg.Store.QueueMail(ctx, m); err != nil {
			a.cfg.Log.Warn("notify: queue", "to", u.Email, "err", err)
		}
	}
}
