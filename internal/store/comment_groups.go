package store

import "context"

// SetSharedComments chooses between one comment thread for every language
// version of a translation group and one thread per language. Messages
// already posted stay where they are; only what each page shows changes.
func (s *Store) SetSharedComments(ctx context.Context, siteID, groupID int64, shared bool) (err error) {
	defer func() {
		if err == nil {
			s.announce(ctx, GroupTag(groupID))
		}
	}()
	res, err := s.q().exec(ctx, `UPDATE translation_groups SET shared_comments = $1 WHERE id = $2 AND site_id = $3`, shared, groupID, siteID)
	return mustAffect(res, err)
}
