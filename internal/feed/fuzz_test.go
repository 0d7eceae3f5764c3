package feed

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func FuzzAtom(f *testing.F) {
	f.Add("Titre", "Résumé", "<p>Corps</p>", "Auteur")
	f.Add(nasty, nasty, nasty, nasty)
	f.Add("]]>", "&amp;", "<![CDATA[x]]>", "\r\n")
	f.Add("عنوان", "\u202e\u200f", "\ufeff\ufffd", "\U0001F600")
	f.Add("", " ", "\x00", "")
	f.Fuzz(func(t *testing.T, title, summary, content, author string) {
		in := &Feed{
			Title: title, Subtitle: summary, Language: "fr",
			SelfURL: base + "/fr/flux.atom", SiteURL: base + "/fr/", Author: author,
			Alternates: []Link{{Href: base + "/ar/flux.atom", HrefLang: "ar", Title: title}},
			Entries: []Entry{{
				URL: base + "/fr/a", Title: title, Summary: summary, ContentHTML: content,
				Published: time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC), Authors: []string{author}, Categories: []string{summary},
			}},
		}
		var b bytes.Buffer
		err := Atom(&b, in)
		if cleanLine(title) == "" || cleanLine(author) == "" {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("empty title or author: %v", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		doc := checkAtom(t, b.Bytes())
		e := doc.Entries[0]
		if doc.Title != cleanLine(title) || e.Title != cleanLine(title) || doc.Links[2].Title != cleanLine(title) {
			t.Errorf("title %q read back as %q / %q", title, doc.Title, e.Title)
		}
		if s := cleanLine(summary); s != "" && (e.Summary == nil || e.Summary.Body != s || e.Categories[0].Term != s) {
			t.Errorf("summary %q read back as %+v", summary, e.Summary)
		}
		if c := clean(content); c != "" && (e.Content == nil || e.Content.Body != c) {
			t.Errorf("content %q read back as %+v", content, e.Content)
		}
		if strings.Contains(b.String(), "]]>") {
			t.Error(`"]]>" in the output`)
		}
	})
}
