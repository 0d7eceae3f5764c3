#!/usr/bin/env bash
# soak.sh — steady load on Dépêche for N minutes; is memory flat, are there errors?
set -euo pipefail
BENCH_NAME=soak
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
usage: scripts/bench/soak.sh [options]

Builds cmd/depeche, generates a site (or uses --data), starts "depeche serve"
on a free loopback port and keeps wrk on it for N minutes at a constant
number of connections, with a mix that exercises more than one cached page:

  4 in 6 requests  the article page showing 20 comments (cache hits)
  1 in 6           home, a section, the Atom feed, sitemap.xml, in turn
  1 in 6           another public article, walking --pages distinct ones
                   (renders, then hits; more pages than the 64 MiB page
                   cache holds keep it evicting and rendering)

Each request comes from one of --visitors distinct browser User-Agents, so
the audience counter keeps a growing set of today's visitors, as with real
readers. Every --interval seconds the RSS of the depeche process is
sampled (with its CPU use and the load average). At the end: the samples,
wrk's totals, the error counts (non-2xx/3xx answers and socket errors, from
wrk; ERROR lines in the server's log) and the verdict: memory is flat when
the last sample is within 10% of the sample taken at minute 1.

options:
  --minutes N       length of the steady load (default 5)
  --connections C   wrk connections (default 32)
  --threads T       wrk threads (default 2)
  --interval S      seconds between RSS samples (default 10)
  --pages N         distinct other articles walked (default 3000)
  --visitors N      distinct readers (User-Agents) (default 50000)
  --rate R          requests per second in all, paced (each connection waits
                    C/R s after each answer); 0 (default): as fast as served.
                    A steady rate the machine can sustain is what shows
                    whether memory and errors stay flat; unpaced, renders
                    queue and some readers get 503 by design.
  --articles N      translation groups to generate (default 1000)
  --comments N      comments to generate (default 10 per translation group)
  --data DIR        use this already generated site instead (not deleted)
  --bin PATH        use this depeche binary instead of building one
  --rev REV         build from this commit (git archive) instead of the working tree
  --out DIR         where results go (default: a new folder under $TMPDIR or /tmp)
  --keep            keep the generated site
  --help            this text
The server inherits the environment: GOMEMLIMIT=140MiB scripts/bench/soak.sh ...
shows the effect of a soft memory limit, DEPECHE_* variables configure it.
Needs: go, wrk, curl, sqlite3.
EOF
}

MINUTES=5; CONNS=32; THREADS=2; INTERVAL=10; PAGES=3000; VISITORS=50000; RATE=0
ARTICLES=1000; COMMENTS=; DATA=; BIN=; REV=; OUT=; KEEP=0
while [ $# -gt 0 ]; do
  case $1 in
    --minutes) MINUTES=$2; shift 2 ;;
    --connections) CONNS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --interval) INTERVAL=$2; shift 2 ;;
    --pages) PAGES=$2; shift 2 ;;
    --visitors) VISITORS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --articles) ARTICLES=$2; shift 2 ;;
    --comments) COMMENTS=$2; shift 2 ;;
    --data) DATA=$2; shift 2 ;;
    --bin) BIN=$2; shift 2 ;;
    --rev) REV=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --help|-h) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
COMMENTS=${COMMENTS:-$((ARTICLES * 10))}
for v in MINUTES CONNS THREADS INTERVAL PAGES VISITORS ARTICLES COMMENTS; do
  [[ ${!v} =~ ^[0-9]+$ ]] && [ "${!v}" -gt 0 ] || die "$v: expected a positive number (got '${!v}')"
done
[[ $RATE =~ ^[0-9]+$ ]] || die "--rate: expected a number of requests per second (got '$RATE')"
[ "$MINUTES" -ge 2 ] || die "--minutes: at least 2 (minute 1 is the reference)"
need wrk curl sqlite3 ss awk
[ -n "$BIN" ] || need go

WORK=$(mktemp -d "${TMPDIR:-/tmp}/depeche-soak.XXXXXX")
OUT=${OUT:-$WORK/results}
mkdir -p "$OUT"
DEP_PID=; SAMPLER=; WRK_PID=; GENERATED=0
cleanup() {
  [ -z "$SAMPLER" ] || kill "$SAMPLER" 2>/dev/null || true
  [ -z "$WRK_PID" ] || kill "$WRK_PID" 2>/dev/null || true
  stop_pid "$DEP_PID" depeche
  rm -rf "$WORK/bin"
  clean_work
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "$BIN" ]; then
  BIN=$WORK/bin/depeche; mkdir -p "$WORK/bin"; build_bin "$BIN" "$REV"; COMMIT=$(build_desc "$REV")
else
  COMMIT="given binary $BIN"
fi
PORT=$(free_port)
BASE=http://127.0.0.1:$PORT
if [ -z "$DATA" ]; then
  DATA=$WORK/site; GENERATED=1
  log "generating $ARTICLES translation groups, $COMMENTS comments into $DATA"
  log "generated in $(generate "$BIN" "$DATA" "$ARTICLES" "$COMMENTS" "$BASE") s"
fi
start_depeche "$BIN" "$DATA" "$PORT" "$OUT/depeche.log"

ARTICLE=$(pick_article "$DATA" "$BASE" 20) || die "no article page with about 20 published comments"
LANG_=${ARTICLE#/}; LANG_=${LANG_%%/*}
HOME_HTML=$(curl -fs "$BASE/$LANG_/")
SECTION=$(grep -o "href=\"/$LANG_/[a-z-]*/[^\"/]*\"" <<<"$HOME_HTML" | grep -E "/(rubrique|section|seccion)/" | sed -n 1p | cut -d'"' -f2 || true)
[ -n "$SECTION" ] || die "no section link on /$LANG_/"
LISTS=("/$LANG_/" "$SECTION" "/$LANG_/feed.atom" /sitemap.xml)
mapfile -t OTHERS < <(public_articles "$DATA" "$PAGES")
[ ${#OTHERS[@]} -gt 0 ] || die "no public articles"
PATHS=$OUT/paths.txt
: >"$PATHS"
for i in "${!OTHERS[@]}"; do
  printf '%s\n%s\n%s\n%s\n%s\n%s\n' "$ARTICLE" "$ARTICLE" "${LISTS[$((i % 4))]}" "$ARTICLE" "$ARTICLE" "${OTHERS[$i]}" >>"$PATHS"
done
write_wrk_lua "$OUT"
SCRIPT=$OUT/paths.lua
if [ "$RATE" -gt 0 ]; then
  # wrk waits delay() ms after each answer on a connection.
  SCRIPT=$OUT/paced.lua
  { cat "$OUT/paths.lua"; printf 'function delay() return %d end\n' $((CONNS * 1000 / RATE)); } >"$SCRIPT"
fi

SAMPLES=$OUT/samples.tsv
printf 't_s\trss_mib\thwm_mib\tcpu_pct\tload1\n' >"$SAMPLES"
TOTAL=$((MINUTES * 60))
log "soak: $MINUTES min, wrk -t$THREADS -c$CONNS, rate $([ "$RATE" -gt 0 ] && echo "$RATE req/s" || echo unpaced), ${#OTHERS[@]} other articles, $VISITORS visitors; article $ARTICLE; load $(loadavg)"
LOAD_START=$(loadavg)
RSS_BEFORE=$(rss_kib "$DEP_PID")
CPU_BEFORE=$(cpu_ticks "$DEP_PID")
wrk -t"$THREADS" -c"$CONNS" -d"${TOTAL}s" --timeout 5s --latency -H "User-Agent: $BENCH_UA" \
  -s "$SCRIPT" "$BASE" -- "$PATHS" "$VISITORS" >"$OUT/wrk.txt" 2>&1 &
WRK_PID=$!
(
  hz=$(getconf CLK_TCK); t=0; prev=$(cpu_ticks "$DEP_PID")
  while [ $t -lt "$TOTAL" ]; do
    sleep "$INTERVAL"; t=$((t + INTERVAL))
    cur=$(cpu_ticks "$DEP_PID")
    printf '%s\t%s\t%s\t%s\t%s\n' "$t" "$(kib_mib "$(rss_kib "$DEP_PID")")" "$(kib_mib "$(hwm_kib "$DEP_PID")")" \
      "$(awk -v d=$((cur - prev)) -v hz="$hz" -v i="$INTERVAL" 'BEGIN{printf "%.0f", 100 * d / hz / i}')" "$(load1)" >>"$SAMPLES"
    prev=$cur
  done
) &
SAMPLER=$!
wait "$WRK_PID" || { cat "$OUT/wrk.txt" >&2; die "wrk failed"; }
WRK_PID=
wait "$SAMPLER" 2>/dev/null || true
SAMPLER=
LOAD_END=$(loadavg)
CPU_AFTER=$(cpu_ticks "$DEP_PID")

f=$OUT/wrk.txt
REQ=$(wrk_result "$f" requests); DUS=$(wrk_result "$f" duration_us)
STATUS_ERR=$(wrk_result "$f" status_err); SOCK_ERR=$(wrk_result "$f" sock_err)
NON2XX=$(awk -F': *' '/Non-2xx or 3xx/{print $2}' "$f"); NON2XX=${NON2XX:-0}
LOG_ERR=$(grep -c 'level=ERROR' "$OUT/depeche.log" || true)
REF=$(awk -F'\t' 'NR>1 && $1>=60 {print $2; exit}' "$SAMPLES")
LAST=$(awk -F'\t' 'NR>1 {v=$2} END{print v}' "$SAMPLES")
MAXS=$(awk -F'\t' 'NR>1 && $2>m {m=$2} END{print m}' "$SAMPLES")
DRIFT=$(awk -v a="$LAST" -v b="$REF" 'BEGIN{printf "%+.1f", 100 * (a - b) / b}')
FLAT=$(awk -v a="$LAST" -v b="$REF" 'BEGIN{d = (a - b) / b; if (d < 0) d = -d; print (d <= 0.10) ? "flat" : "NOT flat"}')
VERDICT=$FLAT
[ "$STATUS_ERR" = 0 ] && [ "$SOCK_ERR" = 0 ] || VERDICT="$VERDICT, with errors"
[ "$STATUS_ERR" != 0 ] || [ "$SOCK_ERR" != 0 ] || VERDICT="$VERDICT, no errors"
{
  echo "# Dépêche soak run — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo); load average at start $LOAD_START, at end $LOAD_END. Build: $COMMIT."
  echo "Site: $(sqlite3 -readonly "$(db_file "$DATA")" "SELECT count(*) FROM articles") articles, $(sqlite3 -readonly "$(db_file "$DATA")" "SELECT count(*) FROM comments") comments."
  echo "Load: wrk -t$THREADS -c$CONNS -d${TOTAL}s --timeout 5s -s paths.lua, $([ "$RATE" -gt 0 ] && echo "paced at $RATE req/s" || echo "unpaced") (4/6 $ARTICLE, 1/6 lists, 1/6 one of ${#OTHERS[@]} other articles), $VISITORS distinct User-Agents."
  echo
  echo "| t (s) | RSS MiB | peak (VmHWM) MiB | depeche CPU % | load1 |"
  echo "|---|---|---|---|---|"
  awk -F'\t' 'NR>1{printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5}' "$SAMPLES"
  echo
  echo "RSS before the load: $(kib_mib "$RSS_BEFORE") MiB. Requests: $REQ in $(awk -v d="$DUS" 'BEGIN{printf "%.0f", d/1e6}') s ($(awk -v r="$REQ" -v d="$DUS" 'BEGIN{printf "%.0f", r/(d/1e6)}') req/s), p50 $(awk -v x="$(wrk_result "$f" p50_us)" 'BEGIN{printf "%.2f", x/1000}') ms, p99 $(awk -v x="$(wrk_result "$f" p99_us)" 'BEGIN{printf "%.2f", x/1000}') ms, max $(awk -v x="$(wrk_result "$f" max_us)" 'BEGIN{printf "%.0f", x/1000}') ms; depeche CPU $(awk -v t=$((CPU_AFTER - CPU_BEFORE)) -v hz="$(getconf CLK_TCK)" -v r="$REQ" 'BEGIN{printf "%.3f", 1000 * t / hz / r}') ms per request."
  echo "Errors: $STATUS_ERR answers not 2xx/3xx (wrk: \"Non-2xx or 3xx responses: $NON2XX\"; by class: $(grep -o 'CODES.*' "$f" | cut -d' ' -f2-)), $SOCK_ERR socket errors, $LOG_ERR ERROR lines in the server log."
  echo "Memory: $REF MiB at minute 1, $LAST MiB at the end ($DRIFT %), highest sample $MAXS MiB."
  echo
  echo "Verdict: $VERDICT."
  echo
  echo "Raw: $OUT (wrk.txt, samples.tsv, depeche.log, paths.txt)"
} | tee "$OUT/results.md"
