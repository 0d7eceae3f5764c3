package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"path"
	"strings"

	"depeche/internal/content"
)

// Default limits, used when a Limits field is zero or negative.
const (
	DefaultMaxBytes  int64 = 20 << 20   // 20 MiB
	DefaultMaxPixels       = 40_000_000 // 40 megapixels
)

// Limits bounds what Ingest accepts.
type Limits struct {
	MaxBytes  int64 // size of the upload; DefaultMaxBytes when 0
	MaxPixels int   // width×height, checked before decoding; DefaultMaxPixels when 0
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxBytes == math.MaxInt64 {
		l.MaxBytes-- // room for the one byte too many
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultMaxPixels
	}
	return l
}

// Stored describes an ingested image: what the media table keeps.
type Stored struct {
	// Path is relative to the media root, with forward slashes and
	// content-addressed: "ab/ab…(64 hex digits).jpg", the SHA-256 of the
	// uploaded bytes and the extension of the detected type.
	Path     string
	MimeType string // image/jpeg, image/png, image/webp or image/gif
	Size     int64  // bytes of the original
	// Width and Height are as displayed: for a JPEG whose EXIF orientation
	// turns it a quarter, the stored pixels' height and width.
	Width, Height int
	// Variants are the widths stored besides the original, smallest first:
	// content.VariantWidths(Width) without Width itself. Each is at
	// VariantFile(Path, w, Width, MimeType).
	Variants []int
	// Duplicate is true when the same bytes were already stored: nothing was
	// written (except a copy found missing). The files may belong to another
	// library entry, so a caller whose own save fails afterwards must not
	// Remove them.
	Duplicate bool
}

// Sentinel errors, wrapped with details; test them with errors.Is.
var (
	ErrTooLarge    = errors.New("media: file too large")
	ErrUnsupported = errors.New("media: unsupported file type")
	ErrCorrupt     = errors.New("media: corrupt image")
)

// ContentType is the Content-Type a stored file is served with, from its
// extension: image/jpeg, image/png, image/gif or image/webp. Anything else
// gives "", and the server must refuse to serve it.
func ContentType(p string) string {
	switch strings.ToLower(path.Ext(p)) {
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".png":
		return "image/png"
	case ".gif":
		return "image/gif"
	case ".webp":
		return "image/webp"
	}
	return ""
}

// VariantFile is where the copy at width of an image stored at p, whose
// width is original and type mime, is stored. It is content.VariantPath,
// with the extension changed when the copy's format differs from the
// original's: the copies of a GIF are PNG ("x.gif" at 480 is "x-480w.png"),
// those of a WebP are JPEG ("x.webp" at 480 is "x-480w.jpg"). For the
// original's own width it is p.
func VariantFile(p string, width, original int, mime string) string {
	v := content.VariantPath(p, width, original)
	if v == p {
		return p
	}
	f := formatByMime(mime)
	if f == nil || f.variant == f {
		return v
	}
	return strings.TrimSuffix(v, path.Ext(v)) + f.variant.ext
}

// Ingest checks an uploaded image and stores it, with its narrower copies,
// under root (created if missing). See the package documentation for every
// check and guarantee. Refusals are ErrTooLarge, ErrUnsupported or
// ErrCorrupt; on any error nothing this call created is left under root.
func Ingest(r io.Reader, root string, lim Limits) (Stored, error) {
	lim = lim.withDefaults()
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return Stored{}, fmt.Errorf("media: reading the upload: %w", err)
	}
	if int64(len(data)) > lim.MaxBytes {
		return Stored{}, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, lim.MaxBytes)
	}
	img, err := inspect(data, lim)
	if err != nil {
		return Stored{}, err
	}

	sum := sha256.Sum256(data)
	name := hex.EncodeToString(sum[:])
	st := Stored{
		Path:     name[:2] + "/" + name + img.format.ext,
		MimeType: img.format.mime,
		Size:     int64(len(data)),
		Width:    img.width,
		Height:   img.height,
	}
	widths := content.VariantWidths(st.Width)
	st.Variants = widths[:len(widths)-1]

	files := []file{{name: st.Path, data: data}}
	for _, w := range st.Variants {
		files = append(files, file{name: VariantFile(st.Path, w, st.Width, st.MimeType)})
	}

	// The common case of a second upload of the same file: no work at all.
	if missing, err := missingFiles(root, files); err == nil && len(missing) == 0 {
		st.Duplicate = true
		return st, nil
	}

	if err := img.encodeVariants(st.Variants, files[1:]); err != nil {
		return Stored{}, err
	}
	dup, err := writeAll(root, files)
	if err != nil {
		return Stored{}, err
	}
	st.Duplicate = dup
	return st, nil
}

// inspect detects the type, checks the header against the limits and
// decodes the image.
func inspect(data []byte, lim Limits) (*decoded, error) {
	f := sniff(data)
	if f == nil {
		if len(data) == 0 {
			return nil, fmt.Errorf("%w: empty file", ErrUnsupported)
		}
		return nil, fmt.Errorf("%w: not a JPEG, PNG, GIF or WebP image", ErrUnsupported)
	}
	cfg, err := safeConfig(f, data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s header: %v", ErrCorrupt, f.name, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("%w: %s of %d×%d pixels", ErrCorrupt, f.name, cfg.Width, cfg.Height)
	}
	if int64(cfg.Width)*int64(cfg.Height) > int64(lim.MaxPixels) {
		return nil, fmt.Errorf("%w: %d×%d pixels, more than %d", ErrTooLarge, cfg.Width, cfg.Height, lim.MaxPixels)
	}
	m, err := safeDecode(f, data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, f.name, err)
	}
	canvas := image.Rect(0, 0, cfg.Width, cfg.Height)
	if f == gifFormat {
		// The first frame may cover only part of the logical screen.
		if m.Bounds().Empty() || !m.Bounds().In(canvas) {
			return nil, fmt.Errorf("%w: GIF frame outside the image", ErrCorrupt)
		}
		m = onCanvas(m, canvas)
	} else if m.Bounds().Dx() != cfg.Width || m.Bounds().Dy() != cfg.Height {
		return nil, fmt.Errorf("%w: %s header says %d×%d, pixels are %d×%d",
			ErrCorrupt, f.name, cfg.Width, cfg.Height, m.Bounds().Dx(), m.Bounds().Dy())
	}
	d := &decoded{format: f, img: m, orientation: 1, width: cfg.Width, height: cfg.Height}
	if f == jpegFormat {
		d.orientation = jpegOrientation(data)
		if d.orientation >= 5 {
			d.width, d.height = cfg.Height, cfg.Width
		}
	}
	return d, nil
}

func safeConfig(f *format, data []byte) (cfg image.Config, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("decoder panic: %v", p)
		}
	}()
	return f.config(bytes.NewReader(data))
}

func safeDecode(f *format, data []byte) (m image.Image, err error) {
	defer func() {
		if p := recover(); p != nil {
			m, err = nil, fmt.Errorf("decoder panic: %v", p)
		}
	}()
	return f.decode(bytes.NewReader(data))
}
