package content

import (
	"fmt"
	"path"
	"strings"
)

// variantWidths are the widths images are resized to for responsive srcset:
// a phone, a tablet or narrow column, and the original.
var variantWidths = []int{480, 960}

// VariantWidths lists the widths an image of the given width is stored at,
// smallest first, the original included.
func VariantWidths(width int) []int {
	var out []int
	for _, w := range variantWidths {
		if w < width {
			out = append(out, w)
		}
	}
	return append(out, width)
}

// VariantPath is where the copy of an image at one width is stored:
// "demo/forum.jpg" at 480 is "demo/forum-480w.jpg"; the original keeps its path.
func VariantPath(p string, width, original int) string {
	if width >= original {
		return p
	}
	ext := path.Ext(p)
	return fmt.Sprintf("%s-%dw%s", strings.TrimSuffix(p, ext), width, ext)
}
