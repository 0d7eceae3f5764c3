package render

import (
	"regexp"
	"sync"

	"github.com/microcosm-cc/bluemonday"
)

// The renderer only writes markup it built itself, with escaped text and
// validated URLs. The sanitizer is a second, independent line of defence:
// an explicit allow-list of exactly that markup. Anything else that a bug
// could let through is dropped.

var articlePolicy = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)

	p.AllowElements(
		"p", "br", "hr", "em", "strong", "del", "code", "pre", "blockquote",
		"ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
		"sup", "figure", "figcaption", "div", "span", "section",
		"h2", "h3", "h4", "h5", "h6", "a", "img", "button",
	)

	p.AllowAttrs("lang").Matching(regexp.MustCompile(`^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,8}$`)).Globally()
	p.AllowAttrs("dir").Matching(regexp.MustCompile(`^(?:ltr|rtl)$`)).Globally()
	p.AllowAttrs("class").Matching(regexp.MustCompile(
		`^(?:visually-hidden|heading-anchor|credit|video|video-placeholder|video-notice|video-play|video-link|` +
			`footnotes|footnote-ref|footnote-backref|align-(?:left|center|right)|language-[A-Za-z0-9_+-]{1,32})$`)).Globally()

	p.AllowAttrs("id").Matching(regexp.MustCompile(`^[^\s"'<>&]{1,300}$`)).OnElements("h2", "h3", "h4", "h5", "h6", "li", "a")
	p.AllowAttrs("aria-hidden").Matching(regexp.MustCompile(`^true$`)).OnElements("span")
	idRef := regexp.MustCompile(`^[A-Za-z0-9-]{1,64}$`)
	p.AllowAttrs("aria-labelledby").Matching(idRef).OnElements("section")
	p.AllowAttrs("aria-describedby").Matching(idRef).OnElements("a")

	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^noopener$`)).OnElements("a")
	p.AllowAttrs("title").OnElements("a", "img")

	p.AllowAttrs("src", "alt").OnElements("img")
	digits := regexp.MustCompile(`^[0-9]{1,6}$`)
	p.AllowAttrs("width", "height").Matching(digits).OnElements("img")
	p.AllowAttrs("srcset").Matching(srcsetShape).OnElements("img")
	p.AllowAttrs("sizes").Matching(regexp.MustCompile(`^` + regexp.QuoteMeta(figureSizes) + `$`)).OnElements("img")
	p.AllowAttrs("loading").Matching(regexp.MustCompile(`^lazy$`)).OnElements("img")
	p.AllowAttrs("decoding").Matching(regexp.MustCompile(`^async$`)).OnElements("img")

	p.AllowAttrs("data-embed-src").Matching(embedShape).OnElements("figure")
	p.AllowAttrs("data-provider").Matching(regexp.MustCompile(`^(?:YouTube|Vimeo|Dailymotion)$`)).OnElements("figure")
	p.AllowAttrs("data-title").OnElements("figure")
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^button$`)).OnElements("button")
	p.AllowAttrs("hidden").Matching(regexp.MustCompile(`^$`)).OnElements("button")

	p.AllowAttrs("scope").Matching(regexp.MustCompile(`^col$`)).OnElements("th")
	p.AllowAttrs("start").Matching(digits).OnElements("ol")
	return p
})

// embedShape is the exact form of the iframe URLs the renderer emits
// (static/embed.js checks the same).
var embedShape = regexp.MustCompile(`^https://(?:www\.youtube-nocookie\.com/embed/[A-Za-z0-9_-]{11}|` +
	`player\.vimeo\.com/video/[0-9]{1,12}\?dnt=1|www\.dailymotion\.com/embed/video/[A-Za-z0-9]{5,12})$`)

// srcsetShape accepts a list of "URL NNNw" candidates whose URLs are
// http(s), protocol-relative or relative without a scheme.
var srcsetShape = func() *regexp.Regexp {
	u := `(?:https?://[^\s,]+|//[^\s,]+|[^\s,:]+(?:[/?#][^\s,]*)?)`
	c := u + ` [0-9]{1,6}w`
	return regexp.MustCompile(`^(?i)` + c + `(?:, ` + c + `)*$`)
}()

var commentPolicy = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowURLSchemes("http", "https")
	p.RequireParseableURLs(true)
	p.AllowElements("p", "br", "a")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^nofollow ugc noopener$`)).OnElements("a")
	return p
})
