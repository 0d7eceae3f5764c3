package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sync"
	"testing"
	"testing/iotest"
	"time"

	"depeche/internal/content"
)

var storedPath = regexp.MustCompile(`^([0-9a-f]{2})/([0-9a-f]{64})\.(jpg|png|gif|webp)$`)

// checkStored verifies what every successful Ingest promises.
func checkStored(t *testing.T, root string, data []byte, st Stored) {
	t.Helper()
	m := storedPath.FindStringSubmatch(st.Path)
	if m == nil || m[1] != m[2][:2] {
		t.Fatalf("Path = %q, want ab/ab…(64 hex).ext", st.Path)
	}
	sum := sha256.Sum256(data)
	if m[2] != hex.EncodeToString(sum[:]) {
		t.Errorf("Path %q is not the SHA-256 of the bytes", st.Path)
	}
	if ContentType(st.Path) != st.MimeType {
		t.Errorf("ContentType(%q) = %q, MimeType %q", st.Path, ContentType(st.Path), st.MimeType)
	}
	if st.Size != int64(len(data)) {
		t.Errorf("Size = %d, want %d", st.Size, len(data))
	}
	got, err := os.ReadFile(filepath.Join(root, st.Path))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) {
		t.Error("the stored original differs from the upload")
	}
	ws := content.VariantWidths(st.Width)
	if !slices.Equal(st.Variants, ws[:len(ws)-1]) {
		t.Errorf("Variants = %v, want %v", st.Variants, ws[:len(ws)-1])
	}
	want := []string{st.Path}
	for _, w := range st.Variants {
		want = append(want, VariantFile(st.Path, w, st.Width, st.MimeType))
	}
	slices.Sort(want)
	if got := files(t, root); !slices.Equal(got, want) {
		t.Errorf("files under root = %v, want %v", got, want)
	}
	assertModes(t, root)
}

func TestIngestLargeJPEG(t *testing.T) {
	root := t.TempDir()
	data := jpegBytes(t, gradient(2000, 1000))
	st, err := Ingest(bytes.NewReader(data), root, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	checkStored(t, root, data, st)
	if st.MimeType != "image/jpeg" || st.Width != 2000 || st.Height != 1000 || st.Duplicate {
		t.Errorf("got %+v", st)
	}
	if !slices.Equal(st.Variants, []int{480, 960}) {
		t.Fatalf("Variants = %v, want [480 960]", st.Variants)
	}
	for _, w := range st.Variants {
		p := VariantFile(st.Path, w, st.Width, st.MimeType)
		if p != content.VariantPath(st.Path, w, st.Width) {
			t.Errorf("a JPEG copy is at %q, not at content.VariantPath %q", p, content.VariantPath(st.Path, w, st.Width))
		}
		m, kind := decodeFile(t, root, p)
		if kind != "jpeg" || m.Bounds().Dx() != w || m.Bounds().Dy() != w/2 {
			t.Errorf("%s: %s %v, want jpeg %d×%d", p, kind, m.Bounds().Size(), w, w/2)
		}
	}
}

func TestIngestSmallImageHasNoVariants(t *testing.T) {
	root := t.TempDir()
	data := pngBytes(t, gradient(300, 200))
	st, err := Ingest(bytes.NewReader(data), root, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	checkStored(t, root, data, st)
	if st.MimeType != "image/png" || len(st.Variants) != 0 || !storedPath.MatchString(st.Path) || filepath.Ext(st.Path) != ".png" {
		t.Errorf("got %+v", st)
	}
}

func TestIngestPNGVariantsKeepAlpha(t *testing.T) {
	root := t.TempDir()
	m := image.NewNRGBA(image.Rect(0, 0, 1000, 500))
	for i := 0; i < len(m.Pix); i += 4 {
		m.Pix[i], m.Pix[i+3] = 0xff, 0x80 // half-transparent red
	}
	data := pngBytes(t, m)
	st, err := Ingest(bytes.NewReader(data), root, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	checkStored(t, root, data, st)
	v, kind := decodeFile(t, root, VariantFile(st.Path, 480, st.Width, st.MimeType))
	if kind != "png" || v.Bounds().Size() != image.Pt(480, 240) {
		t.Fatalf("copy is %s %v", kind, v.Bounds().Size())
	}
	if c := color.NRGBAModel.Convert(v.At(240, 120)).(color.NRGBA); c.A < 0x70 || c.A > 0x90 || c.R < 0xf0 {
		t.Errorf("copy pixel = %v, want half-transparent red", c)
	}
}

func TestIngestGIF(t *testing.T) {
	// A logical screen of 1000×500 whose first frame covers only a part;
	// a second frame of another color must not matter.
	red := color.RGBA{0xff, 0, 0, 0xff}
	pal := color.Palette{color.Transparent, red, color.RGBA{0, 0, 0xff, 0xff}}
	f1 := image.NewPaletted(image.Rect(100, 100, 300, 200), pal)
	for i := range f1.Pix {
		f1.Pix[i] = 1
	}
	f2 := image.NewPaletted(image.Rect(0, 0, 1000, 500), pal)
	for i := range f2.Pix {
		f2.Pix[i] = 2
	}
	data := gifBytes(t, &gif.GIF{
		Image:  []*image.Paletted{f1, f2},
		Delay:  []int{10, 10},
		Config: image.Config{Width: 1000, Height: 500},
	})
	root := t.TempDir()
	st, err := Ingest(bytes.NewReader(data), root, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	checkStored(t, root, data, st)
	if st.MimeType != "image/gif" || st.Width != 1000 || st.Height != 500 || !slices.Equal(st.Variants, []int{480, 960}) {
		t.Fatalf("got %+v", st)
	}
	p := VariantFile(st.Path, 480, st.Width, st.MimeType)
	if filepath.Ext(p) != ".png" {
		t.Fatalf("GIF copy at %q, want a .png", p)
	}
	v, kind := decodeFile(t, root, p)
	if kind != "png" || v.Bounds().Size() != image.Pt(480, 240) {
		t.Fatalf("copy is %s %v", kind, v.Bounds().Size())
	}
	// The frame (100,100)-(300,200) is (48,48)-(144,96) at 480.
	if _, _, _, a := v.At(5, 5).RGBA(); a != 0 {
		t.Errorf("outside the first frame: alpha %d, want transparent", a)
	}
	if c := color.RGBAModel.Convert(v.At(96, 72)).(color.RGBA); c != red {
		t.Errorf("inside the first frame: %v, want %v", c, red)
	}
}

func TestIngestWebP(t *testing.T) {
	t.Run("fixture", func(t *testing.T) {
		data, err := os.ReadFile("testdata/gopher.webp")
		if err != nil {
			t.Fatal(err)
		}
		root := t.TempDir()
		st, err := Ingest(bytes.NewReader(data), root, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		checkStored(t, root, data, st)
		if st.MimeType != "image/webp" || st.Width != 75 || st.Height != 100 || len(st.Variants) != 0 || filepath.Ext(st.Path) != ".webp" {
			t.Errorf("got %+v", st)
		}
	})
	t.Run("opaque copies are JPEG", func(t *testing.T) {
		green := color.NRGBA{0x20, 0xc0, 0x40, 0xff}
		data := solidWebP(1200, 600, green)
		root := t.TempDir()
		st, err := Ingest(bytes.NewReader(data), root, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		checkStored(t, root, data, st)
		if !slices.Equal(st.Variants, []int{480, 960}) {
			t.Fatalf("Variants = %v", st.Variants)
		}
		for _, w := range st.Variants {
			p := VariantFile(st.Path, w, st.Width, st.MimeType)
			if filepath.Ext(p) != ".jpg" {
				t.Fatalf("WebP copy at %q, want a .jpg", p)
			}
			v, kind := decodeFile(t, root, p)
			if kind != "jpeg" || v.Bounds().Size() != image.Pt(w, w/2) {
				t.Fatalf("%s is %s %v", p, kind, v.Bounds().Size())
			}
			r, g, b, _ := v.At(w/2, w/4).RGBA()
			if !near(r>>8, 0x20) || !near(g>>8, 0xc0) || !near(b>>8, 0x40) {
				t.Errorf("%s: color %x %x %x, want %v", p, r>>8, g>>8, b>>8, green)
			}
		}
	})
	t.Run("transparency is flattened on white", func(t *testing.T) {
		data := solidWebP(1000, 500, color.NRGBA{0, 0, 0, 0})
		root := t.TempDir()
		st, err := Ingest(bytes.NewReader(data), root, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		v, _ := decodeFile(t, root, VariantFile(st.Path, 480, st.Width, st.MimeType))
		if r, g, b, _ := v.At(100, 100).RGBA(); !near(r>>8, 0xff) || !near(g>>8, 0xff) || !near(b>>8, 0xff) {
			t.Errorf("transparent WebP copy pixel = %x %x %x, want white", r>>8, g>>8, b>>8)
		}
	})
}

func near(got uint32, want uint32) bool {
	d := int(got) - int(want)
	return d >= -6 && d <= 6
}

func TestIngestEXIFOrientation(t *testing.T) {
	// Stored pixels: left half red, right half blue, 1200×600; orientation
	// 6 says "turn a quarter clockwise": displayed 600×1200, red on top.
	m := image.NewRGBA(image.Rect(0, 0, 1200, 600))
	for y := range 600 {
		for x := range 1200 {
			c := color.RGBA{0xff, 0, 0, 0xff}
			if x >= 600 {
				c = color.RGBA{0, 0, 0xff, 0xff}
			}
			m.SetRGBA(x, y, c)
		}
	}
	for _, bo := range []binary.AppendByteOrder{binary.LittleEndian, binary.BigEndian} {
		data := withEXIFOrientation(jpegBytes(t, m), 6, bo)
		if o := jpegOrientation(data); o != 6 {
			t.Fatalf("%v: jpegOrientation = %d, want 6", bo, o)
		}
		root := t.TempDir()
		st, err := Ingest(bytes.NewReader(data), root, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		checkStored(t, root, data, st)
		if st.Width != 600 || st.Height != 1200 || !slices.Equal(st.Variants, []int{480}) {
			t.Fatalf("got %+v, want 600×1200 displayed with a 480 copy", st)
		}
		v, _ := decodeFile(t, root, VariantFile(st.Path, 480, st.Width, st.MimeType))
		if v.Bounds().Size() != image.Pt(480, 960) {
			t.Fatalf("copy is %v, want 480×960", v.Bounds().Size())
		}
		if r, _, b, _ := v.At(240, 100).RGBA(); r>>8 < 0xe0 || b>>8 > 0x20 {
			t.Errorf("top of the copy is %x/%x (r/b), want red", r>>8, b>>8)
		}
		if r, _, b, _ := v.At(240, 860).RGBA(); b>>8 < 0xe0 || r>>8 > 0x20 {
			t.Errorf("bottom of the copy is %x/%x (r/b), want blue", r>>8, b>>8)
		}
	}
}

func TestOrient(t *testing.T) {
	// A 3×2 image with four distinct corners.
	tl, tr, bl, br := color.RGBA{1, 0, 0, 255}, color.RGBA{2, 0, 0, 255}, color.RGBA{3, 0, 0, 255}, color.RGBA{4, 0, 0, 255}
	m := image.NewRGBA(image.Rect(0, 0, 3, 2))
	m.SetRGBA(0, 0, tl)
	m.SetRGBA(2, 0, tr)
	m.SetRGBA(0, 1, bl)
	m.SetRGBA(2, 1, br)
	// What each EXIF orientation puts at the displayed top-left and
	// top-right corners (EXIF 2.3, tag 0x0112).
	tests := []struct {
		o              int
		size           image.Point
		topLeft, topRt color.RGBA
	}{
		{1, image.Pt(3, 2), tl, tr},
		{2, image.Pt(3, 2), tr, tl},
		{3, image.Pt(3, 2), br, bl},
		{4, image.Pt(3, 2), bl, br},
		{5, image.Pt(2, 3), tl, bl},
		{6, image.Pt(2, 3), bl, tl},
		{7, image.Pt(2, 3), br, tr},
		{8, image.Pt(2, 3), tr, br},
	}
	for _, tt := range tests {
		got := orient(m, tt.o)
		if got.Bounds().Size() != tt.size {
			t.Errorf("orientation %d: size %v, want %v", tt.o, got.Bounds().Size(), tt.size)
			continue
		}
		if c := got.RGBAAt(0, 0); c != tt.topLeft {
			t.Errorf("orientation %d: top-left %v, want %v", tt.o, c, tt.topLeft)
		}
		if c := got.RGBAAt(tt.size.X-1, 0); c != tt.topRt {
			t.Errorf("orientation %d: top-right %v, want %v", tt.o, c, tt.topRt)
		}
	}
}

func TestJPEGOrientationIgnoresGarbage(t *testing.T) {
	base := jpegBytes(t, gradient(8, 8))
	good := withEXIFOrientation(base, 8, binary.BigEndian)
	tests := map[string][]byte{
		"no EXIF":             base,
		"not a JPEG":          []byte("hello"),
		"truncated segment":   good[:10],
		"orientation 9":       withEXIFOrientation(base, 9, binary.BigEndian),
		"orientation 0":       withEXIFOrientation(base, 0, binary.LittleEndian),
		"segment length lies": append([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF}, "Exif\x00\x00II"...),
	}
	for name, b := range tests {
		if o := jpegOrientation(b); o != 1 {
			t.Errorf("%s: orientation %d, want 1", name, o)
		}
	}
	if o := jpegOrientation(good); o != 8 {
		t.Errorf("orientation %d, want 8", o)
	}
}

func TestIngestDuplicate(t *testing.T) {
	root := t.TempDir()
	data := jpegBytes(t, gradient(1000, 600))
	first, err := Ingest(bytes.NewReader(data), root, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if first.Duplicate {
		t.Error("first upload marked Duplicate")
	}
	before := modTimes(t, root)
	second, err := Ingest(bytes.NewReader(data), root, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !second.Duplicate || second.Path != first.Path || !slices.Equal(second.Variants, first.Variants) {
		t.Errorf("second upload = %+v, want the same Path, Duplicate", second)
	}
	if after := modTimes(t, root); !mapsEqual(before, after) {
		t.Errorf("files changed on a duplicate upload: %v → %v", before, after)
	}

	// A copy lost (say, a crash during an old removal) is made again.
	lost := VariantFile(first.Path, 480, first.Width, first.MimeType)
	if err := os.Remove(filepath.Join(root, lost)); err != nil {
		t.Fatal(err)
	}
	third, err := Ingest(bytes.NewReader(data), root, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !third.Duplicate {
		t.Error("original already stored, yet not Duplicate")
	}
	checkStored(t, root, data, third)

	// A damaged original (not of the right size) is not taken for the
	// image: it is written again.
	if err := os.WriteFile(filepath.Join(root, first.Path), []byte("bad"), 0o644); err != nil {
		t.Fatal(err)
	}
	fourth, err := Ingest(bytes.NewReader(data), root, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if fourth.Duplicate {
		t.Error("a damaged original was taken for a duplicate")
	}
	checkStored(t, root, data, fourth)

	// Different bytes, different name.
	other := jpegBytes(t, gradient(1000, 601))
	st, err := Ingest(bytes.NewReader(other), root, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Path == first.Path || st.Duplicate {
		t.Errorf("other image = %+v", st)
	}
}

func modTimes(t *testing.T, root string) map[string]time.Time {
	out := map[string]time.Time{}
	for _, p := range files(t, root) {
		fi, err := os.Stat(filepath.Join(root, p))
		if err != nil {
			t.Fatal(err)
		}
		out[p] = fi.ModTime()
	}
	return out
}

func mapsEqual(a, b map[string]time.Time) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !w.Equal(v) {
			return false
		}
	}
	return true
}

func TestIngestConcurrentSameImage(t *testing.T) {
	root := t.TempDir()
	data := pngBytes(t, gradient(700, 300))
	const n = 8
	results := make([]Stored, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { results[i], errs[i] = Ingest(bytes.NewReader(data), root, Limits{}) })
	}
	wg.Wait()
	fresh := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !results[i].Duplicate {
			fresh++
		}
	}
	if fresh != 1 {
		t.Errorf("%d uploads were not duplicates, want exactly 1", fresh)
	}
	checkStored(t, root, data, results[0])
}

func TestIngestRefusals(t *testing.T) {
	goodJPEG := jpegBytes(t, gradient(640, 480))
	goodPNG := pngBytes(t, gradient(640, 480))
	tests := []struct {
		name string
		data []byte
		lim  Limits
		want error
	}{
		{"empty", nil, Limits{}, ErrUnsupported},
		{"SVG", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), Limits{}, ErrUnsupported},
		{"SVG without prolog", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>`), Limits{}, ErrUnsupported},
		{"HTML named photo.jpg", []byte("<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"), Limits{}, ErrUnsupported},
		{"PDF", []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"), Limits{}, ErrUnsupported},
		{"BMP", append([]byte("BM"), make([]byte, 60)...), Limits{}, ErrUnsupported},
		{"RIFF but not WebP", append([]byte("RIFF\x10\x00\x00\x00WAVEfmt "), make([]byte, 16)...), Limits{}, ErrUnsupported},
		{"JPEG magic only", []byte{0xFF, 0xD8, 0xFF}, Limits{}, ErrCorrupt},
		{"truncated JPEG", goodJPEG[:len(goodJPEG)/2], Limits{}, ErrCorrupt},
		{"truncated PNG", goodPNG[:len(goodPNG)/2], Limits{}, ErrCorrupt},
		{"PNG header only", pngHeaderOnly(10, 10), Limits{}, ErrCorrupt},
		{"PNG of zero width", pngHeaderOnly(0, 10), Limits{}, ErrCorrupt},
		{"GIF signature only", []byte("GIF89a"), Limits{}, ErrCorrupt},
		{"WebP signature only", []byte("RIFF\x04\x00\x00\x00WEBP"), Limits{}, ErrCorrupt},
		{"PNG claiming 100000×100000", pngHeaderOnly(100000, 100000), Limits{}, ErrTooLarge},
		{"WebP of 16383×16383", solidWebP(16383, 16383, color.NRGBA{1, 2, 3, 255}), Limits{}, ErrTooLarge},
		{"over MaxBytes", goodPNG, Limits{MaxBytes: int64(len(goodPNG)) - 1}, ErrTooLarge},
		{"over MaxPixels", goodPNG, Limits{MaxPixels: 640*480 - 1}, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			st, err := Ingest(bytes.NewReader(tt.data), root, tt.lim)
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if st.Path != "" {
				t.Errorf("refusal returned %+v", st)
			}
			assertEmpty(t, root)
		})
	}
}

func TestIngestLimitsAreInclusive(t *testing.T) {
	data := pngBytes(t, gradient(640, 480))
	root := t.TempDir()
	if _, err := Ingest(bytes.NewReader(data), root, Limits{MaxBytes: int64(len(data)), MaxPixels: 640 * 480}); err != nil {
		t.Errorf("an upload of exactly the limits: %v", err)
	}
}

func TestIngestDefaultMaxBytes(t *testing.T) {
	// A valid PNG start followed by more than 20 MiB: refused on size
	// before anything else is looked at.
	big := append(pngBytes(t, gradient(16, 16)), make([]byte, DefaultMaxBytes)...)
	root := t.TempDir()
	if _, err := Ingest(bytes.NewReader(big), root, Limits{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
	assertEmpty(t, root)
}

func TestIngestBombAllocatesLittle(t *testing.T) {
	data := pngHeaderOnly(100000, 100000)
	root := t.TempDir()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Ingest(bytes.NewReader(data), root, Limits{})
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("refusing a 10-gigapixel header allocated %d bytes", n)
	}
}

func TestIngestReadError(t *testing.T) {
	data := jpegBytes(t, gradient(100, 100))
	root := t.TempDir()
	r := io.MultiReader(bytes.NewReader(data[:50]), iotest.ErrReader(errors.New("connection reset")))
	_, err := Ingest(r, root, Limits{})
	if err == nil || errors.Is(err, ErrCorrupt) || errors.Is(err, ErrUnsupported) || errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want the read error, not a refusal", err)
	}
	assertEmpty(t, root)
}

func TestIngestRollsBackOnWriteFailure(t *testing.T) {
	root := t.TempDir()
	data := jpegBytes(t, gradient(1100, 500))
	sum := sha256.Sum256(data)
	name := hex.EncodeToString(sum[:])
	// Something in the way of the original: its copies are written first,
	// then the rename of the original fails.
	blocker := filepath.Join(root, name[:2], name+".jpg")
	if err := os.MkdirAll(filepath.Join(blocker, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Ingest(bytes.NewReader(data), root, Limits{}); err == nil {
		t.Fatal("Ingest succeeded with a directory in the way")
	}
	got := tree(t, root)
	want := []string{name[:2], name[:2] + "/" + name + ".jpg", name[:2] + "/" + name + ".jpg/x"}
	if len(got) != len(want) {
		t.Errorf("after a failed write, root holds %v, want only %v", got, want)
	}
	for _, p := range want {
		if _, ok := got[p]; !ok {
			t.Errorf("%s is gone", p)
		}
	}
}

func TestIngestCreatesRoot(t *testing.T) {
	root := filepath.Join(t.TempDir(), "media", "library")
	data := pngBytes(t, gradient(20, 20))
	st, err := Ingest(bytes.NewReader(data), root, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	checkStored(t, root, data, st)
}

func TestRemove(t *testing.T) {
	root := t.TempDir()
	keep := pngBytes(t, gradient(50, 50))
	kept, err := Ingest(bytes.NewReader(keep), root, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, data := range [][]byte{
		jpegBytes(t, gradient(2000, 1000)),
		solidGIF(t, 1000, 400, color.RGBA{0, 0xff, 0, 0xff}),
		solidWebP(1000, 400, color.NRGBA{0, 0, 0xff, 0xff}),
	} {
		st, err := Ingest(bytes.NewReader(data), root, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if err := Remove(root, st); err != nil {
			t.Fatal(err)
		}
		// Only the other image is left, and its directory.
		if got := files(t, root); !slices.Equal(got, []string{kept.Path}) {
			t.Errorf("after Remove(%s): %v", st.MimeType, got)
		}
		if _, err := os.Stat(filepath.Join(root, filepath.Dir(st.Path))); st.Path[:2] != kept.Path[:2] && !os.IsNotExist(err) {
			t.Errorf("empty directory %s left: %v", filepath.Dir(st.Path), err)
		}
		if err := Remove(root, st); err != nil {
			t.Errorf("removing again: %v", err)
		}
	}
	// The row a caller rebuilds from the database has no Variants.
	if err := Remove(root, Stored{Path: kept.Path, MimeType: kept.MimeType, Width: kept.Width}); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, root); len(got) != 0 {
		t.Errorf("root not empty: %v", got)
	}
}

func TestRemoveRefusesOddPaths(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "media")
	if err := os.Mkdir(root, 0o755); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(dir, "secret.jpg")
	if err := os.WriteFile(outside, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	inside := filepath.Join(root, "notes.txt")
	if err := os.WriteFile(inside, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"", "notes.txt", "../secret.jpg", "/etc/passwd.jpg"} {
		if err := Remove(root, Stored{Path: p, Width: 10}); err == nil {
			t.Errorf("Remove(%q) = nil, want an error", p)
		}
	}
	for _, p := range []string{outside, inside} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed", p)
		}
	}
}

func TestRemoveTemps(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "ab")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(dir, tempPrefix+"0123456789abcdef"+tempSuffix)
	fresh := filepath.Join(dir, tempPrefix+"fedcba9876543210"+tempSuffix)
	stored := filepath.Join(dir, "ab00.jpg")
	for _, p := range []string{old, fresh, stored} {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	long := time.Now().Add(-2 * time.Hour)
	for _, p := range []string{old, stored} {
		if err := os.Chtimes(p, long, long); err != nil {
			t.Fatal(err)
		}
	}
	n, err := RemoveTemps(root, time.Hour)
	if err != nil || n != 1 {
		t.Fatalf("RemoveTemps = %d, %v; want 1, nil", n, err)
	}
	if got := files(t, root); !slices.Equal(got, []string{"ab/" + filepath.Base(fresh), "ab/ab00.jpg"}) {
		t.Errorf("left: %v", got)
	}
	if n, err := RemoveTemps(filepath.Join(root, "missing"), 0); n != 0 || err != nil {
		t.Errorf("missing root: %d, %v", n, err)
	}
}

func TestContentType(t *testing.T) {
	tests := map[string]string{
		"ab/abcdef.jpg":        "image/jpeg",
		"demo/forum.jpeg":      "image/jpeg",
		"demo/forum-480w.JPG":  "image/jpeg",
		"ab/abcdef.png":        "image/png",
		"ab/abcdef.gif":        "image/gif",
		"ab/abcdef.webp":       "image/webp",
		"ab/abcdef-480w.png":   "image/png",
		"ab/abcdef.svg":        "",
		"ab/abcdef.html":       "",
		"ab/abcdef.htm":        "",
		"ab/abcdef.js":         "",
		"ab/abcdef.pdf":        "",
		"ab/abcdef":            "",
		"ab/abcdef.jpg.html":   "",
		"ab/.upload-0a1b.tmp":  "",
		"ab/abcdef.jpg/":       "",
		"":                     "",
		"ab/abcdef.jpg;.html":  "",
		"ab/abcdef.php.jpg":    "image/jpeg",
		"ab/abcdef.jpg\x00.sh": "",
	}
	for p, want := range tests {
		if got := ContentType(p); got != want {
			t.Errorf("ContentType(%q) = %q, want %q", p, got, want)
		}
	}
}

func TestVariantFile(t *testing.T) {
	tests := []struct {
		p        string
		w, orig  int
		mime     string
		want     string
		describe string
	}{
		{"ab/x.jpg", 480, 2000, "image/jpeg", "ab/x-480w.jpg", "JPEG keeps its format"},
		{"demo/forum.jpeg", 480, 2000, "image/jpeg", "demo/forum-480w.jpeg", "and its extension"},
		{"ab/x.png", 960, 2000, "image/png", "ab/x-960w.png", "PNG keeps its format"},
		{"ab/x.gif", 480, 2000, "image/gif", "ab/x-480w.png", "GIF copies are PNG"},
		{"ab/x.webp", 960, 2000, "image/webp", "ab/x-960w.jpg", "WebP copies are JPEG"},
		{"ab/x.webp", 2000, 2000, "image/webp", "ab/x.webp", "the original is itself"},
		{"ab/x.gif", 3000, 2000, "image/gif", "ab/x.gif", "wider than the original"},
		{"ab/x.gif", 480, 2000, "IMAGE/GIF; charset=binary", "ab/x-480w.png", "MIME is case-insensitive"},
		{"ab/x.bin", 480, 2000, "application/octet-stream", "ab/x-480w.bin", "unknown: as content.VariantPath"},
	}
	for _, tt := range tests {
		if got := VariantFile(tt.p, tt.w, tt.orig, tt.mime); got != tt.want {
			t.Errorf("%s: VariantFile(%q, %d, %d, %q) = %q, want %q", tt.describe, tt.p, tt.w, tt.orig, tt.mime, got, tt.want)
		}
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		b    []byte
		want *format
	}{
		{[]byte{0xFF, 0xD8, 0xFF, 0xE0}, jpegFormat},
		{[]byte{0xFF, 0xD8}, nil},
		{pngSignature, pngFormat},
		{[]byte("\x89PNG\r\n"), nil},
		{[]byte("GIF87a"), gifFormat},
		{[]byte("GIF89a"), gifFormat},
		{[]byte("GIF90a"), nil},
		{[]byte("RIFF\x00\x00\x00\x00WEBPVP8 "), webpFormat},
		{[]byte("RIFF\x00\x00\x00\x00WEBP"), webpFormat},
		{[]byte("RIFF\x00\x00\x00\x00AVI "), nil},
		{[]byte("<svg"), nil},
		{[]byte("\xEF\xBB\xBF<svg"), nil},
		{nil, nil},
	}
	for _, tt := range tests {
		if got := sniff(tt.b); got != tt.want {
			t.Errorf("sniff(%q) = %v, want %v", tt.b, got, tt.want)
		}
	}
}
