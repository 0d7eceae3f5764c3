package stats

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// Real-looking user agents of the robots the list must recognize.
var botAgents = []struct{ name, ua string }{
	{"googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
	{"googlebot smartphone", "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.126 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
	{"google inspection tool", "Mozilla/5.0 (compatible; Google-InspectionTool/1.0;)"},
	{"adsbot", "AdsBot-Google (+http://www.google.com/adsbot.html)"},
	{"bingbot", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36"},
	{"yandexbot", "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)"},
	{"yandex images", "Mozilla/5.0 (compatible; YandexImages/3.0; +http://yandex.com/bots)"},
	{"baiduspider", "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"},
	{"duckduckbot", "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)"},
	{"applebot", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)"},
	{"yahoo slurp", "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)"},
	{"qwant", "Mozilla/5.0 (compatible; Qwantify/Bleriot/1.1; +https://help.qwant.com/bot)"},
	{"seznam", "Mozilla/5.0 (compatible; SeznamBot/4.0; +https://o-seznam.cz/napoveda/vyhledavani/en/seznambot-crawler/)"},
	{"petalbot", "Mozilla/5.0 (Linux; Android 7.0;) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; PetalBot;+https://webmaster.petalsearch.com/site/petalbot)"},
	{"internet archive", "Mozilla/5.0 (compatible; archive.org_bot +http://archive.org/details/archive.org_bot)"},
	{"facebookexternalhit", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"},
	{"meta externalagent", "meta-externalagent/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)"},
	{"twitterbot", "Twitterbot/1.0"},
	{"linkedinbot", "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)"},
	{"slackbot", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"},
	{"discordbot", "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)"},
	{"whatsapp", "WhatsApp/2.23.20.0 A"},
	{"telegrambot", "TelegramBot (like TwitterBot)"},
	{"mastodon", "http.rb/5.1.1 (Mastodon/4.2.1; +https://mastodon.social/)"},
	{"semrush", "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)"},
	{"ahrefs", "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)"},
	{"mj12bot", "Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)"},
	{"dotbot", "Mozilla/5.0 (compatible; DotBot/1.2; +https://opensiteexplorer.org/dotbot; help@moz.com)"},
	{"screaming frog", "Screaming Frog SEO Spider/19.4"},
	{"siteimprove", "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; Trident/6.0) LinkCheck by Siteimprove.com"},
	{"bytespider", "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)"},
	{"gptbot", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)"},
	{"chatgpt-user", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; ChatGPT-User/1.0; +https://openai.com/bot"},
	{"ccbot", "CCBot/2.0 (https://commoncrawl.org/faq/)"},
	{"claudebot", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)"},
	{"perplexitybot", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; PerplexityBot/1.0; +https://perplexity.ai/perplexitybot)"},
	{"amazonbot", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Amazonbot/0.1; +https://developer.amazon.com/support/amazonbot) Chrome/119.0.6045.214 Safari/537.36"},
	{"headless chrome", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.109 Safari/537.36"},
	{"lighthouse", "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse"},
	{"curl", "curl/8.5.0"},
	{"wget", "Wget/1.21.4"},
	{"python-requests", "python-requests/2.31.0"},
	{"go", "Go-http-client/1.1"},
	{"okhttp", "okhttp/4.12.0"},
	{"java", "Java/17.0.2"},
	{"libwww-perl", "libwww-perl/6.72"},
	{"uptimerobot", "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)"},
	{"pingdom", "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)"},
	{"statuscake", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 StatusCake"},
	{"upper case", "MOZILLA/5.0 (COMPATIBLE; GOOGLEBOT/2.1)"},
}

// Browsers people read with, and the class of their device.
var browserAgents = []struct{ name, ua, device string }{
	{"chrome windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", DeviceDesktop},
	{"edge", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", DeviceDesktop},
	{"firefox windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", DeviceDesktop},
	{"safari mac", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", DeviceDesktop},
	{"firefox linux", "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", DeviceDesktop},
	{"chromeos", "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", DeviceDesktop},
	{"yandex browser", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 YaBrowser/24.6.0.0 Safari/537.36", DeviceDesktop},
	{"lynx", "Lynx/2.9.0dev.12 libwww-FM/2.14 SSL-MM/1.4.1 GNUTLS/3.7.9", DeviceOther},
	{"iphone safari", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", DeviceMobile},
	{"google app ios", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) GSA/323.0.647062479 Mobile/15E148 Safari/604.1", DeviceMobile},
	{"facebook in-app", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/470.0.0.36.109;FBBV/640000000;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.5;FBSS/3;FBCR/;FBID/phone;FBLC/fr_FR;FBOP/5]", DeviceMobile},
	{"chrome android", "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", DeviceMobile},
	{"samsung internet", "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36", DeviceMobile},
	{"duckduckgo android", "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0.0.0 Mobile DuckDuckGo/5 Safari/537.36", DeviceMobile},
	{"firefox android", "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0", DeviceMobile},
	{"cubot phone", "Mozilla/5.0 (Linux; Android 11; CUBOT_X50) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", DeviceMobile},
	{"opera mini", "Opera/9.80 (J2ME/MIDP; Opera Mini/9.80 (S60; SymbOS; Opera Mobi/23.348; U; en) Presto/2.5.25 Version/10.54", DeviceMobile},
	{"windows phone", "Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1; Microsoft; Lumia 950) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.116 Mobile Safari/537.36 Edge/15.14977", DeviceMobile},
	{"ipad", "Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1", DeviceTablet},
	{"android tablet", "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", DeviceTablet},
	{"firefox android tablet", "Mozilla/5.0 (Android 14; Tablet; rv:133.0) Gecko/133.0 Firefox/133.0", DeviceTablet},
	{"kindle silk", "Mozilla/5.0 (Linux; Android 9; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/131.2.1 like Chrome/131.0.6778.200 Safari/537.36", DeviceTablet},
	{"xbox", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox One) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edge/44.18363.8131", DeviceOther},
	{"samsung tv", "Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/4.0 Chrome/76.0.3809.146 TV Safari/537.36", DeviceOther},
	{"playstation", "Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0 Safari/605.1.15", DeviceOther},
}

func TestIsBot(t *testing.T) {
	for range 2 { // computed, then cached
		for _, c := range botAgents {
			if !IsBot(c.ua) {
				t.Errorf("%s: IsBot(%q) = false, want true", c.name, c.ua)
			}
		}
		for _, c := range browserAgents {
			if IsBot(c.ua) {
				t.Errorf("%s: IsBot(%q) = true, want false", c.name, c.ua)
			}
		}
	}
	if IsBot("") {
		t.Error(`IsBot("") = true`)
	}
}

// The list must name, one per line, every robot the issue names, so that an
// edit of the generic words does not silently let them in.
func TestBotListNamesMajorCrawlers(t *testing.T) {
	lines := make(map[string]bool)
	for l := range strings.Lines(defaultBotList) {
		lines[strings.TrimSpace(l)] = true
	}
	for _, want := range []string{"googlebot", "bingbot", "yandexbot", "baiduspider", "duckduckbot",
		"applebot", "facebookexternalhit", "twitterbot", "linkedinbot", "slackbot", "discordbot",
		"whatsapp", "telegrambot", "petalbot", "semrush", "ahrefs", "mj12bot", "dotbot", "bytespider",
		"gptbot", "ccbot", "claudebot", "perplexitybot", "amazonbot", "headlesschrome", "curl", "wget",
		"python-requests", "go-http-client", "okhttp", "java/", "libwww", "bot", "spider", "crawl",
		"uptime", "pingdom"} {
		if !lines[want] {
			t.Errorf("bots.txt has no line %q", want)
		}
	}
}

func TestLoadBotPatterns(t *testing.T) {
	t.Cleanup(resetBotPatterns)
	const google = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
	if !IsBot(google) || !IsBot(google) { // the second answer from the cache
		t.Fatal("googlebot")
	}

	err := LoadBotPatterns(strings.NewReader("# ours\n\n  MyScraper  \nrobot\n!norobot\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	for ua, want := range map[string]bool{
		"myscraper/1.0":         true,
		"Mozilla/5.0 MYSCRAPER": true,
		google:                  false, // the list was replaced, not extended
		"A Robot":               true,
		"NoRobot/1":             false, // covered by the exception
		"NoRobot/1 robot":       true,  // a second, uncovered occurrence
		"Mozilla/5.0 Firefox":   false,
	} {
		if got := IsBot(ua); got != want {
			t.Errorf("after load: IsBot(%q) = %v, want %v", ua, got, want)
		}
	}

	// Errors keep the list in force.
	for name, r := range map[string]interface{ Read([]byte) (int, error) }{
		"empty":           strings.NewReader(""),
		"comments only":   strings.NewReader("# nothing\n\n"),
		"exceptions only": strings.NewReader("!cubot\n"),
		"empty exception": strings.NewReader("bot\n!\n"),
		"long pattern":    strings.NewReader(strings.Repeat("x", maxBotPatternLen+1) + "\n"),
		"too large":       strings.NewReader(strings.Repeat("a\n", maxBotListBytes)),
		"read error":      failingReader{},
	} {
		if err := LoadBotPatterns(r); err == nil {
			t.Errorf("%s: LoadBotPatterns succeeded", name)
		}
		if !IsBot("myscraper") || IsBot(google) {
			t.Fatalf("%s: a failed load changed the list", name)
		}
	}

	resetBotPatterns()
	if !IsBot(google) {
		t.Error("reset did not restore the embedded list")
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

// naiveIsBot is the definition IsBot implements, written the slow way.
func naiveIsBot(pats []botPattern, ua string) bool {
	low := lowerASCII(ua)
	var excs []span
	for _, p := range pats {
		if !p.exception {
			continue
		}
		for i := 0; i+len(p.text) <= len(low); i++ {
			if low[i:i+len(p.text)] == p.text {
				excs = append(excs, span{i, i + len(p.text)})
			}
		}
	}
	for _, p := range pats {
		if p.exception {
			continue
		}
	occurrence:
		for i := 0; i+len(p.text) <= len(low); i++ {
			if low[i:i+len(p.text)] != p.text {
				continue
			}
			for _, e := range excs {
				if e.start <= i && i+len(p.text) <= e.end {
					continue occurrence
				}
			}
			return true
		}
	}
	return false
}

// The automaton agrees with the slow definition on strings made of pieces
// of the patterns, where partial matches and overlaps are frequent.
func TestBotMatcherAgreesWithNaive(t *testing.T) {
	lists := map[string]string{
		"embedded": defaultBotList,
		"overlaps": "abab\nbab\nb a\naab\n!xbabx\n!ababab\nzz\n",
		"plain":    "he\nshe\nhis\nhers\n",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for name, list := range lists {
		m, err := parseBotPatterns(strings.NewReader(list))
		if err != nil {
			t.Fatal(err)
		}
		var pieces []string
		for _, p := range m.pats {
			pieces = append(pieces, p.text, strings.ToUpper(p.text), p.text[:len(p.text)/2], p.text[len(p.text)/2:])
		}
		pieces = append(pieces, " ", "x", "/", "Mozilla/5.0 ", "é")
		for range 20000 {
			var b strings.Builder
			for range rng.IntN(8) {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
			ua := b.String()
			if got, _ := m.scan(ua); got != naiveIsBot(m.pats, ua) {
				t.Fatalf("%s: scan(%q) = %v, naive %v", name, ua, got, !got)
			}
		}
	}
}

func TestDeviceClass(t *testing.T) {
	for range 2 { // computed, then cached
		for _, c := range browserAgents {
			if got := DeviceClass(c.ua); got != c.device {
				t.Errorf("%s: DeviceClass = %q, want %q", c.name, got, c.device)
			}
		}
	}
	for ua, want := range map[string]string{
		"":                       DeviceOther,
		"Mozilla/5.0":            DeviceOther,
		"SomeReader/1.0 (Linux)": DeviceDesktop,
		"Mozilla/5.0 (Linux; U; Android 4.0.3; Tablet)":  DeviceTablet,
		"Mozilla/5.0 (Mobile; rv:48.0; KaiOS/2.5)":       DeviceMobile,
		"Mozilla/5.0 (X11; Linux x86_64) MicroMessenger": DeviceDesktop,
		"MicroMessenger/8.0 Microsoft":                   DeviceOther, // "cros" inside words is not ChromeOS
		"mozilla/5.0 (iphone; cpu iphone os 18_1)":       DeviceMobile,
	} {
		if got := DeviceClass(ua); got != want {
			t.Errorf("DeviceClass(%q) = %q, want %q", ua, got, want)
		}
	}
}

// naiveDeviceClass is DeviceClass the slow way.
func naiveDeviceClass(ua string) string {
	low := strings.ToLower(ua)
	var cats uint16
	for _, tok := range deviceTokens {
		if tok.exact != "" && strings.Contains(ua, tok.exact) || tok.exact == "" && strings.Contains(low, tok.text) {
			cats |= tok.cat
		}
	}
	return deviceName(cats)
}

func TestDeviceClassAgreesWithNaive(t *testing.T) {
	var pieces []string
	for _, tok := range deviceTokens {
		pieces = append(pieces, tok.text, strings.ToUpper(tok.text), tok.text[:len(tok.text)/2], tok.text[len(tok.text)/2:])
	}
	pieces = append(pieces, "CrOS", "Microsoft", "Mobile", " ", ";", "bot")
	rng := rand.New(rand.NewPCG(3, 4))
	for range 50000 {
		var b strings.Builder
		for range rng.IntN(6) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		ua := b.String()
		if got, want := DeviceClass(ua), naiveDeviceClass(ua); got != want {
			t.Fatalf("DeviceClass(%q) = %q, naive %q", ua, got, want)
		}
	}
}

func FuzzUserAgent(f *testing.F) {
	for _, c := range botAgents {
		f.Add(c.ua)
	}
	for _, c := range browserAgents {
		f.Add(c.ua)
	}
	f.Fuzz(func(t *testing.T, ua string) {
		m := bots.Load()
		if got, want := IsBot(ua), naiveIsBot(m.pats, ua); got != want {
			t.Fatalf("IsBot(%q) = %v, naive %v", ua, got, want)
		}
		if got, want := DeviceClass(ua), naiveDeviceClass(ua); got != want {
			t.Fatalf("DeviceClass(%q) = %q, naive %q", ua, got, want)
		}
	})
}
