package pagecache

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

func TestBrotliWindow(t *testing.T) {
	for _, c := range []struct{ size, want int }{
		{0, 16}, {1, 16}, {40_000, 16}, {65_535, 16}, {65_536, 17}, {105_000, 17},
		{1_600_000, 21}, {4 << 20, 22}, {50 << 20, 22},
	} {
		if got := brotliWindow(c.size); got != c.want {
			t.Errorf("brotliWindow(%d) = %d, want %d", c.size, got, c.want)
		}
	}
}

// TestVariantsAcrossWindowSizes stores bodies on both sides of each
// window boundary, one after another so pooled writers of one size meet
// bodies of another, and checks every variant decodes to the body.
func TestVariantsAcrossWindowSizes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"ambassade", "consulat", "visa", "traité", "sommet", "ministre", "coopération", "<p>", "</p>\n"}
	for _, size := range []int{2_000, 70_000, 3_000, 300_000, 65_536, 1_200_000, 40_000} {
		var b bytes.Buffer
		for b.Len() < size {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteByte(' ')
		}
		body := b.Bytes()[:size]
		e := NewEntry(200, pageHeader(), bytes.Clone(body))
		for _, ae := range []string{"br", "gzip", "zstd"} {
			w := do(e, "GET", "Accept-Encoding", ae)
			if ce := w.Header().Get("Content-Encoding"); ce != ae {
				t.Fatalf("%d bytes, %s: Content-Encoding %q", size, ae, ce)
			}
			if got := decode(t, ae, w.Body.Bytes()); !bytes.Equal(got, body) {
				t.Errorf("%d bytes, %s: decoded %d bytes that differ", size, ae, len(got))
			}
		}
	}
}

// TestStoredBodyIsTight: a render's buffer has room to spare; the entry
// keeps only the body, so that the byte budget counts what is held.
func TestStoredBodyIsTight(t *testing.T) {
	buf := make([]byte, 50_000, 131_072)
	copy(buf, testPage)
	e := NewEntry(200, pageHeader(), buf)
	// Allocation rounds up to a size class or to whole pages: a little.
	if got := e.variants[identity].body; cap(got) >= len(got)*5/4 {
		t.Errorf("stored body: len %d, cap %d", len(got), cap(got))
	}
}
