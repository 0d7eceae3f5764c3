package search

import "strings"

// Stopword lists are short on purpose: only function words frequent
// enough to be noise, and never a word that is also a common noun once
// accents are gone (French "été" is "summer" as well as "been", "est" is
// also "East", "or" is also "gold": they are kept). They are written with
// their accents and normalized at start-up, so they always agree with
// the analyzer.

// French, including the elided forms left over once "l'été", "qu'il" or
// "jusqu'à" are split on the apostrophe: this is the elision handling.
const frenchStopwords = `
a à au aux avec c ça ce ceci cela celle celles celui ces cet cette ceux chez
comme d dans de des donc dont du elle elles en et eux il ils j je l la le les
leur leurs lui m ma mais me même mes moi mon n ne ni nos notre nous on ont ou
où par pas plus pour qu que quel quelle quelles quels qui s sa sans se ses si
son sont sous sur t ta te tes toi ton très tu un une vos votre vous y
jusqu lorsqu puisqu quoiqu`

// English, including what is left of contractions split on the
// apostrophe ("don't" → "don", "t"; "we'll" → "we", "ll").
const englishStopwords = `
a an and are as at be been being but by can could did do does for from had
has have he her hers him his i if in into is it its me my no not of on or our
she so than that the their them then there these they this those to us was
we were what when where which who whom why will with would you your
s t d ll re ve m`

// Spanish. Accent removal merges "él"/"el", "sí"/"si", "más"/"mas",
// "está"/"esta": all are function words, so nothing is lost.
const spanishStopwords = `
a al como con cual cuando de del donde e el él ella ellas ellos en entre es
esa esas ese eso esos esta está están estas este esto estos fue ha han hay la
las le les lo los más me mi mis muy ni no nos o os para pero por porque que
quien se ser si sí sin sobre son su sus también te tu tú u un una unas uno
unos y ya`

// Arabic, written with hamza and alif maqsura as usual; normalization
// turns them into the indexed forms (أن → ان, إلى → الي).
const arabicStopwords = `
في من إلى على عن أن إن أو ثم قد لا ما لم لن هذا هذه ذلك تلك التي الذي
الذين هو هي هم هن كان كانت مع بين كل عند حتى بعد قبل إذا أي يا و ف ب ل ك`

// stopSet normalizes a list the way the analyzer normalizes text.
func stopSet(list string) map[string]bool {
	set := make(map[string]bool)
	for _, w := range strings.Fields(list) {
		for _, p := range normalizeText(w) {
			set[p] = true
		}
	}
	return set
}
