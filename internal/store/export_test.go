package store

import "context"

// ExecForTest lets tests put the database in states the API never produces.
func (s *Store) ExecForTest(ctx context.Context, query string, args ...any) error {
	_, err := s.q().exec(ctx, query, args...)
	return err
}
