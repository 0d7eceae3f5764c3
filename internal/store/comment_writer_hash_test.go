package store_test

import (
	"errors"
	"testing"
	"time"

	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
	"depeche/internal/user"
)

// hashThread posts texts on one article, each from its own reader, a
// second apart from t0.
type hashThread struct {
	s       *store.Store
	siteID  int64
	article *content.Article
	n       int
}

func (h *hashThread) message(body string) *comment.Comment {
	h.n++
	c := reader(h.siteID, h.article.ID, h.n)
	c.Body, c.CreatedAt = body, t0.Add(time.Duration(h.n)*time.Second)
	return c
}

func (h *hashThread) post(body string) (*comment.Comment, error) {
	c := h.message(body)
	return c, h.s.SubmitComment(ctx, c, siteLimits)
}

// mustRefuse checks that body is refused as a duplicate, by SubmitComment
// and by DuplicateComment.
func (h *hashThread) mustRefuse(t *testing.T, body string) {
	t.Helper()
	if _, err := h.post(body); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("%q posted again: %v, want ErrDuplicate", body, err)
	}
	if dup, err := h.s.DuplicateComment(ctx, h.article.GroupID, body, t0); err != nil || !dup {
		t.Errorf("DuplicateComment(%q) = %v, %v; want true", body, dup, err)
	}
}

// mustAccept checks that body is not taken for a duplicate, then posts it.
func (h *hashThread) mustAccept(t *testing.T, body string) *comment.Comment {
	t.Helper()
	if dup, err := h.s.DuplicateComment(ctx, h.article.GroupID, body, t0); err != nil || dup {
		t.Errorf("DuplicateComment(%q) = %v, %v; want false", body, dup, err)
	}
	c, err := h.post(body)
	if err != nil {
		t.Fatalf("%q: %v", body, err)
	}
	return c
}

func TestDuplicateFoundByHash(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		h := &hashThread{s: s, siteID: f.site.ID, article: f.article(t, s, 0, "fr", "empreintes", content.Published, t0)}

		first := h.mustAccept(t, "Une empreinte, et rien d'autre.")
		if got, err := s.CommentBodyHashForTest(ctx, first.ID); err != nil || got != store.BodyHashForTest(first.Body) || len(got) != 64 {
			t.Fatalf("stored hash %q, %v; want the SHA-256 of the text", got, err)
		}
		h.mustRefuse(t, first.Body)

		// Two alike in one batch: the second is refused, and only the
		// first is stored.
		twins := []*comment.Comment{h.message("Deux fois dans le même lot."), h.message("Deux fois dans le même lot.")}
		errs := s.SubmitBatchForTest(ctx, nil, twins, &siteLimits)
		if errs[0] != nil || !errors.Is(errs[1], store.ErrDuplicate) {
			t.Errorf("twins in one batch: %v", errs)
		}
		h.mustRefuse(t, twins[0].Body)

		// A hash is only a way in: a row whose hash matches but whose text
		// differs (a collision, forged here) refuses nothing.
		forged := h.mustAccept(t, "Un texte quelconque.")
		must(t, s.ExecForTest(ctx, `UPDATE comments SET body_hash = $1 WHERE id = $2`, store.BodyHashForTest("Un autre texte."), forged.ID))
		h.mustAccept(t, "Un autre texte.")

		// The team edits a message: its new text is a duplicate, its old
		// one no longer is. The edit does not compute the hash; the
		// database marks it unknown, and the text is compared instead.
		mod := &user.User{Email: "mod@example.org", DisplayName: "Modératrice", Role: user.Moderator}
		must(t, s.CreateUser(ctx, mod))
		edited := h.mustAccept(t, "Avant la correction.")
		must(t, s.EditComment(ctx, f.site.ID, edited.ID, mod.ID, edited.AuthorName, "", "Après la correction."))
		if got, err := s.CommentBodyHashForTest(ctx, edited.ID); err != nil || got != "" {
			t.Errorf("hash after an edit: %q, %v; want it emptied", got, err)
		}
		h.mustRefuse(t, "Après la correction.")
		h.mustAccept(t, "Avant la correction.")

		// Another thread has its own texts.
		other := &hashThread{s: s, siteID: f.site.ID, article: f.article(t, s, 0, "fr", "ailleurs", content.Published, t0), n: 1000}
		other.mustAccept(t, first.Body)
	})
}

// TestDuplicateOfRowsWithoutHash: rows from before migration 0016 have no
// hash (SQLite cannot compute one in SQL, and neither database fills them
// in); they are compared by text, within the window as before.
func TestDuplicateOfRowsWithoutHash(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		h := &hashThread{s: s, siteID: f.site.ID, article: f.article(t, s, 0, "fr", "avant-0016", content.Published, t0)}

		// Back to the schema before 0016, a message stored there, then
		// the migration again.
		undo := []string{`DROP TRIGGER comments_body_hash_stale`}
		if s.Dialect() == "postgres" {
			undo = []string{`DROP TRIGGER comments_body_hash_stale ON comments`, `DROP FUNCTION comments_body_hash_stale()`}
		}
		undo = append(undo, `DROP INDEX comments_body_hash`, `ALTER TABLE comments DROP COLUMN body_hash`,
			`DELETE FROM schema_migrations WHERE version = 16`)
		for _, q := range undo {
			must(t, s.ExecForTest(ctx, q))
		}
		old := h.message("Écrit avant l'empreinte.")
		must(t, s.LegacyCreateCommentForTest(ctx, old))
		if applied, err := s.Migrate(ctx); err != nil || len(applied) != 1 || applied[0] != 16 {
			t.Fatalf("Migrate = %v, %v; want [16]", applied, err)
		}
		if got, err := s.CommentBodyHashForTest(ctx, old.ID); err != nil || got != "" {
			t.Fatalf("hash of an older row: %q, %v; want none", got, err)
		}

		h.mustRefuse(t, old.Body)
		h.mustAccept(t, "Écrit après l'empreinte.")
		h.mustRefuse(t, "Écrit après l'empreinte.")

		// Past the window, an older row no longer counts.
		late := h.message(old.Body)
		late.CreatedAt = old.CreatedAt.Add(siteLimits.DuplicateWindow + time.Second)
		must(t, s.SubmitComment(ctx, late, siteLimits))
	})
}
