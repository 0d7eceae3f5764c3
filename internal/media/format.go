package media

import (
	"bytes"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"strings"

	"golang.org/x/image/webp"
)

// format is one accepted image type.
type format struct {
	name    string
	mime    string
	ext     string
	config  func(io.Reader) (image.Config, error)
	decode  func(io.Reader) (image.Image, error)
	encode  func(io.Writer, image.Image) error // nil: no encoder
	variant *format                            // the format copies are written in
}

var (
	jpegFormat = &format{name: "JPEG", mime: "image/jpeg", ext: ".jpg",
		config: jpeg.DecodeConfig, decode: jpeg.Decode, encode: encodeJPEG}
	pngFormat = &format{name: "PNG", mime: "image/png", ext: ".png",
		config: png.DecodeConfig, decode: png.Decode, encode: encodePNG}
	// gif.Decode keeps the first frame only: the other frames are not even
	// decompressed, so an animation of many huge frames costs no memory.
	gifFormat = &format{name: "GIF", mime: "image/gif", ext: ".gif",
		config: gif.DecodeConfig, decode: gif.Decode}
	webpFormat = &format{name: "WebP", mime: "image/webp", ext: ".webp",
		config: webp.DecodeConfig, decode: webp.Decode}
)

func init() {
	jpegFormat.variant = jpegFormat
	pngFormat.variant = pngFormat
	gifFormat.variant = pngFormat
	webpFormat.variant = jpegFormat
}

func formatByMime(mime string) *format {
	mime, _, _ = strings.Cut(mime, ";")
	switch strings.ToLower(strings.TrimSpace(mime)) {
	case "image/jpeg":
		return jpegFormat
	case "image/png":
		return pngFormat
	case "image/gif":
		return gifFormat
	case "image/webp":
		return webpFormat
	}
	return nil
}

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// sniff tells the format from the magic bytes, or nil. Only these four
// signatures are looked for: a general detector such as
// http.DetectContentType also names types that are refused here (HTML, XML
// and therefore SVG, PDF…), and its answer would have to be filtered anyway.
func sniff(b []byte) *format {
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return jpegFormat
	case bytes.HasPrefix(b, pngSignature):
		return pngFormat
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return gifFormat
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return webpFormat
	}
	return nil
}

const jpegQuality = 85

func encodeJPEG(w io.Writer, m image.Image) error {
	return jpeg.Encode(w, flatten(m), &jpeg.Options{Quality: jpegQuality})
}

func encodePNG(w io.Writer, m image.Image) error {
	e := png.Encoder{CompressionLevel: png.DefaultCompression}
	return e.Encode(w, m)
}
