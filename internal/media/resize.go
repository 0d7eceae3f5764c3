package media

import (
	"bytes"
	"fmt"
	"image"
	"image/color"

	"golang.org/x/image/draw"
)

// decoded is an accepted image, ready for its copies to be made.
type decoded struct {
	format *format
	img    image.Image // the stored pixels, before EXIF orientation
	// orientation is the EXIF orientation (1–8, 1 when absent); width and
	// height are as displayed, after it.
	orientation   int
	width, height int
}

// encodeVariants fills the data of files (one per width, in the same order)
// with the image scaled to that width, in the copies' format.
// The widths are smallest first; the copies are made from the largest down,
// each from the previous one, which is cheaper and as good.
func (d *decoded) encodeVariants(widths []int, files []file) error {
	enc := d.format.variant.encode
	src := d.img
	for i := len(widths) - 1; i >= 0; i-- {
		w := widths[i]
		h := scaledHeight(d.width, d.height, w)
		// The size to scale the stored pixels to, before turning them.
		sw, sh := w, h
		if d.orientation >= 5 {
			sw, sh = h, w
		}
		scaled := resize(src, sw, sh)
		src = scaled
		var buf bytes.Buffer
		if err := enc(&buf, orient(scaled, d.orientation)); err != nil {
			return fmt.Errorf("media: encoding the %dpx copy: %w", w, err)
		}
		files[i].data = buf.Bytes()
	}
	return nil
}

// scaledHeight keeps the aspect ratio, rounded, never below one pixel.
func scaledHeight(width, height, w int) int {
	h := int((int64(height)*int64(w) + int64(width)/2) / int64(width))
	return max(h, 1)
}

// kernelBudget bounds the scratch buffer of draw.CatmullRom, which is
// 32 bytes × destination width × source height.
const kernelBudget = 128 << 20

// resize scales m to w×h. Large reductions are first done by halving (a
// 2×2 average, which is what ApproxBiLinear does at exactly half size), so
// that the final Catmull-Rom pass works on at most twice the target size:
// good quality, bounded time and memory.
func resize(m image.Image, w, h int) *image.RGBA {
	for b := m.Bounds(); b.Dx() >= 2*w && b.Dy() >= 2*h; b = m.Bounds() {
		half := image.NewRGBA(image.Rect(0, 0, (b.Dx()+1)/2, (b.Dy()+1)/2))
		draw.ApproxBiLinear.Scale(half, half.Bounds(), m, b, draw.Src, nil)
		m = half
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	var s draw.Scaler = draw.CatmullRom
	if int64(w)*int64(m.Bounds().Dy())*32 > kernelBudget {
		s = draw.ApproxBiLinear // a very tall image: the reduction is under 2× here
	}
	s.Scale(dst, dst.Bounds(), m, m.Bounds(), draw.Src, nil)
	return dst
}

// onCanvas places a GIF's first frame on its transparent logical screen,
// unless it covers it already.
func onCanvas(frame image.Image, canvas image.Rectangle) image.Image {
	if frame.Bounds() == canvas {
		return frame
	}
	c := image.NewNRGBA(canvas)
	draw.Draw(c, frame.Bounds(), frame, frame.Bounds().Min, draw.Src)
	return c
}

// flatten puts an image with transparency on white, for JPEG.
func flatten(m image.Image) image.Image {
	if o, ok := m.(interface{ Opaque() bool }); ok && o.Opaque() {
		return m
	}
	b := m.Bounds()
	dst := image.NewRGBA(b)
	draw.Draw(dst, b, image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(dst, b, m, b.Min, draw.Over)
	return dst
}

// orient turns and flips the pixels as EXIF orientation o asks, so that
// they are upright.
func orient(m *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return m
	}
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range h {
		for x := range w {
			var dx, dy int
			switch o {
			case 2: // mirrored
				dx, dy = w-1-x, y
			case 3: // upside down
				dx, dy = w-1-x, h-1-y
			case 4: // upside down, mirrored
				dx, dy = x, h-1-y
			case 5: // transposed
				dx, dy = y, x
			case 6: // turned a quarter clockwise to be upright
				dx, dy = h-1-y, x
			case 7: // transverse
				dx, dy = h-1-y, w-1-x
			case 8: // turned a quarter counter-clockwise to be upright
				dx, dy = y, w-1-x
			}
			si := m.PixOffset(b.Min.X+x, b.Min.Y+y)
			di := dst.PixOffset(dx, dy)
			copy(dst.Pix[di:di+4], m.Pix[si:si+4])
		}
	}
	return dst
}
