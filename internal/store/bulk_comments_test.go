package store_test

import (
	"errors"
	"testing"
	"time"

	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

func TestImportComments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		fr := f.article(t, s, 0, "fr", "import", content.Published, t0)
		en := f.article(t, s, fr.GroupID, "en", "import-en", content.Published, t0)
		elsewhere := f.article(t, s, 0, "fr", "ailleurs", content.Published, t0)
		msg := func(a *content.Article, st comment.Status, min int) *comment.Comment {
			return &comment.Comment{SiteID: f.site.ID, ArticleID: a.ID, Language: a.Language, AuthorName: "Ana", Body: "Message",
				Status: st, CreatedAt: t0.Add(time.Duration(min) * time.Minute)}
		}
		root := msg(fr, comment.Published, 1)
		reply := msg(en, comment.Published, 2)
		deep := msg(fr, comment.Pending, 3)
		other := msg(elsewhere, comment.Spam, 4)
		must(t, s.ImportComments(ctx, []store.ImportedComment{{Comment: root}, {Comment: reply, ReplyTo: root},
			{Comment: deep, ReplyTo: reply}, {Comment: other}}))
		if root.ID == 0 || reply.ParentID != root.ID || deep.ParentID != reply.ID || deep.RootID != root.ID || reply.GroupID != fr.GroupID {
			t.Fatalf("imported: root %+v, reply %+v, deep %+v", root, reply, deep)
		}
		thread, err := s.Thread(ctx, store.ThreadQuery{SiteID: f.site.ID, GroupID: fr.GroupID, Statuses: []comment.Status{comment.Published, comment.Pending}})
		must(t, err)
		if len(thread) != 3 || thread[0].ID != root.ID || thread[0].RootID != root.ID || thread[2].RootID != root.ID {
			t.Fatalf("thread = %+v", thread)
		}

		// A later import may answer a stored comment by its id.
		late := msg(fr, comment.Published, 5)
		late.ParentID = deep.ID
		must(t, s.ImportComments(ctx, []store.ImportedComment{{Comment: late}}))
		if late.RootID != root.ID {
			t.Errorf("reply to a stored comment: root %d, want %d", late.RootID, root.ID)
		}

		// All or nothing: a reply grafted onto another thread fails the
		// whole import, and nothing of it keeps an id.
		fine, forged := msg(fr, comment.Published, 6), msg(elsewhere, comment.Published, 7)
		err = s.ImportComments(ctx, []store.ImportedComment{{Comment: fine}, {Comment: forged, ReplyTo: root}})
		if !errors.Is(err, store.ErrParentMismatch) || fine.ID != 0 {
			t.Errorf("forged reply: %v, first comment id %d", err, fine.ID)
		}
		thread, err = s.Thread(ctx, store.ThreadQuery{SiteID: f.site.ID, GroupID: fr.GroupID, Statuses: []comment.Status{comment.Published}})
		must(t, err)
		if len(thread) != 3 {
			t.Errorf("%d published comments after a failed import, want 3", len(thread))
		}
		unsaved := msg(fr, comment.Published, 8)
		if err := s.ImportComments(ctx, []store.ImportedComment{{Comment: msg(fr, comment.Published, 9), ReplyTo: unsaved}}); !errors.Is(err, store.ErrParentMismatch) {
			t.Errorf("reply to a comment stored nowhere: %v", err)
		}
		if err := s.ImportComments(ctx, []store.ImportedComment{{Comment: msg(fr, "maybe", 9)}}); err == nil {
			t.Error("unknown status accepted")
		}
	})
}
