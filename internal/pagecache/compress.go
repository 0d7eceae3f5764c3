package pagecache

import (
	"bytes"
	"compress/gzip"
	"math/bits"
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
//
// Memory counts as much as time: compressors are kept for reuse, one per
// render running at once, and their buffers stay in the heap. Brotli's
// window is fitted to the body (a 4 MiB window for a 40 KB page held 4 MiB
// per kept writer: 32 MiB under a soak of renders), and zstd's is 1 MiB,
// larger than any page (a sitemap part compresses a little less well).
const (
	gzipLevel        = gzip.BestCompression
	gzipFastLevel    = gzip.BestSpeed // for responses served once, never stored
	brotliQuality    = 6
	brotliMinWindow  = 16 // 64 KiB
	brotliMaxWindow  = 22 // 4 MiB
	zstdLevel        = zstd.SpeedDefault
	zstdWindow       = 1 << 20
	brotliWindowSpan = brotliMaxWindow - brotliMinWindow + 1
)

var (
	gzipPool     = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzipLevel); return w }}
	gzipFastPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzipFastLevel); return w }}
	// brotliPools keeps writers by window size, so that a large body's
	// writer is not handed to every small page after it.
	brotliPools = func() (p [brotliWindowSpan]*sync.Pool) {
		for i := range p {
			lgwin := brotliMinWindow + i
			p[i] = &sync.Pool{New: func() any {
				return brotli.NewWriterOptions(nil, brotli.WriterOptions{Quality: brotliQuality, LGWin: lgwin})
			}}
		}
		return p
	}()

	// One encoder serves every goroutine: EncodeAll is safe for concurrent
	// use and keeps a few encoder states of its own.
	zstdEncoder = sync.OnceValue(func() *zstd.Encoder {
		enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstdLevel), zstd.WithEncoderCRC(false),
			zstd.WithWindowSize(zstdWindow), zstd.WithLowerEncoderMem(true))
		if err != nil {
			panic(err) // only for invalid options, which are constant here
		}
		return enc
	})
)

// brotliWindow is the smallest window that holds the whole body, within
// brotli's bounds: the whole body stays in reach of back-references.
func brotliWindow(n int) int {
	return min(max(bits.Len(uint(n)), brotliMinWindow), brotliMaxWindow)
}

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
	pool := brotliPools[brotliWindow(len(body))-brotliMinWindow]
	bw := pool.Get().(*brotli.Writer)
	defer pool.Put(bw)
	bw.Reset(&buf)
	bw.Write(body)
	bw.Close()
	return bytes.Clone(buf.Bytes())
}
