// Package media takes in images uploaded to the back office's media library
// and stores them, with their resized copies, where the reader site serves
// them from.
//
// # Ingest
//
//	st, err := media.Ingest(r, root, media.Limits{})
//
// reads one upload and, if it is an image the site accepts, stores it under
// root, a directory outside any web root (the one the site serves /media/
// from):
//
//   - At most Limits.MaxBytes are read (20 MiB when zero or negative); one
//     byte more and the upload is refused with ErrTooLarge.
//   - The type comes from the file's first bytes, never from its name or the
//     Content-Type the browser sent: JPEG (FF D8 FF), PNG (the 8-byte PNG
//     signature), GIF ("GIF87a"/"GIF89a") and WebP ("RIFF", 4 bytes,
//     "WEBP"). Anything else — SVG, HTML, PDF, an empty file — is refused
//     with ErrUnsupported. SVG is refused on purpose: it is a document that
//     can carry script, not a picture.
//   - The header is read first (image.DecodeConfig of the detected format):
//     a header that cannot be read, or zero dimensions, is ErrCorrupt;
//     width×height above Limits.MaxPixels (40 megapixels when zero or
//     negative) is ErrTooLarge, before any pixel memory is allocated. This
//     is the guard against decompression bombs, a few bytes that claim
//     100000×100000 pixels.
//   - The image is then decoded in full, so that a truncated or damaged
//     file is refused with ErrCorrupt rather than stored. A panic inside a
//     decoder is caught and reported as ErrCorrupt too. Of a GIF only the
//     first frame is decoded (the stored original keeps its animation).
//   - Files are named after the SHA-256 of the uploaded bytes, sharded by
//     its first two hex digits, with the extension of the detected type:
//     "3f/3fa4…(64 hex digits).jpg". The uploader's file name is never used
//     on disk, so it cannot choose a path, an extension or overwrite
//     anything.
//   - Copies narrower than the original are written for srcset, at each of
//     content.VariantWidths(Width) below Width (480 and 960 today), at the
//     path VariantFile gives. JPEG and PNG keep their format (JPEG at
//     quality 85). GIF copies are PNG (first frame, transparency kept) and
//     WebP copies are JPEG (there is no WebP encoder in Go; transparent
//     areas are flattened on white), so their extension differs from the
//     original's: always compute a copy's path with VariantFile, not with
//     content.VariantPath alone.
//   - Every file is written to a temporary file (".upload-….tmp") in its
//     final directory, fsynced, made 0644, then renamed into place; the
//     directory is fsynced after the renames. The copies are written first
//     and the original last, so an original on disk means its copies are
//     there too. If anything fails, every file and directory this call
//     created is removed: a refused or failed upload leaves nothing behind.
//     Files are 0644 and directories 0755: nothing stored is executable.
//     All file operations go through an os.Root, so nothing can be written
//     or removed outside root, even through a symbolic link.
//   - The same bytes uploaded again give the same Path and Duplicate is
//     true: nothing is rewritten (a copy missing from an earlier crash is
//     made again).
//
// JPEG EXIF orientation is applied: a portrait photo taken with the phone
// turned (orientation 5–8) has Width and Height as displayed, and its copies
// are rotated upright, so that they match the original as browsers show it
// (browsers honour the EXIF orientation of JPEG files). The original's bytes
// are stored untouched, EXIF included (the content hash is of those bytes).
// Metadata such as GPS position is therefore kept in the original; copies
// carry none. Orientation in WebP or PNG metadata is ignored.
//
// Ingest serializes its writes with a mutex, so concurrent uploads in one
// process are safe (the same image uploaded twice at once is written once,
// the other call sees Duplicate). Two processes writing the same media root
// are not coordinated beyond what the atomic renames give.
//
// # Errors
//
// ErrTooLarge, ErrUnsupported and ErrCorrupt are returned wrapped with
// details; callers test them with errors.Is and show a localized message.
// Any other error (reading the request body, a full disk) is a server-side
// failure, and nothing was left behind either.
//
// # Serving
//
// ContentType gives the Content-Type to serve a stored path with, and ""
// for anything else, which the server must answer with 404 rather than
// guess. Serve media with that Content-Type, "X-Content-Type-Options:
// nosniff" and a sandboxing Content-Security-Policy ("default-src 'none';
// sandbox"), so that a file which is also valid HTML in disguise (a
// polyglot: the original's bytes are kept as uploaded) can never run as a
// page of the site.
//
// # Removing
//
// Remove deletes an original and its copies. Since paths are content
// hashes, two library entries (say on two sites) can share a file: remove
// only when no media row refers to the path any more.
//
// RemoveTemps deletes temporary files a crash may have left in the middle
// of a write; call it at start-up.
package media
