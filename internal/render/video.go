package render

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// videoRef is a recognized video of a known provider.
type videoRef struct {
	provider string // display name: "YouTube", "Vimeo", "Dailymotion"
	embed    string // URL loaded in the iframe once the reader asks
	page     string // the video's page at the provider
}

var (
	youtubeID     = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)
	vimeoID       = regexp.MustCompile(`^[0-9]{1,12}$`)
	dailymotionID = regexp.MustCompile(`^[A-Za-z0-9]{5,12}$`)
)

func youtube(id string) (videoRef, bool) {
	if !youtubeID.MatchString(id) {
		return videoRef{}, false
	}
	return videoRef{
		provider: "YouTube",
		embed:    "https://www.youtube-nocookie.com/embed/" + id,
		page:     "https://www.youtube.com/watch?v=" + id,
	}, true
}

func vimeo(id string) (videoRef, bool) {
	if !vimeoID.MatchString(id) {
		return videoRef{}, false
	}
	return videoRef{
		provider: "Vimeo",
		embed:    "https://player.vimeo.com/video/" + id + "?dnt=1",
		page:     "https://vimeo.com/" + id,
	}, true
}

func dailymotion(id string) (videoRef, bool) {
	if !dailymotionID.MatchString(id) {
		return videoRef{}, false
	}
	return videoRef{
		provider: "Dailymotion",
		embed:    "https://www.dailymotion.com/embed/video/" + id,
		page:     "https://www.dailymotion.com/video/" + id,
	}, true
}

// parseVideo recognizes the URL of a YouTube, Vimeo or Dailymotion video.
// Anything unexpected (other host, port, credentials, malformed id) is not
// a video.
func parseVideo(raw string) (videoRef, bool) {
	raw = strings.TrimSpace(raw)
	if len(raw) > 512 {
		return videoRef{}, false
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil || u.Port() != "" || u.Opaque != "" {
		return videoRef{}, false
	}
	host := strings.ToLower(u.Hostname())
	path := u.EscapedPath()
	seg := strings.Split(strings.TrimPrefix(path, "/"), "/")
	switch host {
	case "youtube.com", "www.youtube.com", "m.youtube.com":
		switch {
		case path == "/watch":
			if v := u.Query()["v"]; len(v) == 1 {
				return youtube(v[0])
			}
		case len(seg) == 2 && seg[0] == "shorts":
			return youtube(seg[1])
		}
	case "youtu.be":
		if len(seg) == 1 {
			return youtube(seg[0])
		}
	case "youtube-nocookie.com", "www.youtube-nocookie.com":
		if len(seg) == 2 && seg[0] == "embed" {
			return youtube(seg[1])
		}
	case "vimeo.com", "www.vimeo.com":
		if len(seg) == 1 {
			return vimeo(seg[0])
		}
	case "dailymotion.com", "www.dailymotion.com":
		if len(seg) == 2 && seg[0] == "video" {
			return dailymotion(seg[1])
		}
	case "dai.ly":
		if len(seg) == 1 {
			return dailymotion(seg[0])
		}
	}
	return videoRef{}, false
}

// video writes a privacy-friendly embed: nothing is loaded from the
// provider until the reader presses the button (see static/embed.js);
// without JavaScript the link to the provider's page remains.
func (r *renderer) video(v videoRef, link *ast.Link) {
	// The writer's link text, if any, is the video's caption and title.
	var caption string
	if link != nil {
		t := r.altText(link)
		if t != "" && t != strings.TrimSpace(unescapeMarkdown(link.Destination)) {
			caption = t
		}
	}
	// Title of the iframe: the writer's text and the provider, or the
	// VideoTitle label.
	title := format(r.labels.VideoTitle, v.provider)
	if caption != "" {
		title = caption + " (" + v.provider + ")"
	}
	la := r.labelAttrs()
	r.raw(`<figure class="video"`)
	r.attr("data-embed-src", v.embed)
	r.attr("data-provider", v.provider)
	r.attr("data-title", title)
	r.raw(">\n")
	r.raw(`<div class="video-placeholder">` + "\n")
	r.raw(`<p class="video-notice"` + la + `>`)
	r.esc(format(r.labels.VideoNotice, v.provider))
	r.raw("</p>\n")
	r.raw(`<button type="button" class="video-play" hidden` + la + `>`)
	r.esc(r.labels.VideoPlay)
	r.raw("</button>\n")
	r.raw(`<a class="video-link"`)
	r.attr("href", v.page)
	r.raw(` rel="noopener"` + la + `>`)
	r.esc(format(r.labels.VideoOpen, v.provider))
	r.pushLang(r.page) // the link already carries the page language
	r.hiddenLabel(" " + r.labels.ExternalLink)
	r.popLang()
	r.raw("</a>\n</div>\n")
	if caption != "" {
		r.prev = 0
		r.raw("<figcaption>")
		r.inLink++
		r.children(link)
		r.inLink--
		r.raw("</figcaption>\n")
	}
	r.raw("</figure>\n")
}
