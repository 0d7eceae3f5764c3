package search

import (
	"strings"
	"testing"
)

// benchArticle is an original French text of 1,500 words, the length of a
// long news article.
var benchArticle = func() string {
	const paragraph = `Les ministres européens de la culture se sont réunis jeudi à Bruxelles
pour examiner un projet de règlement sur la protection des données
publiées par les médias en ligne. Selon plusieurs diplomates présents,
les discussions ont été longues et parfois tendues : la présidence
souhaitait un accord rapide, tandis que certaines délégations
demandaient davantage de garanties pour les journalistes indépendants.
« Nous voulons que les rédactions puissent travailler librement, sans
craindre que leurs sources soient exposées », a déclaré la ministre
française, qui rappelait l’été dernier l’importance d’une presse libre.
Les associations de lecteurs ont salué une avancée, mais elles
regrettent que l’accessibilité des sites d’information ne figure pas
dans le texte. D’après les dernières estimations, près de 1 500
publications régionales seraient concernées par ces nouvelles règles,
dont l’entrée en vigueur est prévue pour le printemps 2026. `
	words := strings.Fields(paragraph)
	var b strings.Builder
	for i := 0; i < 1500; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[i%len(words)])
	}
	return b.String()
}()

func BenchmarkAnalyze(b *testing.B) {
	b.SetBytes(int64(len(benchArticle)))
	for b.Loop() {
		Analyze("fr", benchArticle)
	}
}

func BenchmarkExcerpt(b *testing.B) {
	q := ParseQuery("fr", "printemps 2026")
	for b.Loop() {
		Excerpt("fr", benchArticle, q, 240)
	}
}

func BenchmarkParseQuery(b *testing.B) {
	for b.Loop() {
		ParseQuery("fr", `« protection des données » journalistes -été`)
	}
}

func TestBenchArticleLength(t *testing.T) {
	if n := len(strings.Fields(benchArticle)); n != 1500 {
		t.Errorf("benchArticle has %d words, want 1500", n)
	}
}
