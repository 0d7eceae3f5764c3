package media

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"depeche/internal/content"
)

// writeMu serializes the writes and removals of this process, so that a
// check for an existing file and the write that follows cannot interleave
// with another upload or a removal.
var writeMu sync.Mutex

const (
	filePerm = 0o644 // never executable
	dirPerm  = 0o755

	tempPrefix = ".upload-"
	tempSuffix = ".tmp"
)

// file is one file to store: a slash-separated path under the root.
type file struct {
	name string
	data []byte
}

// missingFiles lists the indexes of files not yet stored under root. The
// first file is the original; it counts as stored when a regular file of
// the same size is there, a copy when a non-empty regular file is.
func missingFiles(root string, files []file) ([]int, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return missingIn(r, files), nil
}

func missingIn(r *os.Root, files []file) []int {
	var missing []int
	for i, f := range files {
		fi, err := r.Lstat(filepath.FromSlash(f.name))
		ok := err == nil && fi.Mode().IsRegular() && fi.Size() > 0
		if i == 0 {
			ok = ok && fi.Size() == int64(len(f.data))
		}
		if !ok {
			missing = append(missing, i)
		}
	}
	return missing
}

// writeAll stores the files missing under root: the copies first, the
// original (files[0]) last. It reports whether the original was there
// already. On error, whatever it created is removed.
func writeAll(root string, files []file) (dup bool, err error) {
	writeMu.Lock()
	defer writeMu.Unlock()
	if err := os.MkdirAll(root, dirPerm); err != nil {
		return false, fmt.Errorf("media: %w", err)
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return false, fmt.Errorf("media: %w", err)
	}
	defer r.Close()

	missing := missingIn(r, files)
	if len(missing) == 0 {
		return true, nil
	}
	dup = missing[0] != 0
	order := missing
	if !dup {
		order = append(slices.Clone(missing[1:]), 0)
	}
	w := &writer{root: r, synced: map[string]bool{}}
	defer func() {
		if err != nil {
			w.rollback()
		}
	}()
	for _, i := range order {
		if err := w.put(files[i]); err != nil {
			return false, err
		}
	}
	if err := w.sync(); err != nil {
		return false, err
	}
	return dup, nil
}

// writer writes files atomically and remembers what it created.
type writer struct {
	root    *os.Root
	files   []string // renamed into place, in order
	dirs    []string // created, in order
	synced  map[string]bool
	touched []string // directories whose entries changed
}

func (w *writer) put(f file) error {
	name := filepath.FromSlash(f.name)
	dir := filepath.Dir(name)
	if err := w.mkdir(dir); err != nil {
		return err
	}
	var rnd [8]byte
	rand.Read(rnd[:])
	tmp := filepath.Join(dir, tempPrefix+hex.EncodeToString(rnd[:])+tempSuffix)
	t, err := w.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, filePerm)
	if err != nil {
		return fmt.Errorf("media: %w", err)
	}
	_, err = t.Write(f.data)
	if err == nil {
		err = t.Chmod(filePerm) // exactly, whatever the umask
	}
	if err == nil {
		err = t.Sync()
	}
	if cerr := t.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = w.root.Rename(tmp, name)
	}
	if err != nil {
		w.root.Remove(tmp)
		return fmt.Errorf("media: writing %s: %w", f.name, err)
	}
	w.files = append(w.files, name)
	w.touch(dir)
	return nil
}

// mkdir creates dir (one level under the root, or the root itself).
func (w *writer) mkdir(dir string) error {
	if dir == "." {
		return nil
	}
	if fi, err := w.root.Stat(dir); err == nil && fi.IsDir() {
		return nil
	}
	if parent := filepath.Dir(dir); parent != "." {
		if err := w.mkdir(parent); err != nil {
			return err
		}
	}
	if err := w.root.Mkdir(dir, dirPerm); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil
		}
		return fmt.Errorf("media: %w", err)
	}
	w.dirs = append(w.dirs, dir)
	w.touch(filepath.Dir(dir))
	return nil
}

func (w *writer) touch(dir string) {
	if !w.synced[dir] {
		w.synced[dir] = true
		w.touched = append(w.touched, dir)
	}
}

// sync makes the renames and new directories durable. File systems that
// cannot sync a directory are let be.
func (w *writer) sync() error {
	for _, dir := range slices.Backward(w.touched) {
		d, err := w.root.Open(dir)
		if err != nil {
			return fmt.Errorf("media: %w", err)
		}
		err = d.Sync()
		d.Close()
		if err != nil && !errors.Is(err, errors.ErrUnsupported) && !errors.Is(err, syscall.EINVAL) {
			return fmt.Errorf("media: syncing %s: %w", dir, err)
		}
	}
	return nil
}

// rollback removes what this writer created, newest first.
func (w *writer) rollback() {
	for _, name := range slices.Backward(w.files) {
		w.root.Remove(name)
	}
	for _, dir := range slices.Backward(w.dirs) {
		w.root.Remove(dir) // only if empty: another upload may share it
	}
}

// Remove deletes a stored original and its copies, and their directory if
// it is left empty. Files already missing are not an error. Only paths
// ContentType knows are removed, and nothing outside root.
func Remove(root string, s Stored) error {
	if !filepath.IsLocal(filepath.FromSlash(s.Path)) || ContentType(s.Path) == "" {
		return fmt.Errorf("media: not a stored image: %q", s.Path)
	}
	names := []string{s.Path} // the original first: no original, no promise
	widths := append(content.VariantWidths(s.Width), s.Variants...)
	for _, wd := range widths {
		if wd <= 0 || wd >= s.Width {
			continue
		}
		if n := VariantFile(s.Path, wd, s.Width, s.MimeType); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}

	writeMu.Lock()
	defer writeMu.Unlock()
	r, err := os.OpenRoot(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("media: %w", err)
	}
	defer r.Close()
	var errs []error
	for _, n := range names {
		if ContentType(n) == "" {
			continue
		}
		if err := r.Remove(filepath.FromSlash(n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("media: %w", err))
		}
	}
	if dir := path.Dir(s.Path); dir != "." && len(errs) == 0 {
		r.Remove(filepath.FromSlash(dir)) // fails, harmlessly, unless empty
	}
	return errors.Join(errs...)
}

// RemoveTemps deletes the temporary files older than age that an
// interrupted Ingest (a crash, a power cut) left under root, and reports
// how many it removed. Call it at start-up; a missing root is not an error.
func RemoveTemps(root string, age time.Duration) (int, error) {
	writeMu.Lock()
	defer writeMu.Unlock()
	r, err := os.OpenRoot(root)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("media: %w", err)
	}
	defer r.Close()
	cutoff := time.Now().Add(-age)
	removed := 0
	err = fs.WalkDir(r.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasPrefix(d.Name(), tempPrefix) || !strings.HasSuffix(d.Name(), tempSuffix) {
			return nil
		}
		fi, err := d.Info()
		if err != nil || !fi.Mode().IsRegular() || fi.ModTime().After(cutoff) {
			return nil
		}
		if err := r.Remove(filepath.FromSlash(p)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		removed++
		return nil
	})
	if err != nil {
		return removed, fmt.Errorf("media: %w", err)
	}
	return removed, nil
}
