package site

import "depeche/internal/content"

// commentPolicy resolves an article's thread policy: the article's own
// override, else the nearest section's up the tree, else the site's.
func commentPolicy(site *content.Site, sections []*content.Section, a *content.Article) content.CommentPolicy {
	byID := make(map[int64]*content.Section, len(sections))
	for _, sec := range sections {
		byID[sec.ID] = sec
	}
	// EffectivePolicy reads its overrides from the least to the most
	// specific: outermost section first, the article last.
	var chain []content.CommentPolicy
	for sec, depth := byID[a.SectionID], 0; sec != nil && depth < 64; sec, depth = byID[sec.ParentID], depth+1 {
		chain = append(chain, sec.CommentPolicy)
	}
	for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
		chain[i], chain[j] = chain[j], chain[i]
	}
	return content.EffectivePolicy(site.CommentPolicy, append(chain, a.CommentPolicy)...)
}

// acceptsComments reports whether a policy lets new messages in.
func acceptsComments(p content.CommentPolicy) bool {
	return p == content.ModerateBefore || p == content.ModerateAfter || p == content.MembersOnly
}
