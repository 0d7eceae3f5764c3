package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"depeche/internal/comment"
)

// Limits of the banned lists: an entry is a word, a name or a domain, not a
// paragraph, and each list is read for every message posted.
const (
	MaxBanRunes   = 100
	MaxBanEntries = 1000
)

// Kinds of banned entries, as stored.
const (
	BanWord   = "word"
	BanName   = "name"
	BanDomain = "domain"
)

// BanProblem is one reason a banned list was refused.
type BanProblem struct {
	Kind  string // BanWord, BanName or BanDomain
	Code  string // "toolong", "toomany" or "utf8"
	Entry string // the entry at fault, for "toolong" and "utf8"
}

// BanErrors lists every problem of the lists given to SetCommentBans, so a
// form can show each next to its field.
type BanErrors []BanProblem

func (e BanErrors) Error() string {
	parts := make([]string, len(e))
	for i, p := range e {
		parts[i] = p.Kind + ": " + p.Code
	}
	return "banned lists refused: " + strings.Join(parts, ", ")
}

// CommentBans returns a site's banned words, names and e-mail domains,
// each list sorted. A site without any gets empty lists.
func (s *Store) CommentBans(ctx context.Context, siteID int64) (comment.Bans, error) {
	var b comment.Bans
	rows, err := s.q().query(ctx, `SELECT kind, value FROM comment_bans WHERE site_id = $1`, siteID)
	if err != nil {
		return b, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind, value string
		if err := rows.Scan(&kind, &value); err != nil {
			return comment.Bans{}, err
		}
		switch kind {
		case BanWord:
			b.Words = append(b.Words, value)
		case BanName:
			b.Names = append(b.Names, value)
		case BanDomain:
			b.Domains = append(b.Domains, value)
		}
	}
	if err := rows.Err(); err != nil {
		return comment.Bans{}, err
	}
	// Sorted here: SQLite orders bytes, PostgreSQL follows its locale.
	slices.Sort(b.Words)
	slices.Sort(b.Names)
	slices.Sort(b.Domains)
	return b, nil
}

// SetCommentBans replaces a site's banned lists in one transaction. Entries
// are trimmed; blanks and repeats (ignoring case) are dropped; domains are
// lowercased and lose a leading "@". Lists over the limits are refused
// whole with BanErrors, and nothing changes.
func (s *Store) SetCommentBans(ctx context.Context, siteID int64, b comment.Bans) error {
	clean, err := cleanBans(b)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(q q) error {
		if _, err := q.exec(ctx, `DELETE FROM comment_bans WHERE site_id = $1`, siteID); err != nil {
			return err
		}
		for _, list := range []struct {
			kind   string
			values []string
		}{{BanWord, clean.Words}, {BanName, clean.Names}, {BanDomain, clean.Domains}} {
			for _, v := range list.values {
				if _, err := q.exec(ctx, `INSERT INTO comment_bans (site_id, kind, value) VALUES ($1, $2, $3)`, siteID, list.kind, v); err != nil {
					return fmt.Errorf("banned %s %q: %w", list.kind, v, err)
				}
			}
		}
		return nil
	})
}

// cleanBans is what SetCommentBans stores for the lists given, or why it
// refuses them.
func cleanBans(b comment.Bans) (comment.Bans, error) {
	var problems BanErrors
	clean := func(kind string, in []string) []string {
		var out []string
		seen := map[string]bool{}
		for _, v := range in {
			v = strings.TrimSpace(v)
			if !utf8.ValidString(v) {
				problems = append(problems, BanProblem{Kind: kind, Code: "utf8", Entry: strings.ToValidUTF8(v, "\uFFFD")})
				continue
			}
			if kind == BanDomain {
				v = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(v, "@")))
			}
			switch {
			case v == "":
				continue
			case utf8.RuneCountInString(v) > MaxBanRunes:
				problems = append(problems, BanProblem{Kind: kind, Code: "toolong", Entry: v})
				continue
			}
			// The matching ignores case, so two spellings are one entry
			// (and one primary key).
			if key := strings.ToLower(v); !seen[key] {
				seen[key] = true
				out = append(out, v)
			}
		}
		if len(out) > MaxBanEntries {
			problems = append(problems, BanProblem{Kind: kind, Code: "toomany"})
		}
		return out
	}
	out := comment.Bans{Words: clean(BanWord, b.Words), Names: clean(BanName, b.Names), Domains: clean(BanDomain, b.Domains)}
	if len(problems) > 0 {
		return comment.Bans{}, problems
	}
	return out, nil
}
