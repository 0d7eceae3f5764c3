// Package render turns the Markdown body of an article into accessible,
// valid and privacy-friendly HTML, and reader comments into safe HTML.
//
// # API
//
//	func Article(src string, opt Options) (Result, error)
//	func Comment(src string) template.HTML
//	func Typography(lang, text string) string
//
// Article parses CommonMark with GFM tables, strikethrough, autolinks and
// footnotes (goldmark), renders it with its own renderer, then passes the
// HTML through an explicit allow-list sanitizer (bluemonday) as a second
// line of defence. Raw HTML typed in Markdown is never interpreted: it is
// shown as text. The error is non-nil only for sources over MaxSourceSize.
// Result.Warnings lists problems the writer should fix (missing
// alternative text, removed links, third-party images); they never stop
// the rendering. Article is safe for concurrent use.
//
// The Markdown syntax for writers is described in SYNTAX.md.
//
// # Output
//
// Markdown "#" is rendered as h2 (the page title is the h1); levels are
// shifted by one, capped at h6, and never skip a level. Headings get a
// unique, stable id (Unicode slug, "-1", "-2"… for duplicates) and a
// self-link; Result.Headings lists them for a table of contents.
//
// Classes for the style sheet:
//
//	visually-hidden   text for assistive technologies only (link hints, labels)
//	heading-anchor    the self-link at the end of each heading
//	credit            image credit inside figcaption
//	video             <figure> of a video embed; video-placeholder, video-notice,
//	                  video-play (button, hidden until static/embed.js runs),
//	                  video-link (link to the provider's page); the script adds
//	                  video-playing to the figure and video-frame to the iframe
//	footnotes         <section> of notes; footnote-ref (<sup> of a call),
//	                  footnote-backref (back-links)
//	align-left, align-center, align-right   table cells (no inline style: strict CSP)
//	language-xxx      <code> of a fenced code block with an info string
//
// Fixed ids: "footnotes-title" (heading of the notes), "fn-N" (note N),
// "fnref-N", "fnref-N-2"… (calls of note N). Heading ids never take them.
//
// Figures: an image alone in its paragraph becomes
//
//	<figure>
//	<img src="…" alt="…" width="1600" height="900"
//	     srcset="… 480w, … 960w, … 1600w" sizes="(min-width: 48rem) 46rem, 100vw"
//	     loading="lazy" decoding="async">
//	<figcaption>Caption <span class="credit">Source : AFP</span></figcaption>
//	</figure>
//
// width, height and srcset come from Options.Media. An image without
// alternative text gets alt="" (decorative) and a warning. An image on
// another host that the media library does not know is not loaded: it is
// rendered as a link, with a warning, so that no third party is contacted
// before the reader asks.
//
// Video: a paragraph holding only a YouTube, Vimeo or Dailymotion URL
// becomes a <figure class="video"> that loads nothing from the provider
// until the reader presses its button (see internal/site/static/embed.js).
//
// Language passages ([texte]{lang=en}, ::: lang=ar blocks) get lang, and
// dir when the direction changes; their typography follows their language.
// Labels written inside a passage of another language carry the page's
// lang so that they are pronounced correctly.
package render
