package demo_test

import (
	"context"
	"testing"

	"depeche/internal/demo"
	"depeche/internal/store"
)

// BenchmarkGenerate builds a site of 1,000 groups and 10,000 comments in
// SQLite per iteration; per-article and per-comment costs scale from it.
//
//	go test ./internal/demo -run NONE -bench Generate -benchtime 1x
func BenchmarkGenerate(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s, err := store.Open(ctx, store.Config{DataDir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		opt := smallSite(1)
		opt.Groups, opt.Comments = 1000, 10000
		b.StartTimer()
		sum, err := demo.Generate(ctx, s, opt)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sum.TotalArticles())/sum.ArticleTime.Seconds(), "articles/s")
		b.ReportMetric(float64(sum.TotalComments())/sum.CommentTime.Seconds(), "comments/s")
		s.Close()
	}
}
