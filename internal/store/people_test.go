package store_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"depeche/internal/content"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
	"depeche/internal/user"
)

// peopleAccount stores an account of a role.
func peopleAccount(t *testing.T, s *store.Store, email, name string, role user.Role) *user.User {
	t.Helper()
	u := &user.User{Email: email, DisplayName: name, Role: role}
	must(t, s.CreateUser(ctx, u))
	return u
}

func TestPeopleUsersAndUpdate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s) // Claire Martin, editor
		bob := peopleAccount(t, s, "bob@example.org", "bob Durand", user.Author)
		emilie := peopleAccount(t, s, "emilie@example.org", "Émilie Roux", user.Moderator)
		alice := peopleAccount(t, s, "alice@example.org", "Alice Bernard", user.Administrator)
		must(t, s.DisableUser(ctx, bob.ID, true))

		list, err := s.Users(ctx)
		must(t, err)
		var names []string
		for _, u := range list {
			names = append(names, u.DisplayName)
		}
		want := []string{"Alice Bernard", "bob Durand", "Claire Martin", "Émilie Roux"}
		if len(names) != len(want) {
			t.Fatalf("Users = %v, want %v", names, want)
		}
		for i := range want {
			if names[i] != want[i] {
				t.Fatalf("Users = %v, want %v (case and accents do not decide the order)", names, want)
			}
		}
		if list[0].Role != user.Administrator || list[0].Email != alice.Email || !list[0].Active() {
			t.Errorf("first account: %+v", list[0])
		}
		if list[1].Active() || list[1].ID != bob.ID {
			t.Errorf("bob is deactivated: %+v", list[1])
		}
		if list[2].ID != f.author.ID || list[3].ID != emilie.ID {
			t.Errorf("ids: %d %d", list[2].ID, list[3].ID)
		}

		emilie.DisplayName, emilie.Role, emilie.UILanguage = "Émilie Roux-Vidal", user.Editor, "ar"
		must(t, s.UpdateUser(ctx, emilie))
		got, err := s.UserByID(ctx, emilie.ID)
		must(t, err)
		if got.DisplayName != "Émilie Roux-Vidal" || got.Role != user.Editor || got.UILanguage != "ar" || got.Email != "emilie@example.org" {
			t.Errorf("after UpdateUser: %+v", got)
		}
		got.UILanguage = ""
		must(t, s.UpdateUser(ctx, got))
		if again, _ := s.UserByID(ctx, emilie.ID); again.UILanguage != "" {
			t.Errorf("ui_language not cleared: %q", again.UILanguage)
		}
		if err := s.UpdateUser(ctx, &user.User{ID: 999999, DisplayName: "Nobody", Role: user.Author}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("UpdateUser on an unknown id = %v, want ErrNotFound", err)
		}
		if err := s.UpdateUser(ctx, &user.User{ID: emilie.ID, DisplayName: "X", Role: "superuser"}); err == nil {
			t.Error("UpdateUser accepted an unknown role")
		}
		if err := s.UpdateUser(ctx, &user.User{ID: emilie.ID, Role: user.Author}); err == nil {
			t.Error("UpdateUser accepted an empty name")
		}
	})
}

func TestPeopleLastAdministrator(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		first := peopleAccount(t, s, "first@example.org", "First", user.Administrator)
		demote := func(u *user.User) error {
			c := *u
			c.Role = user.Editor
			return s.UpdateUser(ctx, &c)
		}
		if err := demote(first); !errors.Is(err, store.ErrLastAdministrator) {
			t.Fatalf("demoting the only administrator = %v, want ErrLastAdministrator", err)
		}
		// A deactivated administrator does not count.
		dormant := peopleAccount(t, s, "dormant@example.org", "Dormant", user.Administrator)
		must(t, s.DisableUser(ctx, dormant.ID, true))
		if n, err := s.ActiveAdministrators(ctx); err != nil || n != 1 {
			t.Fatalf("ActiveAdministrators = %d, %v", n, err)
		}
		if err := demote(first); !errors.Is(err, store.ErrLastAdministrator) {
			t.Fatalf("demoting the only active administrator = %v", err)
		}
		if err := demote(dormant); err != nil {
			t.Fatalf("demoting a deactivated administrator: %v", err)
		}
		// Renaming the last administrator is fine.
		first.DisplayName = "First Admin"
		must(t, s.UpdateUser(ctx, first))

		// Two administrators demoting each other at once: one must stay.
		for i := range 5 {
			a := peopleAccount(t, s, fmt.Sprintf("a%d@example.org", i), fmt.Sprintf("Admin %d", i), user.Administrator)
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for j, u := range []*user.User{first, a} {
				wg.Go(func() { errs[j] = demote(u) })
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				switch {
				case err == nil:
					ok++
				case !errors.Is(err, store.ErrLastAdministrator):
					t.Fatalf("round %d: %v", i, err)
				}
			}
			if n, _ := s.ActiveAdministrators(ctx); ok != 1 || n != 1 {
				t.Fatalf("round %d: %d demotions succeeded, %d active administrators left", i, ok, n)
			}
			// Whoever is left becomes "first" again for the next round.
			list, _ := s.Users(ctx)
			for _, u := range list {
				if u.Role == user.Administrator && u.Active() {
					first = u
				}
			}
		}
	})
}

func TestPeoplePasswordResets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		u := peopleAccount(t, s, "new@example.org", "New Person", user.Author)
		now := time.Now().UTC()
		must(t, s.CreatePasswordReset(ctx, "hash-1", u.ID, now.Add(72*time.Hour)))
		if id, err := s.PasswordResetUser(ctx, "hash-1", now); err != nil || id != u.ID {
			t.Fatalf("PasswordResetUser = %d, %v", id, err)
		}
		if _, err := s.PasswordResetUser(ctx, "hash-unknown", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown link: %v", err)
		}
		// Expired: neither shown nor usable, and still usable before.
		if _, err := s.ConsumePasswordReset(ctx, "hash-1", now.Add(73*time.Hour)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("expired link consumed: %v", err)
		}
		if _, err := s.PasswordResetUser(ctx, "hash-1", now.Add(72*time.Hour)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("link shown at its expiry: %v", err)
		}
		// Single use, even when requests race.
		var wg sync.WaitGroup
		results := make([]error, 8)
		ids := make([]int64, 8)
		for i := range results {
			wg.Go(func() { ids[i], results[i] = s.ConsumePasswordReset(ctx, "hash-1", now.Add(time.Minute)) })
		}
		wg.Wait()
		wins := 0
		for i, err := range results {
			switch {
			case err == nil:
				wins++
				if ids[i] != u.ID {
					t.Errorf("consumed for account %d, want %d", ids[i], u.ID)
				}
			case !errors.Is(err, store.ErrNotFound):
				t.Errorf("concurrent use: %v", err)
			}
		}
		if wins != 1 {
			t.Fatalf("%d uses of one link succeeded, want 1", wins)
		}
		if _, err := s.PasswordResetUser(ctx, "hash-1", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("used link still shown: %v", err)
		}
		// A new link replaces the earlier unused one.
		must(t, s.CreatePasswordReset(ctx, "hash-2", u.ID, now.Add(time.Hour)))
		must(t, s.CreatePasswordReset(ctx, "hash-3", u.ID, now.Add(time.Hour)))
		if _, err := s.ConsumePasswordReset(ctx, "hash-2", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a replaced link still works: %v", err)
		}
		if id, err := s.ConsumePasswordReset(ctx, "hash-3", now); err != nil || id != u.ID {
			t.Errorf("newest link: %d, %v", id, err)
		}
		if err := s.CreatePasswordReset(ctx, "hash-4", 999999, now.Add(time.Hour)); err == nil {
			t.Error("a link for an unknown account was stored")
		}
	})
}

func TestPeopleArticlesInLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		a := f.article(t, s, 0, "fr", "un", content.Draft, time.Time{})
		f.article(t, s, a.GroupID, "en", "one", content.Trashed, time.Time{})
		f.article(t, s, 0, "fr", "deux", content.Published, t0)
		for lang, want := range map[string]int{"fr": 2, "en": 1, "ar": 0} {
			if n, err := s.ArticlesInLanguage(ctx, f.site.ID, lang); err != nil || n != want {
				t.Errorf("ArticlesInLanguage(%s) = %d, %v; want %d", lang, n, err, want)
			}
		}
		if n, _ := s.ArticlesInLanguage(ctx, f.site.ID+1, "fr"); n != 0 {
			t.Errorf("another site's count: %d", n)
		}
	})
}
