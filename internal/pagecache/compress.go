package pagecache

import (
	"bytes"
	"compress/gzip"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
)

// Levels for stored entries, chosen on the 105 KB page of the tests (the
// time is one core's, on the 2-core development machine):
//
//	gzip   6: 25.3 KB,  4 ms   9: 25.2 KB,  7 ms
//	brotli 5: 23.6 KB, 14 ms   6: 23.5 KB, ~12 ms   9: 23.3 KB, 55 ms
//	       10: 22.0 KB, 110 ms  11: 21.2 KB, 208 ms
//	zstd default: 25.5 KB, 1.2 ms   best: 24.3 KB, 22 ms
//
// A page is stored until an edit invalidates it, and an edit to a section
// invalidates hundreds at once, each re-rendered on two cores while
// readers wait: brotli past quality 6 buys 1% for four times the work,
// and 10-11 buy 6-10% for ten to twenty times. zstd is sent only to
// clients that prefer it to brotli, which browsers do not, so its fast
// level suffices. gzip is cheap enough at its best.
const (
	gzipLevel     = gzip.BestCompression
	gzipFastLevel = gzip.BestSpeed // for responses served once, never stored
	brotliQuality = 6
	brotliWindow  = 22 // 4 MiB: larger than any page, so the whole body is in reach
	zstdLevel     = zstd.SpeedDefault
)

var (
	gzipPool     = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzipLevel); return w }}
	gzipFastPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzipFastLevel); return w }}
	brotliPool   = sync.Pool{New: func() any {
		return brotli.NewWriterOptions(nil, brotli.WriterOptions{Quality: brotliQuality, LGWin: brotliWindow})
	}}

	// One encoder serves every goroutine: EncodeAll is safe for concurrent
	// use and keeps a few encoder states of its own.
	zstdEncoder = sync.OnceValue(func() *zstd.Encoder {
		enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstdLevel), zstd.WithEncoderCRC(false))
		if err != nil {
			panic(err) // only for invalid options, which are constant here
		}
		return enc
	})
)

// compressAll computes the three stored variants. Brotli, the slowest, runs
// beside the other two so that a miss waits for it alone.
func compressAll(body []byte) (gz, br, zs []byte) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		br = compressBrotli(body)
	}()
	gz = compressGzip(&gzipPool, body)
	zs = bytes.Clone(zstdEncoder().EncodeAll(body, make([]byte, 0, len(body)/3)))
	<-done
	return gz, br, zs
}

func gzipFast(body []byte) []byte { return compressGzip(&gzipFastPool, body) }

func compressGzip(pool *sync.Pool, body []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(body) / 3)
	zw := pool.Get().(*gzip.Writer)
	defer pool.Put(zw)
	zw.Reset(&buf)
	// Writes to a bytes.Buffer cannot fail.
	zw.Write(body)
	zw.Close()
	return bytes.Clone(buf.Bytes())
}

func compressBrotli(body []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(body) / 4)
	bw := brotliPool.Get().(*brotli.Writer)
	defer brotliPool.Put(bw)
	bw.Reset(&buf)
	bw.Write(body)
	bw.Close()
	return bytes.Clone(buf.Bytes())
}
