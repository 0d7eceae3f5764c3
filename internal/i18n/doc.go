// Package i18n holds Dépêche's interface translations and the locale-aware
// formatting of numbers and dates for reader-facing pages.
//
// # API
//
//	func Load() (*Bundle, error)                   // embedded locales/<lang>.json, parsed once
//	func LoadFS(fsys fs.FS) (*Bundle, error)       // <lang>.json files at the root of fsys
//	func (b *Bundle) Languages() []string          // languages with a catalog, sorted
//	func (b *Bundle) For(lang string) *Localizer   // never nil
//	func (b *Bundle) Check() []string              // translation problems, for tests and tooling
//
//	func (l *Localizer) Lang() string              // catalog language, e.g. "fr" for For("fr-CA")
//	func (l *Localizer) Dir() string               // "rtl" or "ltr"
//	func (l *Localizer) T(key string, args ...any) string
//	func (l *Localizer) N(key string, n int64, args ...any) string
//	func (l *Localizer) Number(n int64) string
//	func (l *Localizer) Year(t time.Time) string
//	func (l *Localizer) Date(t time.Time) string
//	func (l *Localizer) DateTime(t time.Time) string
//	func (l *Localizer) ISODate(t time.Time) string
//	func (l *Localizer) ISODateTime(t time.Time) string
//
//	func PluralCategory(lang string, n int64) string
//	func Direction(lang string) string
//	func Negotiate(acceptLanguage string, available []string, fallback string) string
//
// A Bundle and its Localizers are immutable once loaded and safe for
// concurrent use. Load parses the embedded catalogs only once and returns the
// same Bundle on every call.
//
// # Catalogs
//
// Each catalog is a flat JSON object in locales/<lang>.json, where <lang> is a
// lowercase BCP 47 tag. A value is either a string or, for a message whose
// wording depends on a count, an object keyed by CLDR plural category:
//
//	"skip.content":  "Go to content",
//	"article.views": {"one": "{1} view", "other": "{1} views"}
//
// en.json is the reference: it is required, it is the fallback for keys
// missing elsewhere, and it lists every key ordered by page area. Every other
// catalog must have the same keys, the same placeholders and, for plural
// messages, every category its language uses (en: one/other; fr and es:
// one/many/other, "many" being the "1 000 000 de vues" form; ar: all six).
// Load rejects catalogs that are not well-formed (bad JSON, invalid UTF-8,
// duplicate keys, unknown plural categories, plural objects without "other");
// Check reports the softer problems (missing or extra keys, placeholder
// mismatches, missing plural forms, empty messages) so that a forgotten
// translation degrades to English instead of stopping the site, while the
// package tests still refuse it.
//
// French strings follow French typography and are stored literally: ’ for
// apostrophes, « » with narrow no-break spaces (U+202F) inside, U+202F before
// ; ! ? and a no-break space (U+00A0) before a colon.
//
// Messages are plain text, not HTML: templates escape them like any other
// value. Values substituted into Arabic messages are not wrapped in bidi
// isolates; templates should put user-supplied names in <bdi> where needed.
//
// # Placeholders and plurals
//
// {1} to {9} in a message are replaced by the arguments in order. Integers are
// formatted with Number, time.Time with Date, anything else with fmt.Sprint.
// Pass a year as l.Year(t), not as an int, or it gets a thousands separator
// ("2,026"). A placeholder without a matching argument is left as is, so the
// mistake shows on the page rather than silently dropping text; extra
// arguments are ignored.
//
// Plural keys (the objects) must be read with N, which picks the form for n by
// the language's CLDR cardinal rule and passes the localized n as {1}; T on a
// plural key falls back to its "other" form. A key missing from a catalog is
// looked up in English (and then formatted as English); a key missing
// everywhere is returned as is. T and N never panic.
//
// Arguments of the seeded keys, where en.json does not make them obvious:
//
//	lang.switch            {1} language name, from site settings
//	comments.by            {1} l.DateTime(t), {2} author
//	share.email.subject    {1} article title
//	share.mastodon.example {1} an instance host, e.g. "mastodon.social"
//	footer.copyright       {1} l.Year(t), {2} publisher
//	footer.accessibility.status  {1} T("accessibility.full"|".partial"|".none")
//	video.notice/open      {1} host name, e.g. "YouTube"
//	N("search.results", n, query), N("error.tooshort"|"error.toolong", limit),
//	N("article.views"|"comments.count"|"error.summary", n)
//
// # Numbers and dates
//
// Integers are grouped by three as CLDR does for each language: en "7,371",
// fr "7 371" (narrow no-break space U+202F), es "7371" but "17.371"
// (minimumGroupingDigits=2), ar "٧٬٣٧١".
//
// Arabic uses Arabic-Indic digits (U+0660–U+0669), the Arabic thousands
// separator U+066C and, for negative numbers, ALM (U+061C) followed by "-":
// CLDR's "arab" numbering system. This is a deliberate choice, not the latest
// CLDR default: since CLDR 46 (ticket CLDR-17553) plain "ar" defaults to Latin
// digits, while "arab" stays the native system and the default of ar-EG, ar-SA
// and other Mashriq locales. A foreign ministry's Arabic pages address that
// readership and are expected to look like its printed communiqués. Switching
// to Latin digits means changing the "ar" entry of localeFormats only (zero
// '0', group ","); the tests pin the current choice.
//
// Dates are formatted in the location carried by t; callers convert to the
// site's time zone first. Long dates and date-times:
//
//	en  18 March 2014          18 March 2014, 10:41
//	fr  18 mars 2014           18 mars 2014 à 10 h 41   (1er mars 2014 on day 1)
//	es  18 de marzo de 2014    18 de marzo de 2014, 10:41
//	ar  ١٨ مارس ٢٠١٤            ١٨ مارس ٢٠١٤، ١٠:٤١ ص
//
// French uses the "10 h 41" form recommended by the Imprimerie nationale for
// running text, with no-break spaces (U+00A0) around "h" and an unpadded hour.
// English and Spanish use a 24-hour clock (en "09:05", es "9:05"). Arabic
// follows CLDR's 12-hour clock with ص (a.m.) and م (p.m.), separated from the
// time by a no-break space. ISODate and ISODateTime give machine-readable
// values for <time datetime>.
//
// # Language selection
//
// For falls back from an unknown tag to its base language ("fr-CA" → "fr") and
// then to English. Negotiate picks a language for an Accept-Language header
// with the CLDR matching data of golang.org/x/text/language, which also
// accepts close neighbours (a Galician reader gets Spanish when there is no
// Galician); a header that cannot be parsed, or matches nothing, gives the
// fallback.
package i18n
