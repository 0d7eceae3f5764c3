package jobs_test

import (
	"os"
	"testing"

	"depeche/internal/user"
)

// TestMain makes password hashes cheap: these tests log in many times, and
// a full-cost argon2id hash takes seconds under the race detector.
func TestMain(m *testing.M) {
	user.FastHashesForTests()
	os.Exit(m.Run())
}
