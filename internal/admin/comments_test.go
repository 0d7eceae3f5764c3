package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/store"
	"depeche/internal/user"
)

func TestModerationQueue(t *testing.T) {
	f := setup(t, "sqlite")
	ctx := context.Background()
	a := f.article(t, content.Published, f.users[user.Author])
	post := func(parent int64, body string) *comment.Comment {
		c := &comment.Comment{SiteID: f.site.ID, ArticleID: a.ID, ParentID: parent, Language: "fr", AuthorName: "Lecteur",
			AuthorEmail: "l@example.net", Body: body, Status: comment.Pending}
		if err := f.st.CreateComment(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	root := post(0, "Une question sur <b>l'article</b>.")
	reply := post(root.ID, "Et une précision.")
	other := post(0, "Un autre message.")

	resp := f.do(f.cookies[user.Moderator], "GET", "/admin/comments", nil)
	body := readAll(resp)
	if resp.StatusCode != 200 || !strings.Contains(body, "&lt;b&gt;l&#39;article&lt;/b&gt;") || !strings.Contains(body, fmt.Sprintf(`value="%d"`, other.ID)) {
		t.Fatalf("queue: %d", resp.StatusCode)
	}
	for _, role := range []user.Role{user.Author} {
		if resp := f.do(f.cookies[role], "GET", "/admin/comments", nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s opens the queue: %d", role, resp.StatusCode)
		}
		if resp := f.do(f.cookies[role], "POST", "/admin/comments", url.Values{"action": {"approve"}, "ids": {fmt.Sprint(other.ID)}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s moderates: %d", role, resp.StatusCode)
		}
	}
	// Approve the first message with its replies; mark the other as spam.
	if resp := f.do(f.cookies[user.Moderator], "POST", "/admin/comments", url.Values{"action": {"approve"}, "ids": {fmt.Sprint(root.ID)},
		"subthread": {"1"}, "reason": {"Pertinent"}}); resp.StatusCode != 200 {
		t.Fatalf("approve: %d", resp.StatusCode)
	}
	f.do(f.cookies[user.Moderator], "POST", "/admin/comments", url.Values{"action": {"spam"}, "ids": {fmt.Sprint(other.ID)}})
	public, _ := f.st.Thread(ctx, store.ThreadQuery{SiteID: f.site.ID, GroupID: a.GroupID, Statuses: []comment.Status{comment.Published}})
	spam, _ := f.st.Thread(ctx, store.ThreadQuery{SiteID: f.site.ID, GroupID: a.GroupID, Statuses: []comment.Status{comment.Spam}})
	if len(public) != 2 || len(spam) != 1 || spam[0].ID != other.ID {
		t.Fatalf("after moderation: %d published, %d spam", len(public), len(spam))
	}
	events, _ := f.st.CommentEvents(ctx, reply.ID)
	if len(events) != 1 || events[0].Action != "published" || events[0].Reason != "Pertinent" || events[0].UserID != f.users[user.Moderator].ID {
		t.Errorf("moderation log of the reply: %+v", events)
	}
	if resp := f.do(f.cookies[user.Moderator], "POST", "/admin/comments", url.Values{"action": {"approve"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("nothing checked: %d", resp.StatusCode)
	}
	if resp := f.do(f.cookies[user.Moderator], "POST", "/admin/comments", url.Values{"action": {"delete-everything"}, "ids": {"1"}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown action: %d", resp.StatusCode)
	}
}
