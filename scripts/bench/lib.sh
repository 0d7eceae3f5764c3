# Shared functions of the benchmark scripts in scripts/bench. Sourced, not run.
# Everything here works on loopback, on processes this script started (their
# PIDs are kept and only those are stopped), and in a temporary folder.

BENCH_UA='Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0'
BROWSER_AE='gzip, deflate, br, zstd'

log() { printf '[%s %s] %s\n' "${BENCH_NAME:-bench}" "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

repo_root() { (cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd); }

need() {
  local c missing=()
  for c in "$@"; do command -v "$c" >/dev/null 2>&1 || missing+=("$c"); done
  [ ${#missing[@]} -eq 0 ] || die "missing: ${missing[*]} (apt-get install -y ${missing[*]/nginx/nginx-light})"
}

load1() { cut -d' ' -f1 /proc/loadavg; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# free_port: a TCP port nothing listens on, on 127.0.0.1.
free_port() {
  local p i
  for i in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 40000 ))
    if ! ss -Htln "sport = :$p" 2>/dev/null | grep -q .; then echo "$p"; return; fi
  done
  die "no free port found"
}

# build_bin OUT [REV]: builds cmd/depeche from this repository's working tree,
# or, with REV, from that commit exported by "git archive" into a temporary
# folder (so edits in progress in the working tree are left out).
build_bin() {
  local out=$1 rev=${2:-} root src; root=$(repo_root)
  if [ -z "$rev" ]; then
    log "building $out from the working tree $root ($(build_desc))"
    (cd "$root" && go build -o "$out" ./cmd/depeche)
  else
    src=$(mktemp -d "${TMPDIR:-/tmp}/depeche-src.XXXXXX")
    git -C "$root" archive --format=tar "$rev" | tar -C "$src" -xf -
    log "building $out from commit $(git -C "$root" rev-parse --short "$rev")"
    (cd "$src" && go build -o "$out" ./cmd/depeche)
    rm -rf "$src"
  fi
}
# build_desc [REV]: the commit built, and whether the working tree had edits.
build_desc() {
  local root; root=$(repo_root)
  if [ -n "${1:-}" ]; then git -C "$root" rev-parse --short "$1"; return; fi
  printf '%s%s' "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')" \
    "$( [ -n "$(git -C "$root" status --porcelain -- cmd internal go.mod go.sum 2>/dev/null)" ] && echo ' + uncommitted changes in the working tree')"
}

# generate BIN DATA ARTICLES COMMENTS BASEURL: a deterministic demo site; prints seconds taken.
generate() {
  local bin=$1 data=$2 articles=$3 comments=$4 base=$5 t0 t1
  mkdir -p "$data"
  t0=$(now_ms)
  DEPECHE_ADMIN_PASSWORD=bench-admin-password-not-secret \
    "$bin" demo generate --data "$data" --articles "$articles" --comments "$comments" --base-url "$base" >"$data.generate.log" 2>&1 \
    || { cat "$data.generate.log" >&2; die "demo generate failed"; }
  t1=$(now_ms)
  awk -v ms=$((t1 - t0)) 'BEGIN{printf "%.1f", ms/1000}'
}

db_file() { echo "$1/depeche.db"; }
db_size_mib() {  # the database with its WAL, MiB
  du -cm "$1"/depeche.db* 2>/dev/null | awk '/total/{print $1}'
}

# start_depeche BIN DATA PORT LOGFILE: starts the server, waits for /readyz 200.
# Sets DEP_PID and DEP_STARTUP_MS (exec to the first 200 from /readyz).
start_depeche() {
  local bin=$1 data=$2 port=$3 logf=$4 t0 i
  t0=$(now_ms)
  "$bin" serve --data "$data" --addr "127.0.0.1:$port" --base-url "http://127.0.0.1:$port" >"$logf" 2>&1 &
  DEP_PID=$!
  for i in $(seq 1 3000); do
    if curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$port/readyz"; then
      DEP_STARTUP_MS=$(( $(now_ms) - t0 ))
      log "depeche pid $DEP_PID ready on :$port after ${DEP_STARTUP_MS} ms"
      return 0
    fi
    kill -0 "$DEP_PID" 2>/dev/null || { cat "$logf" >&2; die "depeche exited during start-up"; }
    sleep 0.01
  done
  die "depeche not ready after 30 s (log: $logf)"
}

# stop_pid PID [NAME]: SIGTERM, then wait up to 25 s. Only for processes started here.
stop_pid() {
  local p=$1 i
  [ -n "$p" ] || return 0
  kill -0 "$p" 2>/dev/null || return 0
  kill -TERM "$p" 2>/dev/null || true
  for i in $(seq 1 250); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.1; done
  log "WARNING: pid $p ${2:-} still alive after 25 s; sending SIGKILL"
  kill -KILL "$p" 2>/dev/null || true
}

rss_kib() { awk '/^VmRSS:/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_kib() { awk '/^VmHWM:/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
kib_mib() { awk -v k="$1" 'BEGIN{printf "%.1f", k/1024}'; }

# pids_tree PID: the process and its direct children (nginx master + workers).
pids_tree() { echo "$1"; ps -o pid= --ppid "$1" 2>/dev/null || true; }
# cpu_ticks PID...: utime+stime of those processes, in clock ticks.
cpu_ticks() {
  local t=0 x p
  for p in "$@"; do x=$(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null) && t=$((t + x)); done
  echo "$t"
}

# public_articles DATA LIMIT: paths of public articles, in a fixed scrambled order.
public_articles() {
  sqlite3 -readonly "$(db_file "$1")" "SELECT '/' || language || '/' || slug FROM articles
    WHERE status = 'published' AND published_at <= strftime('%Y-%m-%d %H:%M:%f', 'now')
    ORDER BY (id * 2654435761) % 4294967296 LIMIT $2;"
}

# pick_article DATA BASEURL [WANT]: the path of a public article whose page shows
# WANT (20) published comments. Candidates come from SQL (the thread is the
# group's when it shares comments, else the article's), longest body first;
# each is checked by counting the comments on the served page.
pick_article() {
  local data=$1 base=$2 want=${3:-20} cand n got
  while IFS='|' read -r cand n; do
    [ -n "$cand" ] || continue
    got=$(curl -fs --max-time 30 "$base$cand" | grep -o '<li class="comment[ "]' | wc -l) || got=-1
    if [ "$got" = "$n" ] && [ "$got" -ge $((want - 2)) ] && [ "$got" -le $((want + 2)) ]; then
      echo "$cand"; return 0
    fi
    log "candidate $cand: SQL says $n comments, page shows $got; next"
  done < <(sqlite3 -readonly "$(db_file "$data")" "
    WITH c AS (
      SELECT a.id, a.language, a.slug, length(a.body) AS len,
        CASE WHEN g.shared_comments
          THEN (SELECT count(*) FROM comments x WHERE x.group_id = a.group_id AND x.status = 'published')
          ELSE (SELECT count(*) FROM comments x WHERE x.article_id = a.id AND x.status = 'published') END AS n
      FROM articles a JOIN translation_groups g ON g.id = a.group_id
      WHERE a.status = 'published' AND a.published_at <= strftime('%Y-%m-%d %H:%M:%f', 'now'))
    SELECT '/' || language || '/' || slug, n FROM c WHERE n BETWEEN $((want - 2)) AND $((want + 2))
    ORDER BY abs(n - $want), len DESC LIMIT 20;")
  return 1
}

# start_nginx DIR PORT: nginx serving DIR on 127.0.0.1:PORT, its own config,
# two workers, sendfile, access log off, gzip on (level 1, nginx's default,
# text/html) for clients that ask. Sets NGX_PID (the master, in the foreground).
start_nginx() {
  local dir=$1 port=$2
  chmod 755 "$dir"; chmod 644 "$dir"/* 2>/dev/null || true
  cat >"$dir/nginx.conf" <<NGX
worker_processes 2;
daemon off;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  access_log off;
  gzip on;
  server {
    listen 127.0.0.1:$port;
    root $dir;
    charset utf-8;
  }
}
NGX
  nginx -t -q -c "$dir/nginx.conf" -p "$dir" -e "$dir/nginx-error.log" || die "nginx config test failed"
  nginx -c "$dir/nginx.conf" -p "$dir" -e "$dir/nginx-error.log" &
  NGX_PID=$!
  local i
  for i in $(seq 1 100); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/" -r 0-0 2>/dev/null && break
    ss -Htln "sport = :$port" | grep -q . && break
    sleep 0.05
  done
  log "nginx pid $NGX_PID on :$port serving $dir"
}

# write_wrk_lua DIR: DIR/stats.lua prints one machine-readable line at the end
# of a run; DIR/paths.lua does the same and fetches the paths listed in the
# file given after "--", one after the other (each thread from its own start).
write_wrk_lua() {
  local done_fn
  done_fn='function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d bytes=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d status_err=%d sock_err=%d\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect + e.read + e.write + e.timeout))
end'
  printf -- '-- depeche bench: exact figures (microseconds, bytes) at the end of a run.\n%s\n' "$done_fn" >"$1/stats.lua"
  cat >"$1/paths.lua" <<'LUA'
-- depeche bench: fetch the paths of a file in turn, each thread from its own
-- place:  wrk ... -s paths.lua URL -- FILE [VISITORS]
-- With VISITORS > 0 the User-Agent (given with -H) gets one of VISITORS
-- suffixes, in turn, so the audience counter sees that many readers.
local paths, n, visitors, v, ua = {}, 0, 0, 0, nil
function init(args)
  for line in io.lines(args[1]) do if line ~= "" then paths[#paths + 1] = line end end
  visitors = tonumber(args[2] or "0") or 0
  ua = wrk.headers["User-Agent"] or "Mozilla/5.0"
  local addr = tostring({}):match("0x(%x+)")  -- differs between the threads' states
  math.randomseed(os.time() + (addr and tonumber(addr, 16) % 1000003 or 0))
  n = math.random(#paths)
  v = math.random(math.max(visitors, 1))
end
function request()
  n = n % #paths + 1
  if visitors > 0 then
    v = v % visitors + 1
    wrk.headers["User-Agent"] = ua .. " r" .. v
  end
  return wrk.format(nil, paths[n])
end
-- Status classes, summed over the threads in done().
local threads = {}
function setup(thread) table.insert(threads, thread) end
c2, c3, c4, c5 = 0, 0, 0, 0
function response(status, headers, body)
  if status < 300 then c2 = c2 + 1 elseif status < 400 then c3 = c3 + 1
  elseif status < 500 then c4 = c4 + 1 else c5 = c5 + 1 end
end
local function codes()
  local t = {0, 0, 0, 0}
  for _, th in ipairs(threads) do
    t[1] = t[1] + th:get("c2"); t[2] = t[2] + th:get("c3"); t[3] = t[3] + th:get("c4"); t[4] = t[4] + th:get("c5")
  end
  io.write(string.format("CODES 2xx=%d 3xx=%d 4xx=%d 5xx=%d\n", t[1], t[2], t[3], t[4]))
end
LUA
  printf '%s\n' "${done_fn/function done(summary, latency, requests)/function done(summary, latency, requests)
  codes()}" >>"$1/paths.lua"
}

# wrk_result FILE KEY: a field of the RESULT line.
wrk_result() { grep -o "$2=[0-9]*" "$1" | head -1 | cut -d= -f2; }

# bench_run LABEL ROUND URL CONNS DURATION "SERVER PIDS" [wrk args...]
# One wrk run (threads: $THREADS) after an unrecorded 1 s warm-up; appends a row
# to $RUNS (TSV, columns in $RUNS_HEADER) and keeps wrk's output in $OUT.
RUNS_HEADER=$'label\tround\treq_s\tp50_ms\tp90_ms\tp99_ms\tmax_ms\tbytes_per_resp\trequests\tstatus_err\tsock_err\tserver_cpu_ms_per_req\tload1'
bench_run() {
  local label=$1 round=$2 url=$3 conns=$4 dur=$5 pids=$6; shift 6
  local f="$OUT/wrk.$label.$round.txt" hz t0 t1 l1 THREADS=$THREADS
  [ "$conns" -ge "$THREADS" ] || THREADS=$conns
  hz=$(getconf CLK_TCK)
  if [ "${WARMUP:-1}" = 1 ]; then
    wrk -t"$THREADS" -c"$conns" -d1s --timeout "${TIMEOUT:-5s}" -s "$OUT/stats.lua" "$@" "$url" >/dev/null 2>&1 || true
  fi
  l1=$(load1)
  t0=$(cpu_ticks $pids)
  wrk -t"$THREADS" -c"$conns" -d"${dur}s" --timeout "${TIMEOUT:-5s}" --latency -s "$OUT/stats.lua" "$@" "$url" >"$f" 2>&1 \
    || { cat "$f" >&2; die "wrk failed for $label"; }
  t1=$(cpu_ticks $pids)
  local req dus bytes
  req=$(wrk_result "$f" requests); dus=$(wrk_result "$f" duration_us); bytes=$(wrk_result "$f" bytes)
  [ -n "$req" ] || { cat "$f" >&2; die "no result from wrk for $label"; }
  if [ "$req" = 0 ]; then log "WARNING: $label: no request completed in ${dur}s"; req=0; bytes=0; fi
  awk -v OFS='\t' -v label="$label" -v round="$round" -v req="$req" -v dus="$dus" -v bytes="$bytes" \
      -v p50="$(wrk_result "$f" p50_us)" -v p90="$(wrk_result "$f" p90_us)" -v p99="$(wrk_result "$f" p99_us)" \
      -v mx="$(wrk_result "$f" max_us)" -v se="$(wrk_result "$f" status_err)" -v ke="$(wrk_result "$f" sock_err)" \
      -v cpu=$((t1 - t0)) -v hz="$hz" -v l1="$l1" 'BEGIN{
        q = (req > 0) ? req : 1
        printf "%s\t%s\t%.0f\t%.2f\t%.2f\t%.2f\t%.1f\t%.0f\t%d\t%d\t%d\t%.3f\t%s\n", label, round, req / (dus / 1e6),
          p50 / 1000, p90 / 1000, p99 / 1000, mx / 1000, bytes / q, req, se, ke, 1000 * cpu / hz / q, l1 }' >>"$RUNS"
  tail -1 "$RUNS" | awk -F'\t' '{printf "  %-22s round %s: %7s req/s  p50 %6s ms  p99 %7s ms  %7s B/resp  err %s/%s  cpu %s ms/req  load %s\n", $1, $2, $3, $4, $6, $8, $10, $11, $12, $13}' >&2
}

# median of numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END{ if (NR==0) {print "NA"} else if (NR%2) {print a[(NR+1)/2]} else {print (a[NR/2]+a[NR/2+1])/2} }'; }

# col LABEL COLUMN: the median of a column of $RUNS over the rounds of LABEL.
col() { awk -F'\t' -v l="$1" -v c="$2" '$1==l{print $c}' "$RUNS" | median; }

# start_gofloor DIR PORT BODY HEADERS: a minimal Go net/http server (standard
# library only, built in DIR outside the repository) that answers every
# request with the bytes of BODY and the header lines of HEADERS (as curl -D
# wrote them): Dépêche's response without Dépêche, the floor its hit path
# stands on. Sets GOF_PID.
start_gofloor() {
  local dir=$1 port=$2 body=$3 headers=$4
  mkdir -p "$dir/gofloor"
  cat >"$dir/gofloor/go.mod" <<'GOMOD'
module gofloor

go 1.22
GOMOD
  cat >"$dir/gofloor/main.go" <<'GOSRC'
// gofloor answers every request with one stored response: the cost of
// net/http alone, for comparison with a server that does more.
package main

import (
	"bufio"
	"net/http"
	"os"
	"strconv"
	"strings"
)

func main() {
	addr, bodyFile, headerFile := os.Args[1], os.Args[2], os.Args[3]
	body, err := os.ReadFile(bodyFile)
	if err != nil {
		panic(err)
	}
	h := http.Header{}
	f, err := os.Open(headerFile)
	if err != nil {
		panic(err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimRight(sc.Text(), "\r"), ":")
		switch ck := http.CanonicalHeaderKey(k); {
		case !ok, ck == "Date", ck == "Content-Length", ck == "Transfer-Encoding", ck == "Connection":
		default:
			h[ck] = append(h[ck], strings.TrimSpace(v))
		}
	}
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	panic(http.ListenAndServe(addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		wh := w.Header()
		for k, v := range h {
			wh[k] = v
		}
		w.WriteHeader(200)
		w.Write(body)
	})))
}
GOSRC
  (cd "$dir/gofloor" && go build -o gofloor .) || die "cannot build the Go floor server"
  "$dir/gofloor/gofloor" "127.0.0.1:$port" "$body" "$headers" &
  GOF_PID=$!
  local i
  for i in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.05; done
  log "Go floor server pid $GOF_PID on :$port"
}

# fetch_once BASEURL PATHS_FILE OUT: asks for every path once, in order, on one
# kept-alive connection (one curl process), with a browser User-Agent; OUT gets
# "status seconds" per request. Used for cold pages: wrk cannot stop after a list.
fetch_once() {
  local base=$1 list=$2 out=$3 p
  while IFS= read -r p; do
    [ -n "$p" ] || continue
    printf 'url = "%s%s"\noutput = "/dev/null"\n' "$base" "$p"
  done <"$list" >"$out.curlrc"
  curl -s -A "$BENCH_UA" -K "$out.curlrc" -w '%{http_code} %{time_total}\n' >"$out" || true
  rm -f "$out.curlrc"
}

# percentile P: the P-th percentile (nearest rank) of the numbers on stdin.
percentile() { sort -g | awk -v p="$1" '{a[NR]=$1} END{ if (NR==0) {print "NA"; exit} i=int((p/100)*NR+0.999999); if (i<1) i=1; if (i>NR) i=NR; print a[i] }'; }

# clean_work: at exit, what load.sh and soak.sh leave: a generated site goes
# unless --keep; the work folder goes unless it holds the results (--out
# was not given), in which case only the scratch files go.
clean_work() {
  if [ "$GENERATED" = 1 ] && [ "$KEEP" = 0 ]; then rm -rf "$DATA" "$DATA.generate.log"; fi
  case $OUT in
    "$WORK"/*) rm -f "$WORK/h" "$WORK/s" "$WORK/article.headers" ;;
    *) if [ "$KEEP" = 1 ] && [ "$GENERATED" = 1 ]; then log "site kept in $DATA"; else rm -rf "$WORK"; fi ;;
  esac
}
