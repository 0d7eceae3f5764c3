package render

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNuHTMLChecker validates a page made of every feature with the Nu
// HTML Checker (vnu.jar). It needs Java and the jar, so it only runs when
// DEPECHE_VNU_JAR points to vnu.jar (e.g. from the npm package vnu-jar:
// node_modules/vnu-jar/build/dist/vnu.jar).
func TestNuHTMLChecker(t *testing.T) {
	jar := os.Getenv("DEPECHE_VNU_JAR")
	if jar == "" {
		t.Skip("DEPECHE_VNU_JAR not set")
	}
	java, err := exec.LookPath("java")
	if err != nil {
		t.Skip("java not found")
	}
	pages := map[string]string{"fr": "", "ar": "", "en": "", "es": ""}
	src := benchArticle() + "\n\n" + strings.Join([]string{
		"# Titre sans texte ![](/media/demo/noalt.jpg)",
		"![](/media/demo/noalt.jpg)",
		"Inline ![icône](/media/demo/icon.png) et [![Logo](/logo.png)](/) et ![x](https://tracker.example/x.png)",
		"[Discours](https://vimeo.com/76979871)",
		"- https://dai.ly/x8abcd1\n- ![Le forum](/media/demo/forum.jpg)",
		"> ::: lang=he\n> שלום [hello]{lang=en}\n> :::",
		"<div onclick=x>raw</div>\n\n<span>x</span> <!-- c -->",
		"[]() [](#) [x](javascript:alert(1)) <https://example.org> contact@example.org",
		"1. a\n\n   ```go\n   x := 1\n   ```\n2. b",
		"| h |\n|---|\n",
		strings.Repeat(">", 600) + " deep",
		"## Notes[^z]\n\n[^z]: ![img](/media/demo/icon.png)\n\n    code",
	}, "\n\n")
	dir := t.TempDir()
	var files []string
	for lang := range pages {
		res, err := Article(src, Options{Lang: lang, Media: newMedia(), Labels: labelsFor(lang)})
		if err != nil {
			t.Fatal(err)
		}
		dirAttr := "ltr"
		if lang == "ar" {
			dirAttr = "rtl"
		}
		page := "<!DOCTYPE html>\n<html lang=\"" + lang + "\" dir=\"" + dirAttr + "\">\n<head>\n<meta charset=\"utf-8\">\n<title>Test</title>\n</head>\n<body>\n<main>\n<article>\n<h1>Article</h1>\n" +
			string(res.HTML) + "</article>\n</main>\n</body>\n</html>\n"
		f := filepath.Join(dir, lang+".html")
		if err := os.WriteFile(f, []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	// Comments too.
	c := "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<title>c</title>\n</head>\n<body>\n" +
		string(Comment("<b>x</b>\nhttps://example.org/a_(b).\n\n\x00 ok")) + "</body>\n</html>\n"
	f := filepath.Join(dir, "comment.html")
	if err := os.WriteFile(f, []byte(c), 0o644); err != nil {
		t.Fatal(err)
	}
	files = append(files, f)

	args := append([]string{"-jar", jar, "--errors-only"}, files...)
	out, err := exec.Command(java, args...).CombinedOutput()
	if err != nil {
		t.Errorf("Nu HTML Checker: %v\n%s", err, out)
	}
}
