package media

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// gradient is an opaque image with some detail, so encoders have work.
func gradient(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.SetRGBA(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x ^ y) & 0xff), 0xff})
		}
	}
	return m
}

func jpegBytes(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func pngBytes(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gifBytes(t testing.TB, g *gif.GIF) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, g); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// solidGIF is a one-frame GIF of one color.
func solidGIF(t testing.TB, w, h int, c color.Color) []byte {
	pal := color.Palette{color.Transparent, c}
	frame := image.NewPaletted(image.Rect(0, 0, w, h), pal)
	for i := range frame.Pix {
		frame.Pix[i] = 1
	}
	return gifBytes(t, &gif.GIF{Image: []*image.Paletted{frame}, Delay: []int{0}})
}

// solidWebP writes, by hand, a lossless WebP (VP8L) of one ARGB color: no
// transforms, no color cache, and five prefix codes of one symbol each, so
// that every pixel takes zero bits and any size is a few dozen bytes.
func solidWebP(w, h int, c color.NRGBA) []byte {
	var bw bitWriter
	bw.write(0x2f, 8) // VP8L signature
	bw.write(uint64(w-1), 14)
	bw.write(uint64(h-1), 14)
	alpha := uint64(0)
	if c.A != 0xff {
		alpha = 1
	}
	bw.write(alpha, 1)
	bw.write(0, 3) // version
	bw.write(0, 1) // no transform
	bw.write(0, 1) // no color cache
	bw.write(0, 1) // no meta prefix codes
	// green, red, blue, alpha, distance
	for _, sym := range []uint8{c.G, c.R, c.B, c.A, 0} {
		bw.write(1, 1) // simple code
		bw.write(0, 1) // one symbol
		if sym < 2 {
			bw.write(0, 1) // 1-bit symbol
			bw.write(uint64(sym), 1)
		} else {
			bw.write(1, 1) // 8-bit symbol
			bw.write(uint64(sym), 8)
		}
	}
	payload := bw.bytes()
	if len(payload)%2 == 1 {
		payload = append(payload, 0)
	}
	var out bytes.Buffer
	out.WriteString("RIFF")
	binary.Write(&out, binary.LittleEndian, uint32(4+8+len(payload)))
	out.WriteString("WEBPVP8L")
	binary.Write(&out, binary.LittleEndian, uint32(len(payload)))
	out.Write(payload)
	return out.Bytes()
}

type bitWriter struct {
	buf []byte
	acc uint64
	n   uint
}

func (b *bitWriter) write(v uint64, bits uint) {
	b.acc |= v << b.n
	b.n += bits
	for b.n >= 8 {
		b.buf = append(b.buf, byte(b.acc))
		b.acc >>= 8
		b.n -= 8
	}
}

func (b *bitWriter) bytes() []byte {
	if b.n > 0 {
		return append(b.buf, byte(b.acc))
	}
	return b.buf
}

// pngHeaderOnly is a PNG signature and an IHDR chunk claiming w×h RGB
// pixels, and nothing else.
func pngHeaderOnly(w, h uint32) []byte {
	var b bytes.Buffer
	b.Write(pngSignature)
	ihdr := make([]byte, 0, 17)
	ihdr = append(ihdr, "IHDR"...)
	ihdr = binary.BigEndian.AppendUint32(ihdr, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0) // 8 bits, truecolor, deflate, filter 0, no interlace
	binary.Write(&b, binary.BigEndian, uint32(13))
	b.Write(ihdr)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(ihdr))
	return b.Bytes()
}

// withEXIFOrientation inserts an APP1 Exif segment with one orientation
// entry right after a JPEG's SOI marker.
func withEXIFOrientation(jpg []byte, o uint16, bo binary.AppendByteOrder) []byte {
	var tiff []byte
	if bo == binary.AppendByteOrder(binary.LittleEndian) {
		tiff = append(tiff, "II"...)
	} else {
		tiff = append(tiff, "MM"...)
	}
	tiff = bo.AppendUint16(tiff, 42)
	tiff = bo.AppendUint32(tiff, 8) // IFD0 right after the header
	tiff = bo.AppendUint16(tiff, 1) // one entry
	tiff = bo.AppendUint16(tiff, 0x0112)
	tiff = bo.AppendUint16(tiff, 3) // SHORT
	tiff = bo.AppendUint32(tiff, 1)
	tiff = bo.AppendUint16(tiff, o)
	tiff = bo.AppendUint16(tiff, 0) // padding of the value field
	tiff = bo.AppendUint32(tiff, 0) // no next IFD
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, 0xFF, 0xE1)
	out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// tree lists every entry under root (slash paths, sorted) with its mode.
func tree(t testing.TB, root string) map[string]fs.FileMode {
	t.Helper()
	out := map[string]fs.FileMode{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == root {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = fi.Mode()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func files(t testing.TB, root string) []string {
	t.Helper()
	var out []string
	for p, m := range tree(t, root) {
		if !m.IsDir() {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

func assertEmpty(t testing.TB, root string) {
	t.Helper()
	if got := tree(t, root); len(got) != 0 {
		t.Errorf("root is not empty after a refusal: %v", got)
	}
}

// assertModes checks that no stored file is executable or writable by
// others, and that files are exactly 0644.
func assertModes(t testing.TB, root string) {
	t.Helper()
	for p, m := range tree(t, root) {
		switch {
		case m.IsDir():
			if m.Perm()&^0o755 != 0 {
				t.Errorf("%s: directory mode %v, want at most 0755", p, m.Perm())
			}
		case m.Perm() != 0o644:
			t.Errorf("%s: file mode %v, want 0644", p, m.Perm())
		}
		if !m.IsDir() && m.Perm()&0o111 != 0 {
			t.Errorf("%s is executable: %v", p, m)
		}
	}
}

func decodeFile(t testing.TB, root, p string) (image.Image, string) {
	t.Helper()
	f, err := os.Open(filepath.Join(root, filepath.FromSlash(p)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, kind, err := image.Decode(f)
	if err != nil {
		t.Fatalf("%s does not decode: %v", p, err)
	}
	return m, kind
}
