package i18n

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/language"
)

//go:embed locales/*.json
var embedded embed.FS

// referenceLang is both the last fallback and the catalog every other one is
// compared with.
const referenceLang = "en"

// message is a catalog entry: text for a simple message, forms (keyed by
// plural category, always with "other") for a plural one.
type message struct {
	text  string
	forms map[string]string
}

func (m message) plural() bool { return m.forms != nil }

// Bundle holds every catalog, loaded once at start.
type Bundle struct {
	langs      []string
	localizers map[string]*Localizer
}

var loadEmbedded = sync.OnceValues(func() (*Bundle, error) {
	sub, err := fs.Sub(embedded, "locales")
	if err != nil {
		return nil, err
	}
	return LoadFS(sub)
})

// Load returns the Bundle built from the embedded locales/<lang>.json files.
// The catalogs are parsed on the first call only.
func Load() (*Bundle, error) {
	return loadEmbedded()
}

// LoadFS builds a Bundle from the <lang>.json files at the root of fsys. An
// en.json catalog is required because English is the fallback for every
// language.
func LoadFS(fsys fs.FS) (*Bundle, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	b := &Bundle{localizers: make(map[string]*Localizer, len(names))}
	// A language's messages may be split across files: <lang>.json and
	// <area>.<lang>.json, so that separate parts of the interface keep
	// their strings apart. A key defined twice is an error.
	merged := map[string]map[string]message{}
	for _, name := range names {
		base := strings.TrimSuffix(name, ".json")
		lang := base
		if i := strings.LastIndexByte(base, '.'); i >= 0 {
			lang = base[i+1:]
		}
		if _, err := language.Parse(lang); err != nil || lang != normalizeTag(lang) {
			return nil, fmt.Errorf("i18n: catalog %s: the file name must be a lowercase language tag such as fr.json, pt-br.json or admin.fr.json", name)
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		msgs, err := parseCatalog(data)
		if err != nil {
			return nil, fmt.Errorf("i18n: catalog %s: %w", name, err)
		}
		all, ok := merged[lang]
		if !ok {
			all = map[string]message{}
			merged[lang] = all
			b.langs = append(b.langs, lang)
		}
		for k, m := range msgs {
			if _, dup := all[k]; dup {
				return nil, fmt.Errorf("i18n: catalog %s: key %q is already defined in another %s file", name, k, lang)
			}
			all[k] = m
		}
	}
	for lang, msgs := range merged {
		b.localizers[lang] = newLocalizer(lang, msgs)
	}
	ref := b.localizers[referenceLang]
	if ref == nil {
		return nil, fmt.Errorf("i18n: no %s.json catalog; it is required as the fallback language", referenceLang)
	}
	for _, l := range b.localizers {
		if l != ref {
			l.fallback = ref
		}
	}
	slices.Sort(b.langs)
	return b, nil
}

// parseCatalog reads the catalog with a token decoder rather than
// json.Unmarshal, which silently keeps the last of two duplicate keys: in a
// hand-edited translation file a duplicate is almost always a mistake.
func parseCatalog(data []byte) (map[string]message, error) {
	if !utf8.Valid(data) {
		return nil, errors.New("not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil {
		return nil, err
	} else if tok != json.Delim('{') {
		return nil, errors.New("a catalog must be a JSON object")
	}
	msgs := make(map[string]message)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key := tok.(string) // inside an object, the decoder only yields string keys
		if key == "" {
			return nil, errors.New("empty key")
		}
		if _, dup := msgs[key]; dup {
			return nil, fmt.Errorf("duplicate key %q", key)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("key %q: %w", key, err)
		}
		m, err := parseMessage(raw)
		if err != nil {
			return nil, fmt.Errorf("key %q: %w", key, err)
		}
		msgs[key] = m
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("unexpected data after the catalog object")
	}
	return msgs, nil
}

func parseMessage(raw json.RawMessage) (message, error) {
	switch raw[0] { // RawMessage from Decode has no leading space and is never empty
	case '"':
		var s string
		err := json.Unmarshal(raw, &s)
		return message{text: s}, err
	case '{':
		var forms map[string]string
		if err := json.Unmarshal(raw, &forms); err != nil {
			return message{}, errors.New("a plural message must map plural categories to strings")
		}
		for cat := range forms {
			if !slices.Contains(allCategories, cat) {
				return message{}, fmt.Errorf("unknown plural category %q (want one of %s)", cat, strings.Join(allCategories, ", "))
			}
		}
		if _, ok := forms[other]; !ok {
			return message{}, errors.New(`a plural message needs an "other" form`)
		}
		return message{forms: forms}, nil
	}
	return message{}, errors.New("a message must be a string or an object of plural forms")
}

// Languages returns the languages that have a catalog, sorted.
func (b *Bundle) Languages() []string {
	if b == nil {
		return nil
	}
	return slices.Clone(b.langs)
}

// For returns the Localizer for lang, falling back to its base language
// ("fr-CA" → "fr") and then to English. It never returns nil, even on a nil
// Bundle, so that a page can always be rendered.
func (b *Bundle) For(lang string) *Localizer {
	if b == nil {
		return newLocalizer(referenceLang, nil)
	}
	tag := normalizeTag(lang)
	if l, ok := b.localizers[tag]; ok {
		return l
	}
	if l, ok := b.localizers[baseLang(tag)]; ok {
		return l
	}
	return b.localizers[referenceLang]
}

// Check compares every catalog with en.json and returns one line per
// problem, sorted: missing and extra keys, a plural message that is simple
// elsewhere, placeholder sets that differ, plural forms missing or unused
// in the catalog's language, empty messages, and languages for which the
// package has no plural rule or formats. An empty result means the catalogs
// are complete.
func (b *Bundle) Check() []string {
	if b == nil {
		return nil
	}
	var problems []string
	report := func(format string, args ...any) {
		problems = append(problems, fmt.Sprintf(format, args...))
	}
	ref := b.localizers[referenceLang]
	for _, lang := range b.langs {
		l := b.localizers[lang]
		needed := pluralCategories(l.base)
		if needed == nil {
			report("%s: no plural rule for this language in package i18n", lang)
		}
		if _, ok := localeFormats[l.base]; !ok {
			report("%s: no number and date formats for this language in package i18n", lang)
		}
		for _, key := range slices.Sorted(maps.Keys(l.msgs)) {
			m := l.msgs[key]
			if m.plural() {
				for _, cat := range needed {
					if _, ok := m.forms[cat]; !ok {
						report("%s: %s: missing plural form %q", lang, key, cat)
					}
				}
				for _, cat := range slices.Sorted(maps.Keys(m.forms)) {
					if needed != nil && !slices.Contains(needed, cat) {
						report("%s: %s: plural form %q is never used in this language", lang, key, cat)
					}
					if strings.TrimSpace(m.forms[cat]) == "" {
						report("%s: %s: empty %q form", lang, key, cat)
					}
				}
			} else if strings.TrimSpace(m.text) == "" {
				report("%s: %s: empty message", lang, key)
			}
			if l == ref {
				continue
			}
			want, ok := ref.msgs[key]
			if !ok {
				report("%s: %s: key not in %s.json", lang, key, referenceLang)
				continue
			}
			if want.plural() != m.plural() {
				report("%s: %s: %s in %s.json but %s here", lang, key, kind(want), referenceLang, kind(m))
			}
			if got, want := placeholders(m), placeholders(want); got != want {
				report("%s: %s: placeholders %s, but %s in %s.json", lang, key, got, want, referenceLang)
			}
		}
		if l == ref {
			continue
		}
		for _, key := range slices.Sorted(maps.Keys(ref.msgs)) {
			if _, ok := l.msgs[key]; !ok {
				report("%s: %s: missing (present in %s.json)", lang, key, referenceLang)
			}
		}
	}
	slices.Sort(problems)
	return problems
}

func kind(m message) string {
	if m.plural() {
		return "plural"
	}
	return "simple"
}

// placeholders returns the {1}..{9} used by a message, across all its plural
// forms (Arabic "one" and "two" forms usually spell the number out, so a
// single form may legitimately omit {1}), as a string like "{1} {2}".
func placeholders(m message) string {
	var used [10]bool
	scan := func(s string) {
		for i := 0; i+2 < len(s); i++ {
			if s[i] == '{' && s[i+1] >= '1' && s[i+1] <= '9' && s[i+2] == '}' {
				used[s[i+1]-'0'] = true
			}
		}
	}
	scan(m.text)
	for _, f := range m.forms {
		scan(f)
	}
	var list []string
	for d := 1; d <= 9; d++ {
		if used[d] {
			list = append(list, fmt.Sprintf("{%d}", d))
		}
	}
	if list == nil {
		return "none"
	}
	return strings.Join(list, " ")
}

// normalizeTag lowercases a language tag and accepts the POSIX "_" separator,
// so that "fr_CA", "fr-CA" and "FR-ca" all find the same catalog.
func normalizeTag(tag string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(tag)), "_", "-")
}

// baseLang returns the primary language subtag: "fr-ca" → "fr".
func baseLang(tag string) string {
	tag = normalizeTag(tag)
	if i := strings.IndexByte(tag, '-'); i >= 0 {
		return tag[:i]
	}
	return tag
}
