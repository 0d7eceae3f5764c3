package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image/color"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// FuzzIngest feeds arbitrary bytes: Ingest must not panic, and either
// store a complete image (the original, byte for byte, and every copy it
// lists, nothing else) or refuse it with a sentinel and leave root empty.
func FuzzIngest(f *testing.F) {
	webp, err := os.ReadFile("testdata/gopher.webp")
	if err != nil {
		f.Fatal(err)
	}
	small := gradient(40, 30)
	jpg := jpegBytes(f, small)
	f.Add(jpg)
	f.Add(withEXIFOrientation(jpegBytes(f, gradient(600, 20)), 6, binary.BigEndian))
	f.Add(pngBytes(f, small))
	f.Add(solidGIF(f, 500, 10, color.RGBA{9, 8, 7, 255}))
	f.Add(webp)
	f.Add(solidWebP(600, 4, color.NRGBA{1, 2, 3, 4}))
	f.Add(pngHeaderOnly(100000, 100000))
	f.Add(jpg[:len(jpg)/2])
	f.Add([]byte("<svg xmlns='http://www.w3.org/2000/svg'/>"))
	f.Add([]byte{})

	lim := Limits{MaxBytes: 1 << 20, MaxPixels: 1 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		root := t.TempDir()
		st, err := Ingest(bytes.NewReader(data), root, lim)
		if err != nil {
			if !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrCorrupt) {
				t.Fatalf("not a refusal: %v", err)
			}
			if st.Path != "" {
				t.Fatalf("error %v with %+v", err, st)
			}
			assertEmpty(t, root)
			return
		}
		if st.Width <= 0 || st.Height <= 0 || int64(st.Width)*int64(st.Height) > int64(lim.MaxPixels) {
			t.Fatalf("accepted %d×%d", st.Width, st.Height)
		}
		got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(st.Path)))
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("original at %s: %v", st.Path, err)
		}
		if ContentType(st.Path) != st.MimeType || st.MimeType == "" {
			t.Fatalf("Path %q, MimeType %q", st.Path, st.MimeType)
		}
		want := []string{st.Path}
		for _, w := range st.Variants {
			want = append(want, VariantFile(st.Path, w, st.Width, st.MimeType))
		}
		slices.Sort(want)
		if got := files(t, root); !slices.Equal(got, want) {
			t.Fatalf("files %v, want %v", got, want)
		}
		for _, w := range st.Variants {
			p := VariantFile(st.Path, w, st.Width, st.MimeType)
			if m, _ := decodeFile(t, root, p); m.Bounds().Dx() != w {
				t.Fatalf("copy %s is %d wide, want %d", p, m.Bounds().Dx(), w)
			}
		}
		assertModes(t, root)
	})
}
