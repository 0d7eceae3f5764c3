#!/usr/bin/env bash
# load.sh — Dépêche's reader pages under wrk, beside nginx serving the same bytes.
set -euo pipefail
BENCH_NAME=load
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
usage: scripts/bench/load.sh [options]

Builds cmd/depeche, generates a deterministic site (demo generate), starts
"depeche serve" on a free loopback port, picks an article page showing 20
published comments and saves its exact bytes, starts nginx (own config in a
temporary folder, loopback, 2 workers, sendfile, gzip level 1 for clients that
ask) serving those bytes, then runs wrk in turn against:

  dep_article        the article, identity, a browser User-Agent (views counted)
  nginx_static       nginx, the same bytes, identity
  go_floor           a 40-line Go net/http server answering the same bytes with
                     the same header fields: net/http's own cost, without Dépêche
  dep_article_br     the article, Accept-Encoding: br (stored brotli)
  dep_article_gzip   the article, Accept-Encoding: gzip (stored gzip)
  nginx_gzip         nginx, Accept-Encoding: gzip (compressed on the fly)
  dep_home, dep_section, dep_feed_atom, dep_sitemap   lists, identity, each
                     beside nginx serving its bytes (nginx_home, ...)
  dep_feed_atom_gzip, dep_sitemap_gzip   the feed and the sitemap as feed
                     readers and crawlers ask for them (stored gzip)
  wp_article         WordPress's article, when wp-anchor.sh has set it up
                     (http://127.0.0.1:8081/pain-au-levain-patience/ answers)

and prints a table (req/s, p50, p99, bytes per response, server CPU per
request, load average), the ratios against the targets, the RSS of the
depeche process before and after, and its start-up time (exec to the first
200 from /readyz). Each round runs every scenario once; with --repeat N the
median over N rounds is shown. Quote ratios: absolute figures move with
whatever else the machine runs.

options:
  --articles N      translation groups to generate (default 1000)
  --comments N      comments to generate (default 10 per translation group)
  --data DIR        use this already generated site instead (not deleted)
  --bin PATH        use this depeche binary instead of building one
  --rev REV         build from this commit (git archive) instead of the working tree
  --duration S      seconds per wrk run (default 10)
  --connections C   wrk connections (default 64)
  --threads T       wrk threads (default 2)
  --repeat N        rounds (default 1)
  --out DIR         where results go (default: a new folder under $TMPDIR or /tmp)
  --keep            keep the generated site (default: deleted at the end)
  --no-wordpress    do not measure WordPress even when it answers
  --help            this text

Full-size run (about an hour to generate, several GB):
  scripts/bench/load.sh --articles 100000 --comments 1000000 --repeat 3
Needs: go, wrk, nginx, curl, sqlite3 (apt-get install -y wrk nginx-light sqlite3 curl).
EOF
}

ARTICLES=1000; COMMENTS=; DATA=; BIN=; REV=; DUR=10; CONNS=64; THREADS=2; REPEAT=1; OUT=; KEEP=0; WP=1
while [ $# -gt 0 ]; do
  case $1 in
    --articles) ARTICLES=$2; shift 2 ;;
    --comments) COMMENTS=$2; shift 2 ;;
    --data) DATA=$2; shift 2 ;;
    --bin) BIN=$2; shift 2 ;;
    --rev) REV=$2; shift 2 ;;
    --duration) DUR=$2; shift 2 ;;
    --connections) CONNS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --repeat) REPEAT=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --no-wordpress) WP=0; shift ;;
    --help|-h) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
COMMENTS=${COMMENTS:-$((ARTICLES * 10))}
for v in ARTICLES COMMENTS DUR CONNS THREADS REPEAT; do
  [[ ${!v} =~ ^[0-9]+$ ]] && [ "${!v}" -ge 0 ] || die "$v: expected a number (got '${!v}')"
done
need wrk nginx curl sqlite3 ss awk
[ -n "$BIN" ] || need go

WORK=$(mktemp -d "${TMPDIR:-/tmp}/depeche-bench.XXXXXX")
chmod 711 "$WORK"   # nginx workers (user nobody) read the static copy inside
OUT=${OUT:-$WORK/results}
mkdir -p "$OUT"
RUNS=$OUT/runs.tsv
echo "$RUNS_HEADER" >"$RUNS.header"; : >"$RUNS"
DEP_PID=; NGX_PID=; GOF_PID=; GENERATED=0
cleanup() {
  stop_pid "$NGX_PID" nginx
  stop_pid "$GOF_PID" gofloor
  stop_pid "$DEP_PID" depeche
  rm -rf "$WORK/static" "$WORK/bin" "$WORK/gofloor"
  clean_work
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "$BIN" ]; then
  BIN=$WORK/bin/depeche; mkdir -p "$WORK/bin"; build_bin "$BIN" "$REV"; COMMIT=$(build_desc "$REV")
else
  COMMIT="given binary $BIN ($("$BIN" version 2>/dev/null | head -1))"
fi

PORT=$(free_port)
BASE=http://127.0.0.1:$PORT
GEN_S=; DB_MIB=
if [ -z "$DATA" ]; then
  DATA=$WORK/site; GENERATED=1
  log "generating $ARTICLES translation groups, $COMMENTS comments into $DATA (load $(loadavg))"
  GEN_S=$(generate "$BIN" "$DATA" "$ARTICLES" "$COMMENTS" "$BASE")
  log "generated in ${GEN_S} s"
fi
DB_MIB=$(db_size_mib "$DATA")
N_ARTICLES=$(sqlite3 -readonly "$(db_file "$DATA")" "SELECT count(*) FROM articles")
N_COMMENTS=$(sqlite3 -readonly "$(db_file "$DATA")" "SELECT count(*) FROM comments")

LOAD_START=$(loadavg)
# Start-up is measured twice: the first start may migrate the database or
# gather planner statistics; the second is what every later restart costs.
start_depeche "$BIN" "$DATA" "$PORT" "$OUT/depeche-first-start.log"
STARTUP_FIRST_MS=$DEP_STARTUP_MS
HWM_FIRST=$(hwm_kib "$DEP_PID")
stop_pid "$DEP_PID" depeche; DEP_PID=
start_depeche "$BIN" "$DATA" "$PORT" "$OUT/depeche.log"
STARTUP_MS=$DEP_STARTUP_MS
RSS_START=$(rss_kib "$DEP_PID")

ARTICLE=$(pick_article "$DATA" "$BASE" 20) || die "no article page with about 20 published comments"
LANG_=${ARTICLE#/}; LANG_=${LANG_%%/*}
ARTICLE_ID=$(sqlite3 -readonly "$(db_file "$DATA")" "SELECT id FROM articles WHERE language='$LANG_' AND slug='${ARTICLE#/*/}'")
NCOMMENTS=$(curl -fs "$BASE$ARTICLE" | grep -o '<li class="comment[ "]' | wc -l)
HOME_=/$LANG_/
HOME_HTML=$(curl -fs "$BASE$HOME_")
SECTION=$(grep -o "href=\"/$LANG_/[a-z-]*/[^\"/]*\"" <<<"$HOME_HTML" | grep -E "/(rubrique|section|seccion)/" | sed -n 1p | cut -d'"' -f2 || true)
[ -n "$SECTION" ] || die "no section link on $HOME_"
FEED=/$LANG_/feed.atom
SITEMAP=/sitemap.xml

# nginx serves copies of the exact bytes Dépêche sends for each page measured.
mkdir -p "$WORK/static"
curl -fs -A "$BENCH_UA" "$BASE$ARTICLE" -o "$WORK/static/article.html"
curl -fs -A "$BENCH_UA" "$BASE$ARTICLE" -o "$WORK/static/article2.html" -D "$WORK/article.headers"
cmp -s "$WORK/static/article.html" "$WORK/static/article2.html" || die "two fetches of $ARTICLE differ: not a cached page"
rm "$WORK/static/article2.html"
cp "$WORK/static/article.html" "$OUT/article.html"
declare -A PAGE=([home]=$HOME_ [section]=$SECTION [feed_atom]=$FEED [sitemap]=$SITEMAP)
declare -A FILE=([home]=home.html [section]=section.html [feed_atom]=feed.atom [sitemap]=sitemap.xml)
for k in home section feed_atom sitemap; do curl -fs -A "$BENCH_UA" "$BASE${PAGE[$k]}" -o "$WORK/static/${FILE[$k]}"; done
NGX_PORT=$(free_port)
NGX=http://127.0.0.1:$NGX_PORT
start_nginx "$WORK/static" "$NGX_PORT"
for f in article.html "${FILE[@]}"; do
  cmp -s "$WORK/static/$f" <(curl -fs "$NGX/$f") || die "nginx does not serve the same bytes for $f"
done

HAVE_GO=0
if command -v go >/dev/null 2>&1; then
  GOF_PORT=$(free_port)
  start_gofloor "$WORK" "$GOF_PORT" "$WORK/static/article.html" "$WORK/article.headers"
  cmp -s "$WORK/static/article.html" <(curl -fs "http://127.0.0.1:$GOF_PORT/") || die "the Go floor server does not serve the same bytes"
  HAVE_GO=1
fi

WP_URL=http://127.0.0.1:8081/pain-au-levain-patience/
HAVE_WP=0
if [ "$WP" = 1 ] && [[ $(curl -fs --max-time 20 "$WP_URL" 2>/dev/null || true) == *levain* ]]; then HAVE_WP=1; log "WordPress answers at $WP_URL: measured too"; fi

# What each scenario sends back: body size, coding, whether it came from the page cache (ETag).
describe() {  # URL [curl args] -> "body_bytes coding cached|not-cached"
  local url=$1; shift
  curl -fs -o /dev/null -D "$WORK/h" -w '%{size_download}' "$@" "$url" >"$WORK/s"
  printf '%s %s %s\n' "$(cat "$WORK/s")" "$(awk -F': *' 'tolower($1)=="content-encoding"{gsub(/\r/,"",$2); print $2}' "$WORK/h" | grep . || echo identity)" \
    "$(grep -qi '^etag:' "$WORK/h" && echo cached || echo not-cached)"
}
declare -A URL DESC HDR
URL[dep_article]=$BASE$ARTICLE;      HDR[dep_article]=""
URL[nginx_static]=$NGX/article.html; HDR[nginx_static]=""
URL[dep_article_br]=$BASE$ARTICLE;   HDR[dep_article_br]="br"
URL[dep_article_gzip]=$BASE$ARTICLE; HDR[dep_article_gzip]="gzip"
URL[nginx_gzip]=$NGX/article.html;   HDR[nginx_gzip]="gzip"
SCEN=(dep_article nginx_static)
if [ "$HAVE_GO" = 1 ]; then URL[go_floor]=http://127.0.0.1:$GOF_PORT/article.html; HDR[go_floor]=""; SCEN+=(go_floor); fi
SCEN+=(dep_article_br dep_article_gzip nginx_gzip)
for k in home section feed_atom sitemap; do
  URL[dep_$k]=$BASE${PAGE[$k]}; HDR[dep_$k]=""
  URL[nginx_$k]=$NGX/${FILE[$k]}; HDR[nginx_$k]=""
  SCEN+=("dep_$k" "nginx_$k")
done
# Feed readers and crawlers ask for gzip: the stored variant, beside the above.
for k in feed_atom sitemap; do URL[dep_${k}_gzip]=$BASE${PAGE[$k]}; HDR[dep_${k}_gzip]="gzip"; SCEN+=("dep_${k}_gzip"); done
if [ "$HAVE_WP" = 1 ]; then URL[wp_article]=$WP_URL; HDR[wp_article]=""; SCEN+=(wp_article); fi
for s in "${SCEN[@]}"; do
  if [ -n "${HDR[$s]}" ]; then DESC[$s]=$(describe "${URL[$s]}" -A "$BENCH_UA" -H "Accept-Encoding: ${HDR[$s]}")
  else DESC[$s]=$(describe "${URL[$s]}" -A "$BENCH_UA"); fi
done
sleep 6   # let the warm-up views be flushed
VIEWS0=$(sqlite3 -readonly "$(db_file "$DATA")" "SELECT view_count FROM articles WHERE id=$ARTICLE_ID")
RSS_WARM=$(rss_kib "$DEP_PID")

write_wrk_lua "$OUT"
log "article $ARTICLE ($NCOMMENTS comments, ${DESC[dep_article]%% *} bytes); section $SECTION; load $(loadavg)"
for r in $(seq 1 "$REPEAT"); do
  for s in "${SCEN[@]}"; do
    case $s in
      nginx_*) pids=$(pids_tree "$NGX_PID" | tr '\n' ' ') ;;
      go_floor) pids=$GOF_PID ;;
      wp_*) pids= ;;
      *) pids=$DEP_PID ;;
    esac
    args=(-H "User-Agent: $BENCH_UA")
    [ -z "${HDR[$s]}" ] || args+=(-H "Accept-Encoding: ${HDR[$s]}")
    if [ "$s" = wp_article ]; then
      # No warm-up (php-fpm would still be serving what it abandoned) and the
      # anchor's 10 s timeout; then let php-fpm drain before the next run.
      WARMUP=0 TIMEOUT=10s bench_run "$s" "$r" "${URL[$s]}" "$CONNS" "$DUR" "$pids" "${args[@]}"
      sleep 10
    else
      bench_run "$s" "$r" "${URL[$s]}" "$CONNS" "$DUR" "$pids" "${args[@]}"
    fi
  done
done
RSS_END=$(rss_kib "$DEP_PID"); HWM_END=$(hwm_kib "$DEP_PID")
sleep 6   # one stats flush (every 5 s)
VIEWS1=$(sqlite3 -readonly "$(db_file "$DATA")" "SELECT view_count FROM articles WHERE id=$ARTICLE_ID")
SENT=$(awk -F'\t' '$1 ~ /^dep_article/ {s += $9} END{print s}' "$RUNS")
LOAD_END=$(loadavg)

# ---------------------------------------------------------------- report
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "NA" }'; }
verdict() { awk -v x="$1" -v op="$2" -v t="$3" 'BEGIN{ if (x == "NA") {print "n/a"; exit} ok = (op == ">=") ? (x >= t) : (x < t); print ok ? "met" : "NOT met" }'; }
{
  echo "# Dépêche load run — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) cores ($(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo); load average at start $LOAD_START, at end $LOAD_END."
  echo "Build: $COMMIT. Site: $N_ARTICLES articles (${ARTICLES} translation groups requested), $N_COMMENTS comments, database $DB_MIB MiB${GEN_S:+, generated in $GEN_S s}."
  echo "wrk: -t$THREADS -c$CONNS -d${DUR}s --timeout 5s --latency, User-Agent of a browser, $REPEAT round(s), median shown; a 1 s unrecorded warm-up before each run (WordPress: none, --timeout 10s, 10 s pause after)."
  echo "Article: $ARTICLE, $NCOMMENTS comments shown."
  echo
  echo "| scenario | req/s | p50 ms | p99 ms | bytes/response (wire) | MB/s | body bytes, coding | page cache | server CPU ms/req | errors | load1 |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  for s in "${SCEN[@]}"; do
    read -r bb cod cached <<<"${DESC[$s]}"
    case $s in nginx_*|wp_*|go_floor) cached=- ;; esac
    printf "| %s | %s | %s | %s | %s | %s | %s %s | %s | %s | %s | %s |\n" "$s" "$(col "$s" 3)" "$(col "$s" 4)" "$(col "$s" 6)" "$(col "$s" 8)" \
      "$(awk -v r="$(col "$s" 3)" -v b="$(col "$s" 8)" 'BEGIN{printf "%.0f", r * b / 1e6}')" \
      "$bb" "$cod" "$cached" "$( [ "${s%%_*}" = wp ] && echo - || col "$s" 12)" \
      "$(awk -F'\t' -v l="$s" '$1==l{e+=$10+$11} END{print e+0}' "$RUNS")" "$(col "$s" 13)"
  done
  echo
  a=$(col dep_article 3); n=$(col nginx_static 3); g=$(col nginx_gzip 3)
  r1=$(ratio "$a" "$n"); p99=$(col dep_article 6)
  rbr=$(ratio "$(col dep_article_br 3)" "$g"); rgz=$(ratio "$(col dep_article_gzip 3)" "$g")
  echo "| target | measured | verdict |"
  echo "|---|---|---|"
  echo "| article identity ≥ 0.70 × nginx static | $r1 × | $(verdict "$r1" '>=' 0.70) |"
  echo "| article p99 < 10 ms at c=$CONNS | $p99 ms | $(verdict "$p99" '<' 10) |"
  echo "| article br ≥ 3 × nginx gzip on the fly | $rbr × | $(verdict "$rbr" '>=' 3) |"
  echo "| article gzip ≥ 3 × nginx gzip on the fly | $rgz × | $(verdict "$rgz" '>=' 3) |"
  for k in home section feed_atom sitemap; do
    rr=$(ratio "$(col "dep_$k" 3)" "$(col "nginx_$k" 3)")
    read -r bb cod cached <<<"${DESC[dep_$k]}"
    echo "| $k: same class as the article (from the cache, and ≥ 0.8 × the article's ratio to nginx on its own bytes) | $rr × nginx on its $bb bytes ($cached; article: $r1 ×), p99 $(col "dep_$k" 6) ms | $( [ "$cached" = cached ] && verdict "$rr" '>=' "$(awk -v x="$r1" 'BEGIN{print 0.8 * x}')" || echo 'NOT met (not cached)') |"
  done
  echo "| start-up < 2 s (exec to /readyz 200) | $STARTUP_MS ms (first start on this database: $STARTUP_FIRST_MS ms) | $(verdict "$STARTUP_MS" '<' 2000) |"
  echo "| RSS < 150 MB (143.1 MiB) | $(kib_mib "$RSS_END") MiB after the runs, peak $(kib_mib "$HWM_END") MiB | $(verdict "$(kib_mib "$HWM_END")" '<' 143.05) |"
  if [ "$HAVE_GO" = 1 ]; then
    echo "| (explains) Go net/http floor / nginx static, same bytes and header fields | $(ratio "$(col go_floor 3)" "$n") × (article / floor: $(ratio "$a" "$(col go_floor 3)") ×; CPU per request: article $(col dep_article 12) ms, floor $(col go_floor 12) ms, nginx $(col nginx_static 12) ms) | - |"
  fi
  if [ "$HAVE_WP" = 1 ]; then echo "| (anchor) article / WordPress article | $(ratio "$a" "$(col wp_article 3)") × | - |"; fi
  echo
  echo "depeche RSS: first start peaked at $(kib_mib "$HWM_FIRST") MiB before ready; then $(kib_mib "$RSS_START") MiB at ready, $(kib_mib "$RSS_WARM") MiB after one request per scenario, $(kib_mib "$RSS_END") MiB after the runs (peak VmHWM $(kib_mib "$HWM_END") MiB)."
  echo "Views counted: the article's view_count went from $VIEWS0 to $VIEWS1 (+$((VIEWS1 - VIEWS0))) while the measured runs completed $SENT requests to it (plus warm-ups)."
  echo
  echo "Raw wrk outputs and runs.tsv (columns: $(tr '\t' ' ' <"$RUNS.header")): $OUT"
} | tee "$OUT/results.md"
