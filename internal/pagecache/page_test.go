package pagecache

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// articlePage builds an article page shaped like the reader site's: head
// with hreflang alternates, section navigation, a long article with
// figures and footnotes, a comment thread and its form, a footer. The
// prose is drawn from a French vocabulary with a fixed seed, so the page
// compresses like real text rather than like a repeated string, and is
// the same in every run. It grows until it reaches size bytes.
func articlePage(size int) []byte {
	rng := rand.New(rand.NewPCG(12, 34))
	words := strings.Fields(`le la les un une des du de et à au aux en dans sur pour par avec sans sous
		entre vers chez contre pendant depuis selon malgré conseil municipal maire quartier habitants
		rivière pont école marché budget projet réunion vote élus association commerçants rue place
		gare bibliothèque travaux chantier hiver printemps été automne semaine année soir matin
		journée nuit enquête témoignage rapport décision critique soutien opposition accord colère
		espoir inquiétude débat question réponse proposition mesure loi règlement préfecture région
		département commune village ville centre périphérie transport bus vélo voiture piétons
		a été sont était avaient ont fait dit annoncé expliqué rappelé souligné estimé refusé accepté
		demandé obtenu prévu lancé construit fermé ouvert rénové financé voté reporté contesté
		nouveau nouvelle ancien ancienne grand grande petit petite premier première dernier dernière
		public publique local locale national nationale important importante difficile possible
		très plus moins déjà encore toujours jamais souvent parfois aussi ainsi donc pourtant
		cependant enfin ensuite alors depuis longtemps aujourd'hui hier demain ici là-bas`)
	sentence := func(b *strings.Builder) {
		n := 8 + rng.IntN(18)
		for i := range n {
			w := words[rng.IntN(len(words))]
			if i == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			} else {
				b.WriteByte(' ')
			}
			b.WriteString(w)
			if i < n-2 && rng.IntN(12) == 0 {
				b.WriteString(",")
			}
		}
		switch rng.IntN(10) {
		case 0:
			b.WriteString("\u00a0?")
		case 1:
			b.WriteString("\u00a0!")
		default:
			b.WriteString(".")
		}
	}
	paragraph := func(b *strings.Builder, sentences int) {
		for i := range sentences {
			if i > 0 {
				b.WriteByte(' ')
			}
			sentence(b)
		}
	}

	var b strings.Builder
	b.Grow(size + 8<<10)
	b.WriteString(`<!DOCTYPE html>
<html lang="fr" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Le conseil municipal vote le budget du pont de la rivière — La Gazette du Val</title>
<meta name="description" content="Après trois heures de débat, les élus ont adopté le projet de rénovation.">
<link rel="stylesheet" href="/assets/3f9a1c2b7d/site.css">
<script src="/assets/8e41d0a9c3/site.js" defer></script>
<link rel="canonical" href="https://gazette.example/fr/le-conseil-vote-le-budget-du-pont">
<link rel="alternate" hreflang="fr" href="https://gazette.example/fr/le-conseil-vote-le-budget-du-pont">
<link rel="alternate" hreflang="en" href="https://gazette.example/en/council-votes-bridge-budget">
<link rel="alternate" hreflang="es" href="https://gazette.example/es/el-consejo-vota-el-presupuesto-del-puente">
<link rel="alternate" type="application/atom+xml" title="La Gazette du Val" href="/fr/feed.atom">
<meta property="og:type" content="article">
<meta property="og:title" content="Le conseil municipal vote le budget du pont de la rivière">
<meta property="og:locale" content="fr_FR">
</head>
<body>
<a class="skip" href="#main">Aller au contenu</a>
<header class="site-header"><p class="site-name"><a href="/fr/">La Gazette du Val</a></p>
<nav aria-label="Rubriques"><ul>
`)
	for i := range 14 {
		fmt.Fprintf(&b, "<li><a href=\"/fr/rubrique/%s-%d\">%s</a></li>\n", words[(i*7)%len(words)], i, strings.ToUpper(words[(i*11)%len(words)][:1])+words[(i*11)%len(words)][1:])
	}
	b.WriteString(`</ul></nav>
<form role="search" action="/fr/search"><label for="q">Rechercher</label><input id="q" name="q" type="search"><button>OK</button></form>
<nav aria-label="Langues"><ul><li><a href="/en/council-votes-bridge-budget" hreflang="en" lang="en">English</a></li><li><a href="/es/el-consejo-vota-el-presupuesto-del-puente" hreflang="es" lang="es">Español</a></li></ul></nav>
</header>
<main id="main">
<article class="article" itemscope itemtype="https://schema.org/NewsArticle">
<p class="surtitle">Vie locale</p>
<h1 itemprop="headline">Le conseil municipal vote le budget du pont de la rivière</h1>
<p class="byline">Par <a href="/fr/auteur/claire-martin" rel="author">Claire Martin</a>, <time datetime="2026-03-14T18:30:00+01:00">14 mars 2026 à 18 h 30</time></p>
<div class="lead"><p>`)
	paragraph(&b, 3)
	b.WriteString("</p></div>\n<div class=\"body\" itemprop=\"articleBody\">\n")
	for i := 0; b.Len() < size*55/100; i++ {
		switch {
		case i%9 == 4:
			fmt.Fprintf(&b, `<figure><img src="/media/2026/03/pont-%d-800.webp" srcset="/media/2026/03/pont-%d-400.webp 400w, /media/2026/03/pont-%d-800.webp 800w, /media/2026/03/pont-%d-1600.webp 1600w" sizes="(max-width: 50rem) 100vw, 50rem" width="1600" height="900" alt="Le pont vu depuis la rive gauche, photo %d" loading="lazy" decoding="async"><figcaption>`, i, i, i, i, i)
			sentence(&b)
			b.WriteString(` <span class="credit">Photo : Jean Dupont</span></figcaption></figure>` + "\n")
		case i%5 == 2:
			b.WriteString("<h2>")
			sentence(&b)
			b.WriteString("</h2>\n")
		default:
			b.WriteString("<p>")
			paragraph(&b, 3+rng.IntN(4))
			fmt.Fprintf(&b, `<sup id="fnref-%d"><a href="#fn-%d" class="footnote-ref">%d</a></sup></p>`+"\n", i, i, i)
		}
	}
	b.WriteString(`</div>
<ul class="keywords"><li><a href="/fr/mot/budget" rel="tag">budget</a></li><li><a href="/fr/mot/pont" rel="tag">pont</a></li><li><a href="/fr/mot/conseil-municipal" rel="tag">conseil municipal</a></li></ul>
</article>
<section class="comments" aria-labelledby="comments-title"><h2 id="comments-title">Commentaires</h2>
<ol class="thread">
`)
	for i := 0; b.Len() < size-4<<10; i++ {
		reply := i%3 != 0
		if reply {
			b.WriteString(`<li><ol class="replies">`)
		}
		fmt.Fprintf(&b, `<li id="comment-%d" class="comment"><article><header><p class="comment-author">%s %s</p><p class="comment-date"><a href="#comment-%d"><time datetime="2026-03-%02dT%02d:%02d:00+01:00">%d mars 2026 à %d h %02d</time></a></p></header><div class="comment-body"><p>`,
			1000+i, strings.ToUpper(words[rng.IntN(len(words))][:1]), words[rng.IntN(len(words))], 1000+i, 14+i%10, 8+i%12, i%60, 14+i%10, 8+i%12, i%60)
		paragraph(&b, 1+rng.IntN(4))
		fmt.Fprintf(&b, `</p></div><p class="reply"><a href="?reply=%d#comment-form">Répondre</a></p></article></li>`+"\n", 1000+i)
		if reply {
			b.WriteString("</ol></li>\n")
		}
	}
	b.WriteString(`</ol>
<form id="comment-form" class="comment-form" method="post" action="/fr/le-conseil-vote-le-budget-du-pont" novalidate>
<input type="hidden" name="t" value="1773509400"><input type="hidden" name="sig" value="c2f0e1a9b87d6c5e4f3a2b1c0d9e8f7a">
<p><label for="c-name">Nom</label><input id="c-name" name="name" required autocomplete="name"></p>
<p><label for="c-email">Courriel (non publié)</label><input id="c-email" name="email" type="email" autocomplete="email"></p>
<p><label for="c-message">Message</label><textarea id="c-message" name="message" rows="8" required></textarea></p>
<p class="hp" aria-hidden="true"><label for="c-url2">Ne pas remplir</label><input id="c-url2" name="url2" tabindex="-1"></p>
<p><button type="submit">Envoyer</button></p>
<p class="policy">Les commentaires sont publiés après modération.</p>
</form>
</section>
</main>
<footer class="site-footer"><p>© 2026 La Gazette du Val</p><ul><li><a href="/fr/plan-du-site">Plan du site</a></li><li><a href="/fr/mentions-legales">Mentions légales</a></li><li><a href="/fr/accessibilite">Accessibilité</a></li><li><a href="/fr/feed.atom">Atom</a></li></ul></footer>
</body>
</html>
`)
	return []byte(b.String())
}
