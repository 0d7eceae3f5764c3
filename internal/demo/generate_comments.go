package demo

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/store"
)

// maxReplyDepth keeps generated threads deeper than any display (which
// flattens them) without growing chains without end.
const maxReplyDepth = 14

// comments spreads the comments over the groups with a public version,
// with a long tail: a few threads get hundreds of messages, most get a
// handful or none. Threads are drawn in one goroutine and written in
// another, like the articles.
func (g *generator) comments(ctx context.Context) error {
	start := time.Now()
	defer func() { g.sum.CommentTime = time.Since(start) }()
	var open []int
	for i, m := range g.groups {
		if slices.ContainsFunc(m.public[:], func(t int64) bool { return t != 0 }) {
			open = append(open, i)
		}
	}
	if g.opt.Comments == 0 || len(open) == 0 {
		return nil
	}
	counts := commentCounts(rng(g.opt.Seed, streamCommentPlan), len(open), g.opt.Comments)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []store.ImportedComment, 2)
	done := make(chan error, 1)
	go func() {
		defer close(batches)
		done <- g.planComments(ctx, open, counts, batches)
	}()
	written := 0
	for batch := range batches {
		if err := g.st.ImportComments(ctx, batch); err != nil {
			cancel()
			for range batches {
			}
			<-done
			return err
		}
		for _, ic := range batch {
			g.sum.Comments[string(ic.Comment.Status)]++
		}
		written += len(batch)
		g.progress("comments", written, g.opt.Comments)
	}
	return <-done
}

// commentCounts draws how many comments each of n threads gets: Zipf over
// a random ranking of the threads. The offset grows with the number of
// threads so that the busiest one holds a small share of a large total.
func commentCounts(r *rand.Rand, n, total int) []int {
	counts := make([]int, n)
	rank := r.Perm(n)
	z := rand.NewZipf(r, 1.1, float64(max(1, n/500)), uint64(n-1))
	for range total {
		counts[rank[z.Uint64()]]++
	}
	return counts
}

func (g *generator) planComments(ctx context.Context, open, counts []int, out chan<- []store.ImportedComment) error {
	var batch []store.ImportedComment
	for k, gi := range open {
		if counts[k] == 0 {
			continue
		}
		// A thread is never split between transactions: its replies point
		// at messages of the same import.
		batch = append(batch, g.planThread(gi, counts[k])...)
		if len(batch) >= commentBatch {
			select {
			case out <- batch:
			case <-ctx.Done():
				return ctx.Err()
			}
			batch = nil
		}
	}
	if len(batch) > 0 {
		select {
		case out <- batch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// planThread draws the n comments of group gi, oldest first, with their
// replies: readers answer the latest message more often than any other,
// which makes some long chains.
func (g *generator) planThread(gi, n int) []store.ImportedComment {
	r := rng(g.opt.Seed, streamComments+uint64(gi))
	meta := g.groups[gi]
	until := g.opt.Until.Unix()
	var versions []int // positions in opt.Languages with a public version
	for pos, t := range meta.public {
		if t != 0 {
			versions = append(versions, pos)
			if pos == 0 {
				versions = append(versions, pos) // the default language is read most
			}
		}
	}
	type draft struct {
		pos  int
		at   int64
		spam bool
	}
	drafts := make([]draft, n)
	for i := range drafts {
		pos := oneOf(r, versions)
		pub := meta.public[pos]
		var delay int64
		if chance(r, 0.8) {
			delay = int64(r.ExpFloat64() * 18 * 3600)
		} else {
			delay = r.Int64N(120 * 24 * 3600)
		}
		at := pub + 60 + delay
		if at > until {
			at = pub + r.Int64N(max(until-pub, 1))
		}
		drafts[i] = draft{pos: pos, at: at, spam: chance(r, 0.05)}
	}
	slices.SortStableFunc(drafts, func(a, b draft) int { return cmp.Compare(a.at, b.at) })

	out := make([]store.ImportedComment, 0, n)
	depth := make([]int, 0, n)
	var published []int // indexes in out of the published messages, oldest first
	for _, d := range drafts {
		c := &comment.Comment{SiteID: g.site.ID, Language: g.opt.Languages[d.pos], ArticleID: meta.article[d.pos],
			CreatedAt: time.Unix(d.at, 0).UTC()}
		parent := -1
		if !d.spam && len(published) > 0 && !chance(r, 0.35) {
			if chance(r, 0.35) {
				parent = published[len(published)-1]
			} else {
				parent = published[r.IntN(len(published))]
			}
			if depth[parent] >= maxReplyDepth {
				parent = -1
			}
		}
		ic := store.ImportedComment{Comment: c}
		level := 0
		if parent >= 0 {
			p := out[parent].Comment
			ic.ReplyTo, level = p, depth[parent]+1
			// Replies are written under the message they answer, and must
			// be when each language has its own thread.
			if !meta.shared || chance(r, 0.8) {
				c.ArticleID, c.Language = p.ArticleID, p.Language
			}
		}
		l := langIndex(c.Language)
		switch {
		case d.spam:
			g.spam(r, c, l)
		case parent >= 0 && level == 1 && chance(r, 0.06):
			a := g.authors[meta.author]
			c.UserID, c.AuthorName, c.AuthorEmail = a.id, a.name, a.email
			c.Body = oneOf(r, staffReplies)[l]
			c.Status = comment.Published
		default:
			g.commenter(r, c)
			c.Body = commentBody(r, l, parent >= 0, ic.ReplyTo)
			c.Status = comment.Published
			recent := d.at > until-10*24*3600
			switch x := r.Float64(); {
			case recent && x < 0.5, !recent && x < 0.015:
				c.Status = comment.Pending
			case x > 0.98:
				c.Status = comment.Rejected
			}
		}
		if c.Status == comment.Published {
			published = append(published, len(out))
		}
		out = append(out, ic)
		depth = append(depth, level)
		g.sum.DeepestReply = max(g.sum.DeepestReply, level)
	}
	g.sum.MostCommented = max(g.sum.MostCommented, n)
	return out
}

// commenters are drawn from a pool, a few of them regulars, so that the
// moderation tools see the same people (and addresses) come back.
func (g *generator) commenter(r *rand.Rand, c *comment.Comment) {
	pool := max(50, g.opt.Comments/8)
	k := uint64(pickSkewed(r, pool, 2))
	p := rng(g.opt.Seed, streamCommenters<<32+k)
	name := oneOf(p, firstNames) + " " + oneOf(p, lastNames)
	if chance(p, 0.3) {
		name = oneOf(p, firstNames) + " " + string([]rune(oneOf(p, lastNames))[:1]) + "."
	}
	local := strings.ReplaceAll(content.Slugify(name), "-", ".")
	if chance(p, 0.15) {
		name = oneOf(p, pseudonyms)
		local = strings.ReplaceAll(content.Slugify(name), "-", "_")
	}
	c.AuthorName = name
	c.AuthorEmail = fmt.Sprintf("%s.%d@%s", local, k, oneOf(p, mailDomains))
	if chance(p, 0.1) {
		c.AuthorURL = fmt.Sprintf("https://%s.example.net/", strings.ReplaceAll(local, ".", "-"))
	}
	c.IPHash, c.NetHash = fakeHash(g.opt.Seed, "ip", k), fakeHash(g.opt.Seed, "net", k/4)
}

// fakeHash stands for the keyed hash of a poster's address (or network),
// in the same form, so that rate limits and bans have something to count.
func fakeHash(seed uint64, kind string, k uint64) string {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], seed)
	binary.LittleEndian.PutUint64(b[8:], k)
	sum := sha256.Sum256(append([]byte(kind), b[:]...))
	return base64.RawURLEncoding.EncodeToString(sum[:16])
}

func (g *generator) spam(r *rand.Rand, c *comment.Comment, l int) {
	g.commenter(r, c)
	domain := oneOf(r, spamDomains)
	link := fmt.Sprintf("https://%s/%d", domain, r.IntN(100_000))
	c.Body = fmt.Sprintf(oneOf(r, spam)[l], link)
	c.AuthorURL = "https://" + domain + "/"
	c.Status = comment.Spam
	c.SpamScore = float64(comment.SpamThreshold + r.IntN(8))
	c.SpamReasons = "short message with a link and a website"
}

// commentBody writes a reader's message in language l: an opening, a
// remark or a question drawn from the articles' vocabulary, and sometimes a
// closing; a reply may name whom it answers.
func commentBody(r *rand.Rand, l int, reply bool, parent *comment.Comment) string {
	var parts []string
	if reply {
		if parent != nil && parent.AuthorName != "" && chance(r, 0.2) {
			parts = append(parts, "@"+parent.AuthorName)
		}
		if chance(r, 0.7) {
			parts = append(parts, oneOf(r, replyOpeners)[l])
		}
	} else if chance(r, 0.65) {
		parts = append(parts, oneOf(r, commentOpeners)[l])
	}
	for range r.IntN(3) {
		if chance(r, 0.5) {
			parts = append(parts, fmt.Sprintf(oneOf(r, commentQuestions)[l], oneOf(r, objects)[l]))
		} else {
			parts = append(parts, capFirst(oneOf(r, subjects)[l])+" "+oneOf(r, verbs)[l]+" "+oneOf(r, objects)[l]+" "+
				oneOf(r, complements)[l]+".")
		}
	}
	if !reply && chance(r, 0.15) {
		parts = append(parts, oneOf(r, commentClosings)[l])
	}
	if len(parts) == 0 || len(parts) == 1 && strings.HasPrefix(parts[0], "@") {
		if reply {
			parts = append(parts, oneOf(r, replyOpeners)[l])
		} else {
			parts = append(parts, oneOf(r, commentOpeners)[l])
		}
	}
	var b strings.Builder
	for i, p := range parts {
		switch {
		case i == 0:
		case strings.HasPrefix(parts[i-1], "@"):
			b.WriteByte(' ')
		case chance(r, 0.2):
			b.WriteString("\n\n")
		default:
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	return b.String()
}
