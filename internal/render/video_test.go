package render

import (
	"strings"
	"testing"
)

func TestVideoEmbed(t *testing.T) {
	got := html(t, "fr", "Le discours :\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nSuite.")
	want := `<p>Le discours` + "\u00a0" + `:</p>
<figure class="video" data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" data-provider="YouTube" data-title="Vidéo YouTube">
<div class="video-placeholder">
<p class="video-notice">Cette vidéo est hébergée par YouTube. La lire charge du contenu depuis YouTube.</p>
<button type="button" class="video-play" hidden="">Lire la vidéo</button>
<a class="video-link" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" rel="noopener">Voir sur YouTube<span class="visually-hidden"> (lien externe)</span></a>
</div>
</figure>
<p>Suite.</p>
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	for _, banned := range []string{"<iframe", "<script", "ytimg", "<img"} {
		if strings.Contains(got, banned) {
			t.Errorf("embed loads something: %s", banned)
		}
	}
}

func TestVideoWithCaption(t *testing.T) {
	got := html(t, "es", "[El *discurso* del ministro](https://vimeo.com/76979871)")
	want := `<figure class="video" data-embed-src="https://player.vimeo.com/video/76979871?dnt=1" data-provider="Vimeo" data-title="El discurso del ministro (Vimeo)">
<div class="video-placeholder">
<p class="video-notice">Este vídeo está alojado en Vimeo. Reproducirlo carga contenido de Vimeo.</p>
<button type="button" class="video-play" hidden="">Reproducir el vídeo</button>
<a class="video-link" href="https://vimeo.com/76979871" rel="noopener">Ver en Vimeo<span class="visually-hidden"> (enlace externo)</span></a>
</div>
<figcaption>El <em>discurso</em> del ministro</figcaption>
</figure>
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestVideoInForeignPassage(t *testing.T) {
	got := html(t, "fr", "::: lang=ar\nhttps://dai.ly/x8abcd1\n:::")
	for _, w := range []string{
		`<div lang="ar" dir="rtl">`,
		`<p class="video-notice" lang="fr" dir="ltr">`,
		`<button type="button" class="video-play" hidden="" lang="fr" dir="ltr">`,
		`<a class="video-link" href="https://www.dailymotion.com/video/x8abcd1" rel="noopener" lang="fr" dir="ltr">Voir sur Dailymotion<span class="visually-hidden"> (lien externe)</span></a>`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in %s", w, got)
		}
	}
}

func TestParseVideo(t *testing.T) {
	const yt = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
	cases := []struct{ url, provider, embed string }{
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube", yt},
		{"https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "YouTube", yt},
		{"http://m.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube", yt},
		{"https://youtu.be/dQw4w9WgXcQ", "YouTube", yt},
		{"https://youtu.be/dQw4w9WgXcQ?si=abc", "YouTube", yt},
		{"https://www.youtube.com/shorts/dQw4w9WgXcQ", "YouTube", yt},
		{"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "YouTube", yt},
		{"https://vimeo.com/76979871", "Vimeo", "https://player.vimeo.com/video/76979871?dnt=1"},
		{"https://www.dailymotion.com/video/x8abcd1", "Dailymotion", "https://www.dailymotion.com/embed/video/x8abcd1"},
		{"https://dai.ly/x8abcd1", "Dailymotion", "https://www.dailymotion.com/embed/video/x8abcd1"},
		// Not videos.
		{"https://www.youtube.com/watch?v=dQw4w9WgXc", "", ""},           // 10 chars
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQQ", "", ""},         // 12 chars
		{"https://www.youtube.com/watch?v=dQw4w9WgX%22", "", ""},         // bad charset
		{"https://www.youtube.com/watch?v=a&v=dQw4w9WgXcQ", "", ""},      // ambiguous
		{"https://www.youtube.com/channel/UC123", "", ""},                // not a video
		{"https://youtu.be/dQw4w9WgXcQ/extra", "", ""},                   // extra path
		{"https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", "", ""}, // other host
		{"https://evil.example/youtu.be/dQw4w9WgXcQ", "", ""},            // other host
		{"https://user@youtu.be/dQw4w9WgXcQ", "", ""},                    // credentials
		{"https://youtu.be:8080/dQw4w9WgXcQ", "", ""},                    // port
		{"javascript://youtu.be/dQw4w9WgXcQ", "", ""},                    // scheme
		{"https://vimeo.com/7697987a", "", ""},                           // not numeric
		{"https://vimeo.com/1234567890123", "", ""},                      // too long
		{"https://vimeo.com/channels/staffpicks/76979871", "", ""},       // not the plain form
		{"https://www.dailymotion.com/video/x8a", "", ""},                // too short
		{"https://www.dailymotion.com/video/x8abcd1_slug-here", "", ""},  // slug
		{"https://www.dailymotion.com/playlist/x8abcd1", "", ""},         // playlist
	}
	for _, c := range cases {
		v, ok := parseVideo(c.url)
		if ok != (c.provider != "") || v.provider != c.provider || v.embed != c.embed {
			t.Errorf("parseVideo(%q) = %+v, %v; want %q %q", c.url, v, ok, c.provider, c.embed)
		}
	}
}

func TestVideoForms(t *testing.T) {
	runFrags(t, []fragCase{
		{name: "angle autolink", src: "<https://youtu.be/dQw4w9WgXcQ>",
			want: []string{`<figure class="video" data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"`}},
		{name: "link with the URL as text", src: "[https://youtu.be/dQw4w9WgXcQ](https://youtu.be/dQw4w9WgXcQ)",
			want: []string{`data-title="Vidéo YouTube"`}, not: []string{"<figcaption>"}},
		{name: "in a tight list", src: "- https://youtu.be/dQw4w9WgXcQ\n- https://vimeo.com/76979871",
			want: []string{"<li><figure class=\"video\"", `data-provider="Vimeo"`}},
		{name: "URL inside a sentence stays a link", src: "Voir https://youtu.be/dQw4w9WgXcQ maintenant",
			want: []string{`<p>Voir <a href="https://youtu.be/dQw4w9WgXcQ" rel="noopener">`}, not: []string{"<figure"}},
		{name: "invalid id stays a link", src: "https://youtu.be/short",
			want: []string{`<p><a href="https://youtu.be/short" rel="noopener">`}, not: []string{"<figure"}},
		{name: "two URLs in one paragraph", src: "https://youtu.be/dQw4w9WgXcQ\nhttps://youtu.be/dQw4w9WgXcQ",
			not: []string{"<figure"}},
	})
}
