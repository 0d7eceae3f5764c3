package search

import "testing"

func TestMarkdownText(t *testing.T) {
	md := "# Le titre ##\n" +
		"\n" +
		"Un paragraphe avec *emphase*, **gras**, ~~barré~~, `code` et un [lien](https://example.org \"Titre\").\n" +
		"Voir <https://example.org> ou https://www.example.org/page, écrire à <press@example.org>.\n" +
		"\n" +
		"![Le forum de Dakar](/media/demo/forum.jpg \"Légende du forum\")\n" +
		"\n" +
		"> Citation\n" +
		"> - liste\n" +
		"\n" +
		"1. premier\n" +
		"2) second\n" +
		"\n" +
		"| Pays | Capitale |\n" +
		"|:-----|:--------:|\n" +
		"| France | Paris \\| Île |\n" +
		"\n" +
		"La devise [liberté, égalité]{lang=fr} et la note[^rome].\n" +
		"\n" +
		"[^rome]: Traité de Rome, 1957.\n" +
		"\n" +
		"::: lang=ar\n" +
		"نص عربي\n" +
		":::\n" +
		"\n" +
		"```go\n" +
		"fmt.Println(\"*x*\")\n" +
		"```\n" +
		"\n" +
		"---\n" +
		"\n" +
		"[ref]: https://example.org\n" +
		"Texte \\*littéral\\* et snake_case &amp; co, _souligné_, [un renvoi][ref], 2 * 3.\n" +
		"Titre\n" +
		"=====\n"
	want := "Le titre\n" +
		"\n" +
		"Un paragraphe avec emphase, gras, barré, code et un lien.\n" +
		"Voir ou, écrire à.\n" +
		"\n" +
		"Le forum de Dakar Légende du forum\n" +
		"\n" +
		"Citation\n" +
		"liste\n" +
		"\n" +
		"premier\n" +
		"second\n" +
		"\n" +
		"Pays Capitale\n" +
		"France Paris | Île\n" +
		"\n" +
		"La devise liberté, égalité et la note.\n" +
		"\n" +
		"Traité de Rome, 1957.\n" +
		"\n" +
		"نص عربي\n" +
		"\n" +
		"fmt.Println(\"*x*\")\n" +
		"\n" +
		"Texte *littéral* et snake_case & co, souligné, un renvoi, 2 3.\n" +
		"Titre"
	if got := MarkdownText(md); got != want {
		t.Errorf("MarkdownText =\n%s\nwant\n%s", got, want)
	}
}

func TestMarkdownTextEdges(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"\n\n\n", ""},
		{"a\r\nb\rc", "a\nb\nc"},
		{"[unclosed link", "[unclosed link"},
		{"![unclosed image", "![unclosed image"},
		{"`unclosed code", "unclosed code"},
		{"~~~\ncode ``` inside\n~~~~\nafter", "code ``` inside\n\nafter"},
		{"```\nnever closed\n# not a heading", "never closed\n# not a heading"},
		{"####### seven", "####### seven"},
		{"#hashtag", "#hashtag"},
		{"[a [nested] link](/x) and [b](/y)", "a nested link and b"},
		{"![](/media/x.jpg)", ""},
		{"<b>not html</b>", "<b>not html</b>"},
		{"[text]{class=x}", "text{class=x}"},
		{"\xff\xfeinvalid", "invalid"},
		{"line with hard break\\\nnext", "line with hard break\nnext"},
	}
	for _, tt := range tests {
		if got := MarkdownText(tt.in); got != tt.want {
			t.Errorf("MarkdownText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
