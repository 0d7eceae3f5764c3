// Package chart draws simple bar charts as accessible inline SVG on the
// server: no script, a title and a description for screen readers, and the
// caller shows the same figures in a table.
package chart

import (
	"bytes"
	"html/template"
)

// Size of the drawing, in its own coordinates; CSS scales it.
const (
	width   = 640
	height  = 240
	padding = 28
)

type bar struct {
	X, Y, W, H   int
	Label, Value string
	LabelX       int
}

type bars struct {
	ID, Title, Desc string
	Width, Height   int
	Axis            int
	Bars            []bar
}

var svg = template.Must(template.New("chart").Funcs(template.FuncMap{"sub": func(a, b int) int { return a - b }}).Parse(
	`<figure class="chart">
<svg viewBox="0 0 {{.Width}} {{.Height}}" role="img" aria-labelledby="{{.ID}}-title {{.ID}}-desc" focusable="false">
<title id="{{.ID}}-title">{{.Title}}</title>
<desc id="{{.ID}}-desc">{{.Desc}}</desc>
<line class="chart__axis" x1="20" y1="{{.Axis}}" x2="{{sub .Width 20}}" y2="{{.Axis}}"/>
{{- range .Bars}}
<rect class="chart__bar" x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}"/>
<text class="chart__value" x="{{.LabelX}}" y="{{sub .Y 4}}" text-anchor="middle">{{.Value}}</text>
<text class="chart__label" x="{{.LabelX}}" y="{{sub $.Height 10}}" text-anchor="middle">{{.Label}}</text>
{{- end}}
</svg>
<figcaption>{{.Title}}</figcaption>
</figure>`))

// Bars draws one bar per value, scaled to the largest; labels name the
// bars and format writes the values above them. id must be unique in the
// page.
func Bars(id, title, desc string, labels []string, values []int64, format func(int64) string) template.HTML {
	c := bars{ID: id, Title: title, Desc: desc, Width: width, Height: height, Axis: height - padding}
	var top int64
	for _, v := range values {
		top = max(top, v)
	}
	if n := len(values); n > 0 {
		slot := (width - 2*padding) / n
		for i, v := range values {
			h := 0
			if top > 0 {
				h = int(v * int64(height-2*padding-16) / top)
			}
			x := padding + i*slot + slot/6
			label := ""
			if i < len(labels) {
				label = labels[i]
			}
			// Past a dozen bars, every other label keeps them readable.
			if n > 14 && i%2 == 1 {
				label = ""
			}
			c.Bars = append(c.Bars, bar{X: x, Y: height - padding - h, W: max(slot*2/3, 1), H: h, Label: label, Value: format(v), LabelX: x + slot/3})
		}
		if n > 14 {
			for i := range c.Bars {
				c.Bars[i].Value = ""
			}
		}
	}
	var buf bytes.Buffer
	if err := svg.Execute(&buf, c); err != nil {
		return ""
	}
	return template.HTML(buf.String())
}
