#!/usr/bin/env bash
# scale.sh — the same pages on a small and a large site, side by side in one run.
set -euo pipefail
BENCH_NAME=scale
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
usage: scripts/bench/scale.sh --large DIR [options]

Serves two generated sites at once from the same binary, a small one (1,000
translation groups, generated unless --small is given) and a large one
(--large, e.g. made by "load.sh --articles 100000 --comments 1000000 --keep"
or by "depeche demo generate"), and measures them in alternation, each round
on freshly started processes:

  start        exec to the first 200 from /readyz
  hot_c64      the article page showing 20 comments, wrk -c64 (a cache hit)
  hot_c1       the same page, wrk -c1 (one reader: the latency of a hit)
  cold_c1      --cold-pages distinct public articles, each asked for once on
               one kept-alive connection (curl): every request renders its
               page (a miss) — the path that depends on the size of the
               database

and prints, per scenario, the median over the rounds for each site and the
ratio large/small of the latencies (the target: within 20%).

options:
  --large DIR       the large site (required; not modified but for view counts)
  --small DIR       the small site (default: generated, 1,000 groups, 10,000 comments)
  --bin PATH        depeche binary (default: built from the working tree)
  --rev REV         build from this commit instead
  --duration S      seconds per wrk run (default 10)
  --cold-pages N    articles fetched once per round in cold_c1 (default 500)
  --repeat N        rounds (default 3)
  --out DIR         where results go
  --help            this text
EOF
}

LARGE=; SMALL=; BIN=; REV=; DUR=10; REPEAT=3; OUT=; THREADS=2; COLD=500
while [ $# -gt 0 ]; do
  case $1 in
    --large) LARGE=$2; shift 2 ;;
    --small) SMALL=$2; shift 2 ;;
    --bin) BIN=$2; shift 2 ;;
    --rev) REV=$2; shift 2 ;;
    --duration) DUR=$2; shift 2 ;;
    --cold-pages) COLD=$2; shift 2 ;;
    --repeat) REPEAT=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --help|-h) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
[ -n "$LARGE" ] && [ -f "$(db_file "$LARGE")" ] || die "--large: a folder holding depeche.db is required"
need wrk curl sqlite3 ss awk
[ -n "$BIN" ] || need go

WORK=$(mktemp -d "${TMPDIR:-/tmp}/depeche-scale.XXXXXX")
OUT=${OUT:-$WORK/results}
mkdir -p "$OUT"
RUNS=$OUT/runs.tsv; : >"$RUNS"
echo "$RUNS_HEADER" >"$RUNS.header"
declare -A PID
GENERATED=0
cleanup() {
  local k
  for k in "${!PID[@]}"; do stop_pid "${PID[$k]}" "depeche $k"; done
  if [ "$GENERATED" = 1 ]; then rm -rf "$SMALL" "$SMALL.generate.log"; fi
  rm -rf "$WORK/bin"
  case $OUT in "$WORK"/*) ;; *) rm -rf "$WORK" ;; esac
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "$BIN" ]; then
  BIN=$WORK/bin/depeche; mkdir -p "$WORK/bin"; build_bin "$BIN" "$REV"; COMMIT=$(build_desc "$REV")
else
  COMMIT="given binary $BIN"
fi
if [ -z "$SMALL" ]; then
  SMALL=$WORK/small; GENERATED=1
  log "generating the small site (1,000 groups, 10,000 comments)"
  log "generated in $(generate "$BIN" "$SMALL" 1000 10000 http://127.0.0.1:8080) s"
fi
declare -A DATA=([small]=$SMALL [large]=$LARGE) PORT ARTICLE
for k in small large; do PORT[$k]=$(free_port); done
write_wrk_lua "$OUT"

# The same list of distinct public articles every round: each round starts
# fresh processes, so every one of them is a miss.
for k in small large; do
  public_articles "${DATA[$k]}" "$COLD" >"$OUT/cold-$k.txt"
  [ -s "$OUT/cold-$k.txt" ] || die "$k: no public articles"
done

for r in $(seq 1 "$REPEAT"); do
  for k in small large; do
    start_depeche "$BIN" "${DATA[$k]}" "${PORT[$k]}" "$OUT/depeche-$k.log"
    PID[$k]=$DEP_PID
    printf 'start_%s\t%s\t%s\t%s\n' "$k" "$r" "$DEP_STARTUP_MS" "$(load1)" >>"$OUT/startup.tsv"
  done
  for k in small large; do
    [ -n "${ARTICLE[$k]:-}" ] || ARTICLE[$k]=$(pick_article "${DATA[$k]}" "http://127.0.0.1:${PORT[$k]}" 20) || die "$k: no article with 20 comments"
  done
  for k in small large; do
    bench_run "hot_c64_$k" "$r" "http://127.0.0.1:${PORT[$k]}${ARTICLE[$k]}" 64 "$DUR" "${PID[$k]}" -H "User-Agent: $BENCH_UA"
  done
  for k in small large; do
    bench_run "hot_c1_$k" "$r" "http://127.0.0.1:${PORT[$k]}${ARTICLE[$k]}" 1 "$DUR" "${PID[$k]}" -H "User-Agent: $BENCH_UA"
  done
  # Cold: each article once, in order, on one connection; no warm-up.
  for k in small large; do
    f=$OUT/cold_c1_$k.$r.txt; hz=$(getconf CLK_TCK); l1=$(load1); t0=$(cpu_ticks "${PID[$k]}"); s0=$(now_ms)
    fetch_once "http://127.0.0.1:${PORT[$k]}" "$OUT/cold-$k.txt" "$f"
    s1=$(now_ms); t1=$(cpu_ticks "${PID[$k]}")
    req=$(wc -l <"$f"); bad=$(awk '$1 != 200' "$f" | wc -l)
    awk -v OFS='\t' -v l="cold_c1_$k" -v r="$r" -v req="$req" -v ms=$((s1 - s0)) -v bad="$bad" \
      -v p50="$(awk '{print $2 * 1000}' "$f" | percentile 50)" -v p90="$(awk '{print $2 * 1000}' "$f" | percentile 90)" \
      -v p99="$(awk '{print $2 * 1000}' "$f" | percentile 99)" -v mx="$(awk '{print $2 * 1000}' "$f" | percentile 100)" \
      -v cpu=$((t1 - t0)) -v hz="$hz" -v l1="$l1" 'BEGIN{
        printf "%s\t%s\t%.0f\t%.2f\t%.2f\t%.2f\t%.1f\t%s\t%d\t%d\t%d\t%.3f\t%s\n", l, r, req / (ms / 1000), p50, p90, p99, mx,
          "-", req, bad, 0, 1000 * cpu / hz / req, l1 }' >>"$RUNS"
    tail -1 "$RUNS" | awk -F'\t' '{printf "  %-22s round %s: %7s req/s  p50 %6s ms  p99 %7s ms  non-200 %s  cpu %s ms/req  load %s\n", $1, $2, $3, $4, $6, $10, $12, $13}' >&2
  done
  for k in small large; do
    printf 'rss_%s\t%s\t%s\t%s\n' "$k" "$r" "$(kib_mib "$(rss_kib "${PID[$k]}")")" "$(kib_mib "$(hwm_kib "${PID[$k]}")")" >>"$OUT/rss.tsv"
    stop_pid "${PID[$k]}" "depeche $k"; unset "PID[$k]"
  done
done

# ---------------------------------------------------------------- report
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "NA" }'; }
stm() { awk -F'\t' -v l="$1" '$1==l{print $3}' "$OUT/startup.tsv" | median; }
{
  echo "# Dépêche small vs large site — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Build: $COMMIT. $(nproc) cores; load average at the end $(loadavg). $REPEAT rounds, medians; wrk -t2, ${DUR}s per run."
  for k in small large; do
    echo "- $k: $(sqlite3 -readonly "$(db_file "${DATA[$k]}")" "SELECT count(*) FROM articles") articles, $(sqlite3 -readonly "$(db_file "${DATA[$k]}")" "SELECT count(*) FROM comments") comments, $(db_size_mib "${DATA[$k]}") MiB; article ${ARTICLE[$k]}"
  done
  echo
  echo "| scenario | small req/s | large req/s | small p50 ms | large p50 ms | large/small p50 | small p99 ms | large p99 ms | large/small p99 | errors (small/large) |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for sc in hot_c64 hot_c1 cold_c1; do
    s50=$(col "${sc}_small" 4); l50=$(col "${sc}_large" 4); s99=$(col "${sc}_small" 6); l99=$(col "${sc}_large" 6)
    printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s/%s |\n" "$sc" "$(col "${sc}_small" 3)" "$(col "${sc}_large" 3)" \
      "$s50" "$l50" "$(ratio "$l50" "$s50")" "$s99" "$l99" "$(ratio "$l99" "$s99")" \
      "$(awk -F'\t' -v l="${sc}_small" '$1==l{e+=$10+$11} END{print e+0}' "$RUNS")" "$(awk -F'\t' -v l="${sc}_large" '$1==l{e+=$10+$11} END{print e+0}' "$RUNS")"
  done
  echo
  echo "Server CPU per request (median ms): hot small $(col hot_c64_small 12), hot large $(col hot_c64_large 12); cold small $(col cold_c1_small 12), cold large $(col cold_c1_large 12) (cold: $COLD distinct articles per round, each once; its req/s is 1 / latency on one connection)."
  echo "Start-up (exec to /readyz 200), median of $REPEAT: small $(stm start_small) ms, large $(stm start_large) ms (all: $(awk -F'\t' '{printf "%s=%s ", $1, $3}' "$OUT/startup.tsv"))."
  echo "RSS at the end of each round (MiB, now/peak): $(awk -F'\t' '{printf "%s r%s %s/%s; ", $1, $2, $3, $4}' "$OUT/rss.tsv")"
  echo
  echo "Raw: $OUT"
} | tee "$OUT/results.md"
