package mail_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"depeche/internal/mail"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestBuildGolden compares Build's bytes, with a fixed clock and seeded
// randomness, to files in testdata. Run with -update after an intended
// change, and read the diff.
func TestBuildGolden(t *testing.T) {
	cfg := mail.Config{From: "Dépêche <noreply@depeche.example>"}
	alt := message()
	alt.HTML = "<p>Bonjour <strong>Léa</strong>,</p>\n<p lang=\"ar\" dir=\"rtl\">مرحبا ليلى</p>\n"
	reset := message()
	reset.Subject = "Réinitialisation de votre mot de passe"
	reset.Text = "Bonjour,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien dans l'heure :\n" +
		"https://depeche.example/admin/reinitialiser?jeton=0123456789abcdef0123456789abcdef0123456789abcdef\n\n" +
		".\nSi vous n'avez rien demandé, ignorez ce message.\n"
	reset.Unsubscribe, reset.ReplyTo = "", ""
	reset.Headers = map[string]string{"X-Depeche-Kind": "password-reset"}
	for _, tc := range []struct {
		file string
		m    mail.Message
	}{
		{"decision.eml", message()},
		{"decision-alternative.eml", alt},
		{"password-reset.eml", reset},
	} {
		got, err := mail.NewSender(cfg, now, seeded()).Build(tc.m)
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		checkSevenBit(t, got)
		path := filepath.Join("testdata", tc.file)
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the golden file (go test -update to accept):\n%s", tc.file, got)
		}
	}
}
