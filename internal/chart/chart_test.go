package chart

import (
	"strconv"
	"strings"
	"testing"
)

func TestBars(t *testing.T) {
	out := string(Bars("c1", "Visitors <per> month", "desc", []string{"Jan", "Feb"}, []int64{50, 100},
		func(n int64) string { return strconv.FormatInt(n, 10) }))
	for _, want := range []string{`role="img"`, `aria-labelledby="c1-title c1-desc"`, `<title id="c1-title">Visitors &lt;per&gt; month</title>`,
		`height="84"`, `height="168"`, `>Feb</text>`, `>100</text>`} {
		if !strings.Contains(out, want) {
			t.Errorf("chart lacks %q:\n%s", want, out)
		}
	}
	if got := string(Bars("c2", "t", "d", nil, nil, nil)); !strings.Contains(got, "<svg") || strings.Contains(got, "<rect") {
		t.Errorf("an empty chart should draw the frame only:\n%s", got)
	}
	zeros := string(Bars("c3", "t", "d", []string{"a"}, []int64{0}, func(int64) string { return "0" }))
	if !strings.Contains(zeros, `height="0"`) {
		t.Errorf("zero values: %s", zeros)
	}
}
