package stats

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Paris without the system's zone files
)

// clock is a settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// seqReader is deterministic "randomness": every draw differs.
type seqReader struct {
	mu sync.Mutex
	n  byte
}

func (s *seqReader) Read(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range p {
		s.n++
		p[i] = s.n
	}
	return len(p), nil
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("no entropy") }

const (
	firefox = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
	iphone  = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)

func newTestRecorder(t *testing.T, start time.Time, loc *time.Location) (*Recorder, *clock) {
	t.Helper()
	clk := &clock{t: start}
	return NewRecorder(Options{Now: clk.Now, Random: &seqReader{}, OwnHosts: []string{"example.fr"}, Location: loc}), clk
}

func view(at time.Time, ip, ua string) View {
	return View{SiteID: 1, Path: "/fr/moderer-sans-censurer", Language: "fr", ArticleID: 7, GroupID: 3,
		UserAgent: ua, IP: ip, AcceptLanguage: "fr-FR,fr;q=0.9", At: at}
}

// totals sums batches into comparable maps.
type totals struct {
	pages     map[string]int64
	visitors  map[string]int64
	referrers map[string]int64
	languages map[string]int64
	devices   map[string]int64
}

func sum(batches ...Batch) totals {
	t := totals{map[string]int64{}, map[string]int64{}, map[string]int64{}, map[string]int64{}, map[string]int64{}}
	for _, b := range batches {
		for _, p := range b.Pages {
			t.pages[key(p.Day, p.SiteID, p.Path, p.Language, p.ArticleID, p.GroupID)] += p.Views
		}
		for _, v := range b.Visitors {
			t.visitors[key(v.Day, v.SiteID)] += v.Visitors
		}
		for _, k := range b.Referrers {
			t.referrers[key(k.Day, k.SiteID, k.Key)] += k.Count
		}
		for _, k := range b.Languages {
			t.languages[key(k.Day, k.SiteID, k.Key)] += k.Count
		}
		for _, k := range b.Devices {
			t.devices[key(k.Day, k.SiteID, k.Key)] += k.Count
		}
	}
	return t
}

// key joins fields with spaces.
func key(a ...any) string { return strings.TrimSuffix(fmt.Sprintln(a...), "\n") }

var noon = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

func TestRecordRefusesBotsAndEmptyUserAgent(t *testing.T) {
	r, _ := newTestRecorder(t, noon, nil)
	for _, c := range botAgents {
		if r.Record(view(noon, "198.51.100.1", c.ua)) {
			t.Errorf("%s: counted", c.name)
		}
	}
	for _, ua := range []string{"", "  \t"} {
		if r.Record(view(noon, "198.51.100.1", ua)) {
			t.Errorf("user agent %q counted", ua)
		}
	}
	if b := r.Take(); !b.Empty() {
		t.Fatalf("bots left counts: %+v", b)
	}
	for _, c := range browserAgents {
		if !r.Record(view(noon, "198.51.100.1", c.ua)) {
			t.Errorf("%s: not counted", c.name)
		}
	}
	b := r.Take()
	if got := sum(b).pages["2026-11-29 1 /fr/moderer-sans-censurer fr 7 3"]; got != int64(len(browserAgents)) {
		t.Errorf("views = %d, want %d", got, len(browserAgents))
	}
	devices := map[string]int64{}
	for _, c := range browserAgents {
		devices["2026-11-29 1 "+c.device]++
	}
	if got := sum(b).devices; !reflect.DeepEqual(got, devices) {
		t.Errorf("devices = %v, want %v", got, devices)
	}
}

func TestSameVisitorTwiceADay(t *testing.T) {
	r, _ := newTestRecorder(t, noon, nil)
	r.Record(view(noon, "198.51.100.1", firefox))
	r.Record(view(noon.Add(3*time.Hour), "198.51.100.1", firefox))
	b := r.Take()
	want := Batch{
		Pages:     []PageCount{{"2026-11-29", 1, "/fr/moderer-sans-censurer", "fr", 7, 3, 2}},
		Visitors:  []VisitorCount{{"2026-11-29", 1, 1}},
		Languages: []KeyCount{{"2026-11-29", 1, "fr", 2}},
		Devices:   []KeyCount{{"2026-11-29", 1, DeviceDesktop, 2}},
	}
	if !reflect.DeepEqual(b, want) {
		t.Fatalf("batch:\n got %+v\nwant %+v", b, want)
	}

	// Another user agent, another site: other visitors.
	r.Record(view(noon, "198.51.100.1", firefox)) // still the same: not new
	r.Record(view(noon, "198.51.100.1", iphone))
	v := view(noon, "198.51.100.1", firefox)
	v.SiteID = 2
	r.Record(v)
	got := sum(r.Take()).visitors
	if want := map[string]int64{"2026-11-29 1": 1, "2026-11-29 2": 1}; !reflect.DeepEqual(got, want) {
		t.Fatalf("visitors = %v, want %v", got, want)
	}
}

func TestNextDayIsANewUnlinkableVisitor(t *testing.T) {
	r, clk := newTestRecorder(t, noon, nil)
	r.Record(view(noon, "198.51.100.1", firefox))
	h1, ok := r.visitorHash(1, "198.51.100.1", firefox, noon)
	if !ok {
		t.Fatal("no key for the first day")
	}
	days := r.days()
	first := days["2026-11-29"]
	if len(days) != 1 || first.visitors != 1 || first.orphan {
		t.Fatalf("first day state = %+v", days)
	}

	next := noon.AddDate(0, 0, 1)
	clk.Set(next)
	r.Record(view(next, "198.51.100.1", firefox))
	h2, ok := r.visitorHash(1, "198.51.100.1", firefox, next)
	if !ok {
		t.Fatal("no key for the second day")
	}
	if h1 == h2 {
		t.Error("the same visitor has the same hash on two days: linkable")
	}
	days = r.days()
	second, ok := days["2026-11-30"]
	if !ok || second.visitors != 1 || second.orphan {
		t.Fatalf("second day state = %+v", days)
	}
	if second.key == first.key {
		t.Error("the day key did not change")
	}
	if _, ok := days["2026-11-29"]; ok || len(days) != 1 {
		t.Errorf("the previous day's key or set is still kept at noon the next day: %+v", days)
	}
	if _, ok := r.visitorHash(1, "198.51.100.1", firefox, noon); ok {
		t.Error("the previous day's hash can still be computed")
	}
	got := sum(r.Take()).visitors
	if want := map[string]int64{"2026-11-29 1": 1, "2026-11-30 1": 1}; !reflect.DeepEqual(got, want) {
		t.Fatalf("visitors = %v, want %v", got, want)
	}
}

func TestMidnightGraceThenForget(t *testing.T) {
	r, clk := newTestRecorder(t, noon, nil)
	const ip = "198.51.100.1"
	late := time.Date(2026, 11, 29, 23, 59, 59, 0, time.UTC)
	r.Record(view(late.Add(-time.Hour), ip, firefox))

	// A request begun before midnight, recorded after it, still dedupes.
	clk.Set(late.Add(2 * time.Second))
	r.Record(view(late, ip, firefox))
	r.Record(view(late.Add(2*time.Second), ip, firefox)) // the new day
	if days := r.days(); len(days) != 2 {
		t.Fatalf("at 00:00:01 the two days should be kept: %+v", days)
	}
	// Take during the grace keeps both.
	b1 := r.Take()

	// After the grace the previous day goes, even without any view.
	clk.Set(late.Add(previousDayGrace + 2*time.Second))
	b2 := r.Take()
	days := r.days()
	if _, ok := days["2026-11-29"]; ok || len(days) != 1 {
		t.Fatalf("after the grace: %+v", days)
	}
	// A view of the forgotten day is still a view, but neither a visitor nor
	// a reason to make a key or a set for that day again.
	r.Record(view(late, "203.0.113.9", firefox))
	days = r.days()
	if _, ok := days["2026-11-29"]; ok || len(days) != 1 {
		t.Fatalf("a late view brought the day back: %+v", days)
	}
	for _, d := range days {
		if d.orphan {
			t.Fatal("orphan visitor set")
		}
	}
	got := sum(b1, b2, r.Take())
	if want := map[string]int64{"2026-11-29 1": 1, "2026-11-30 1": 1}; !reflect.DeepEqual(got.visitors, want) {
		t.Errorf("visitors = %v, want %v", got.visitors, want)
	}
	if n := got.pages["2026-11-29 1 /fr/moderer-sans-censurer fr 7 3"]; n != 3 {
		t.Errorf("views on the 29th = %d, want 3", n)
	}
}

func TestDayBoundaryInSiteTimeZone(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	// 23:30 in Paris is 22:30 UTC; 00:05 in Paris is still the 29th in UTC.
	before := time.Date(2026, 11, 29, 23, 30, 0, 0, paris)
	after := time.Date(2026, 11, 30, 0, 5, 0, 0, paris)
	if after.UTC().Day() != 29 {
		t.Fatal("test premise")
	}
	r, clk := newTestRecorder(t, before, paris)
	r.Record(view(before, "198.51.100.1", firefox))
	clk.Set(after)
	r.Record(view(after, "198.51.100.1", firefox))
	got := sum(r.Take())
	if want := map[string]int64{"2026-11-29 1": 1, "2026-11-30 1": 1}; !reflect.DeepEqual(got.visitors, want) {
		t.Errorf("visitors = %v, want %v", got.visitors, want)
	}
	if want := map[string]int64{
		"2026-11-29 1 /fr/moderer-sans-censurer fr 7 3": 1,
		"2026-11-30 1 /fr/moderer-sans-censurer fr 7 3": 1,
	}; !reflect.DeepEqual(got.pages, want) {
		t.Errorf("pages = %v, want %v", got.pages, want)
	}
	// The 29th's key goes ten minutes after midnight in Paris, not in UTC.
	clk.Set(time.Date(2026, 11, 30, 0, 9, 0, 0, paris))
	r.Take()
	if _, ok := r.days()["2026-11-29"]; !ok {
		t.Error("the 29th was forgotten before the grace ended in Paris")
	}
	clk.Set(time.Date(2026, 11, 30, 0, 11, 0, 0, paris))
	r.Take()
	if _, ok := r.days()["2026-11-29"]; ok {
		t.Error("the 29th was kept after the grace ended in Paris")
	}

	// Spring forward: 2026-03-29 has 23 hours in Paris.
	r2, clk2 := newTestRecorder(t, time.Date(2026, 3, 29, 23, 59, 0, 0, paris), paris)
	for _, at := range []time.Time{
		time.Date(2026, 3, 29, 0, 30, 0, 0, paris),
		time.Date(2026, 3, 29, 3, 30, 0, 0, paris),
		time.Date(2026, 3, 29, 23, 59, 0, 0, paris),
	} {
		r2.Record(view(at, "198.51.100.1", firefox))
	}
	clk2.Set(time.Date(2026, 3, 30, 0, 0, 1, 0, paris))
	r2.Record(view(clk2.Now(), "198.51.100.1", firefox))
	got = sum(r2.Take())
	if want := map[string]int64{"2026-03-29 1": 1, "2026-03-30 1": 1}; !reflect.DeepEqual(got.visitors, want) {
		t.Errorf("DST visitors = %v, want %v", got.visitors, want)
	}
}

func TestTakesAddUp(t *testing.T) {
	views := varied(2000)
	one, _ := newTestRecorder(t, noon, nil)
	for _, v := range views {
		one.Record(v)
	}
	all := sum(one.Take())

	split, _ := newTestRecorder(t, noon, nil)
	var batches []Batch
	for i, v := range views {
		split.Record(v)
		if i%300 == 0 {
			batches = append(batches, split.Take())
		}
	}
	batches = append(batches, split.Take())
	if got := sum(batches...); !reflect.DeepEqual(got, all) {
		t.Errorf("batches add up to\n%v\nnot\n%v", got, all)
	}
	if !split.Take().Empty() {
		t.Error("a Take after everything was taken is not empty")
	}
	if len(all.visitors) == 0 || len(all.referrers) == 0 || len(all.languages) < 2 || len(all.devices) < 3 {
		t.Errorf("test views too uniform: %v", all)
	}
}

func TestRestoreAfterFailedWrite(t *testing.T) {
	views := varied(1000)
	want, _ := newTestRecorder(t, noon, nil)
	for _, v := range views {
		want.Record(v)
	}
	expected := sum(want.Take())

	r, _ := newTestRecorder(t, noon, nil)
	for _, v := range views[:600] {
		r.Record(v)
	}
	b := r.Take()
	r.Restore(b) // the write failed
	for _, v := range views[600:] {
		r.Record(v)
	}
	b = r.Take()
	r.Restore(b) // failed again
	r.Restore(Batch{})
	final := r.Take()
	if got := sum(final); !reflect.DeepEqual(got, expected) {
		t.Errorf("after restores:\n got %v\nwant %v", got, expected)
	}
	// Rows stay unique by key, so a single upsert statement can take them.
	seen := map[string]bool{}
	for _, p := range final.Pages {
		k := key(p.Day, p.SiteID, p.Path, p.Language)
		if seen[k] {
			t.Errorf("page row %s twice", k)
		}
		seen[k] = true
	}
	if !r.Take().Empty() {
		t.Error("restored counts came out twice")
	}
}

// varied makes n views from 150 visitors over two sites, three pages, two
// page languages, several referrers and reader languages.
func varied(n int) []View {
	uas := []string{firefox, iphone, browserAgents[19].ua, browserAgents[0].ua}
	refs := []string{"", "https://www.qwant.com/?q=x", "https://example.fr/fr/", "https://mastodon.social/@a/1", "android-app://x/"}
	langs := []string{"fr-FR,fr;q=0.9", "es-ES", "ar", "", "en-GB,en;q=0.8"}
	var out []View
	for i := range n {
		v := View{
			SiteID:         int64(1 + i%2),
			Path:           fmt.Sprintf("/fr/page-%d", i%3),
			Language:       []string{"fr", "es"}[i%2],
			ArticleID:      int64(i % 3),
			GroupID:        int64(10 + i%3),
			Referrer:       refs[i%len(refs)],
			UserAgent:      uas[i%len(uas)],
			IP:             "192.0.2." + strconv.Itoa(i%150/len(uas)),
			AcceptLanguage: langs[i%len(langs)],
			At:             noon.Add(time.Duration(i) * time.Second),
		}
		out = append(out, v)
	}
	return out
}

func TestConcurrentRecord(t *testing.T) {
	const goroutines, perG, ipsPerG = 8, 10_000, 100
	r, _ := newTestRecorder(t, noon, nil)
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		batches []Batch
		stop    = make(chan struct{})
		taker   sync.WaitGroup
	)
	taker.Add(1)
	go func() { // the flusher, taking while views come in
		defer taker.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			b := r.Take()
			mu.Lock()
			batches = append(batches, b)
			mu.Unlock()
			time.Sleep(time.Millisecond)
		}
	}()
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perG {
				v := view(noon, fmt.Sprintf("10.0.%d.%d", g, i%ipsPerG), firefox)
				v.Referrer = "https://www.qwant.com/"
				if !r.Record(v) {
					t.Error("not counted")
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	taker.Wait()
	batches = append(batches, r.Take())
	got := sum(batches...)
	const views = goroutines * perG
	want := totals{
		pages:     map[string]int64{"2026-11-29 1 /fr/moderer-sans-censurer fr 7 3": views},
		visitors:  map[string]int64{"2026-11-29 1": goroutines * ipsPerG},
		referrers: map[string]int64{"2026-11-29 1 qwant.com": views},
		languages: map[string]int64{"2026-11-29 1 fr": views},
		devices:   map[string]int64{"2026-11-29 1 desktop": views},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("concurrent totals:\n got %v\nwant %v", got, want)
	}
}

func TestBatchHoldsNoIdentifier(t *testing.T) {
	const (
		ip = "203.0.113.77"
		ua = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0 UniqueMarker/4242"
	)
	r, _ := newTestRecorder(t, noon, nil)
	v := view(noon, ip, ua)
	v.Referrer = "https://alice:hunter2@news.example.org/read?session=s3cr3t-token#me"
	v.AcceptLanguage = "fr-CA-x-private,fr;q=0.9"
	r.Record(v)
	hash, ok := r.visitorHash(1, ip, ua, noon)
	if !ok {
		t.Fatal("no hash")
	}
	b := r.Take()
	if len(b.Referrers) != 1 || b.Referrers[0].Key != "news.example.org" {
		t.Fatalf("referrers = %+v", b.Referrers)
	}
	forbidden := []string{ip, "203.0.113", ua, "UniqueMarker", "4242", "alice", "hunter2", "s3cr3t", "session",
		"private", strconv.FormatUint(hash, 10), strconv.FormatUint(hash, 16)}
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				walk(path+"."+v.Type().Field(i).Name, v.Field(i))
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(fmt.Sprintf("%s[%d]", path, i), v.Index(i))
			}
		case reflect.String:
			for _, f := range forbidden {
				if strings.Contains(v.String(), f) {
					t.Errorf("%s = %q contains %q", path, v.String(), f)
				}
			}
		case reflect.Int64:
			if uint64(v.Int()) == hash {
				t.Errorf("%s is the visitor's hash", path)
			}
		default:
			t.Errorf("%s: unexpected kind %s: a new field must be checked here", path, v.Kind())
		}
	}
	walk("Batch", reflect.ValueOf(b))
	if b.Empty() {
		t.Fatal("nothing was checked")
	}
}

func TestOwnHostsAndReferrerCap(t *testing.T) {
	r, _ := newTestRecorder(t, noon, nil)
	for _, ref := range []string{"https://example.fr/fr/", "https://WWW.EXAMPLE.FR/", "http://example.fr:8080/x", "", "ftp://x.org/"} {
		v := view(noon, "198.51.100.1", firefox)
		v.Referrer = ref
		r.Record(v)
	}
	if b := r.Take(); len(b.Referrers) != 0 {
		t.Errorf("internal or missing referrers counted: %+v", b.Referrers)
	}

	// One visitor (one shard) bringing more distinct hosts than a shard keeps.
	const n = maxReferrersPerShard + 88
	for i := range n {
		v := view(noon, "198.51.100.1", firefox)
		v.Referrer = fmt.Sprintf("https://h%d.example.net/", i)
		r.Record(v)
	}
	b := r.Take()
	var total, other int64
	for _, k := range b.Referrers {
		total += k.Count
		if k.Key == OtherReferrers {
			other = k.Count
		}
	}
	if total != n || other != 88 || len(b.Referrers) != maxReferrersPerShard+1 {
		t.Errorf("referrers: %d rows, total %d, other %d", len(b.Referrers), total, other)
	}
}

func TestVisitorsNeedAKey(t *testing.T) {
	// Without randomness views are still counted, visitors are not.
	clk := &clock{t: noon}
	r := NewRecorder(Options{Now: clk.Now, Random: errReader{}})
	if !r.Record(view(time.Time{}, "198.51.100.1", firefox)) { // zero At: the clock's
		t.Fatal("not counted")
	}
	b := r.Take()
	if len(b.Pages) != 1 || b.Pages[0].Day != "2026-11-29" || len(b.Visitors) != 0 {
		t.Errorf("batch = %+v", b)
	}

	// A view dated days ahead of the clock makes no key and drops none.
	r2, _ := newTestRecorder(t, noon, nil)
	r2.Record(view(noon, "198.51.100.1", firefox))
	before := r2.days()
	r2.Record(view(noon.AddDate(0, 0, 5), "198.51.100.2", firefox))
	if after := r2.days(); !reflect.DeepEqual(before, after) {
		t.Errorf("a future view changed the keys: %+v → %+v", before, after)
	}
	got := sum(r2.Take())
	if want := map[string]int64{"2026-11-29 1": 1}; !reflect.DeepEqual(got.visitors, want) {
		t.Errorf("visitors = %v, want %v", got.visitors, want)
	}
	if got.pages["2026-12-04 1 /fr/moderer-sans-censurer fr 7 3"] != 1 {
		t.Errorf("future view not counted: %v", got.pages)
	}
}

func BenchmarkRecord(b *testing.B) {
	r := NewRecorder(Options{Now: func() time.Time { return noon }, OwnHosts: []string{"example.fr"}})
	views := varied(1024)
	for i := range views {
		views[i].At = noon
		views[i].IP = fmt.Sprintf("192.0.%d.%d", i/256, i%256)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			r.Record(views[i%len(views)])
			i++
		}
	})
}

func BenchmarkRecordSerial(b *testing.B) {
	r := NewRecorder(Options{Now: func() time.Time { return noon }, OwnHosts: []string{"example.fr"}})
	views := varied(1024)
	for i := range views {
		views[i].At = noon
		views[i].IP = fmt.Sprintf("192.0.%d.%d", i/256, i%256)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		r.Record(views[i%len(views)])
		i++
	}
}

func BenchmarkIsBot(b *testing.B) {
	for b.Loop() {
		IsBot(browserAgents[0].ua)
	}
}

func BenchmarkDeviceClass(b *testing.B) {
	for b.Loop() {
		DeviceClass(browserAgents[0].ua)
	}
}

// BenchmarkClassifyUncached is the matching a user agent not in the cache
// costs: one pass of the automaton.
func BenchmarkClassifyUncached(b *testing.B) {
	m := bots.Load()
	for b.Loop() {
		m.scan(browserAgents[0].ua)
	}
}
