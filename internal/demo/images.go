package demo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"strconv"
	"strings"
	"sync"
)

// drawn memoizes Draw: the pictures are deterministic, and tests load the
// demo many times in one process.
var drawn sync.Map // drawKey → []byte

type drawKey struct {
	file  string
	width int
}

// Draw paints a demo illustration at the given width: a soft gradient in the
// image's first colour with a motif in its second. Shapes are placed in
// proportional coordinates, so every width shows the same picture.
func Draw(img Image, width int) ([]byte, error) {
	key := drawKey{img.File, width}
	if b, ok := drawn.Load(key); ok {
		return b.([]byte), nil
	}
	b, err := draw(img, width)
	if err == nil {
		drawn.Store(key, b)
	}
	return b, err
}

func draw(img Image, width int) ([]byte, error) {
	if len(img.Palette) < 2 || img.Width <= 0 || img.Height <= 0 {
		return nil, fmt.Errorf("needs two colours and a size")
	}
	base, err := parseHex(img.Palette[0])
	if err != nil {
		return nil, err
	}
	accent, err := parseHex(img.Palette[1])
	if err != nil {
		return nil, err
	}
	height := width * img.Height / img.Width
	c := &canvas{RGBA: image.NewRGBA(image.Rect(0, 0, width, height)), w: float64(width), h: float64(height)}
	light := mix(base, color.RGBA{255, 255, 255, 255}, 0.35)
	for y := 0; y < height; y++ {
		c.span(0, width, y, mix(light, base, float64(y)/float64(height)))
	}
	pale := mix(accent, color.RGBA{255, 255, 255, 255}, 0.55)
	switch img.Motif {
	case "people":
		for i, x := range []float64{0.2, 0.35, 0.5, 0.65, 0.8} {
			col := accent
			if i%2 == 1 {
				col = pale
			}
			c.disc(x, 0.42, 0.055, col)
			c.rect(x-0.065, 0.5, x+0.065, 0.72, col)
		}
		c.rect(0.1, 0.72, 0.9, 0.78, mix(base, color.RGBA{0, 0, 0, 255}, 0.3))
	case "map":
		for i := 1; i < 8; i++ {
			c.rect(float64(i)/8-0.002, 0.08, float64(i)/8+0.002, 0.92, pale)
		}
		c.disc(0.3, 0.45, 0.18, mix(accent, base, 0.3))
		c.disc(0.62, 0.55, 0.22, mix(accent, base, 0.2))
		c.disc(0.55, 0.42, 0.03, accent)
		c.disc(0.35, 0.5, 0.03, accent)
	case "chart":
		for i, v := range []float64{0.35, 0.5, 0.45, 0.62, 0.7, 0.82} {
			x := 0.15 + float64(i)*0.12
			c.rect(x, 0.85-v*0.75, x+0.08, 0.85, []color.RGBA{accent, pale}[i%2])
		}
		c.rect(0.1, 0.85, 0.9, 0.86, pale)
	case "building":
		c.rect(0.2, 0.3, 0.8, 0.85, pale)
		c.rect(0.15, 0.22, 0.85, 0.3, accent)
		for i := range 6 {
			x := 0.25 + float64(i)*0.095
			c.rect(x, 0.36, x+0.04, 0.8, mix(base, pale, 0.4))
		}
	case "network":
		nodes := [][2]float64{{0.2, 0.3}, {0.45, 0.2}, {0.75, 0.35}, {0.3, 0.7}, {0.6, 0.65}, {0.85, 0.75}}
		for i := range nodes {
			for j := i + 1; j < len(nodes); j += 2 {
				c.line(nodes[i], nodes[j], 0.004, pale)
			}
		}
		for _, n := range nodes {
			c.disc(n[0], n[1], 0.045, accent)
		}
	default: // "screen"
		c.rect(0.18, 0.15, 0.82, 0.72, mix(base, color.RGBA{0, 0, 0, 255}, 0.4))
		c.rect(0.21, 0.2, 0.79, 0.67, color.RGBA{250, 250, 247, 255})
		for i := range 5 {
			y := 0.27 + float64(i)*0.08
			c.rect(0.26, y, 0.74-float64(i%3)*0.08, y+0.035, []color.RGBA{accent, mix(base, pale, 0.5)}[i%2])
		}
		c.rect(0.45, 0.72, 0.55, 0.8, pale)
		c.rect(0.35, 0.8, 0.65, 0.83, pale)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, c.RGBA, &jpeg.Options{Quality: 82}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type canvas struct {
	*image.RGBA
	w, h float64
}

// span paints pixels [x0, x1) of row y, writing the pixel buffer directly:
// images are drawn at every start of the demo, so this is worth being fast.
func (c *canvas) span(x0, x1, y int, col color.RGBA) {
	b := c.Bounds()
	if y < b.Min.Y || y >= b.Max.Y {
		return
	}
	x0, x1 = max(x0, b.Min.X), min(x1, b.Max.X)
	if x0 >= x1 {
		return
	}
	row := c.Pix[c.PixOffset(x0, y) : c.PixOffset(x1-1, y)+4]
	row[0], row[1], row[2], row[3] = col.R, col.G, col.B, col.A
	for filled := 4; filled < len(row); filled *= 2 {
		copy(row[filled:], row[:filled])
	}
}

func (c *canvas) rect(x0, y0, x1, y1 float64, col color.RGBA) {
	for y := int(y0 * c.h); y < int(y1*c.h); y++ {
		c.span(int(x0*c.w), int(x1*c.w), y, col)
	}
}

// disc draws a circle whose radius is a fraction of the height.
func (c *canvas) disc(cx, cy, r float64, col color.RGBA) {
	px, py, pr := cx*c.w, cy*c.h, r*c.h
	for y := int(py - pr); y <= int(py+pr); y++ {
		dy := float64(y) - py
		half := math.Sqrt(max(pr*pr-dy*dy, 0))
		c.span(int(math.Ceil(px-half)), int(px+half)+1, y, col)
	}
}

func (c *canvas) line(a, b [2]float64, width float64, col color.RGBA) {
	steps := int(math.Hypot((b[0]-a[0])*c.w, (b[1]-a[1])*c.h))
	for i := 0; i <= steps; i++ {
		t := float64(i) / float64(max(steps, 1))
		c.disc(a[0]+(b[0]-a[0])*t, a[1]+(b[1]-a[1])*t, width, col)
	}
}

func mix(a, b color.RGBA, t float64) color.RGBA {
	f := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t) }
	return color.RGBA{f(a.R, b.R), f(a.G, b.G), f(a.B, b.B), 255}
}

func parseHex(s string) (color.RGBA, error) {
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	if err != nil || len(strings.TrimPrefix(s, "#")) != 6 {
		return color.RGBA{}, fmt.Errorf("colour %q: expected #rrggbb", s)
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}, nil
}
