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
  cold_c2      distinct public articles, each fetched once, wrk -c2: every
               request renders its page (a miss) — the path that depends on
               the size of the database

and prints, per scenario, the median over the rounds for each site and the
ratio large/small of the latencies (the target: within 20%).

options:
  --large DIR       the large site (required; not modified but for view counts)
  --small DIR       the small site (default: generated, 1,000 groups, 10,000 comments)
  --bin PATH        depeche binary (default: built from the working tree)
  --rev REV         build from this commit instead
  --duration S      seconds per wrk run (default 10)
  --repeat N        rounds (default 3)
  --out DIR         where results go
  --help            this text
EOF
}

LARGE=; SMALL=; BIN=; REV=; DUR=10; REPEAT=3; OUT=; THREADS=2
while [ $# -gt 0 ]; do
  case $1 in
    --large) LARGE=$2; shift 2 ;;
    --small) SMALL=$2; shift 2 ;;
    --bin) BIN=$2; shift 2 ;;
    --rev) REV=$2; shift 2 ;;
    --duration) DUR=$2; shift 2 ;;
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

# Lists of distinct public articles for the cold runs: one disjoint slice per round.
PER=$((DUR * 400))
for k in small large; do
  public_articles "${DATA[$k]}" $((PER * REPEAT)) >"$OUT/cold-$k.txt"
  n=$(wc -l <"$OUT/cold-$k.txt")
  [ "$n" -ge "$REPEAT" ] || die "$k: too few public articles"
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
    n=$(wc -l <"$OUT/cold-$k.txt"); per=$((n / REPEAT))
    sed -n "$(( (r - 1) * per + 1 )),$(( r * per ))p" "$OUT/cold-$k.txt" >"$OUT/cold-$k.$r.txt"
  done
  for k in small large; do
    bench_run "hot_c64_$k" "$r" "http://127.0.0.1:${PORT[$k]}${ARTICLE[$k]}" 64 "$DUR" "${PID[$k]}" -H "User-Agent: $BENCH_UA"
  done
  for k in small large; do
    bench_run "hot_c1_$k" "$r" "http://127.0.0.1:${PORT[$k]}${ARTICLE[$k]}" 1 "$DUR" "${PID[$k]}" -H "User-Agent: $BENCH_UA"
  done
  # Cold: no warm-up run (it would fill the cache), so bench_run is not used.
  for k in small large; do
    f=$OUT/wrk.cold_c2_$k.$r.txt; hz=$(getconf CLK_TCK); l1=$(load1); t0=$(cpu_ticks "${PID[$k]}")
    wrk -t2 -c2 -d"${DUR}s" --timeout 10s --latency -H "User-Agent: $BENCH_UA" -s "$OUT/paths.lua" \
      "http://127.0.0.1:${PORT[$k]}" -- "$OUT/cold-$k.$r.txt" >"$f" 2>&1 || { cat "$f" >&2; die "wrk failed"; }
    t1=$(cpu_ticks "${PID[$k]}")
    req=$(wrk_result "$f" requests)
    awk -v OFS='\t' -v l="cold_c2_$k" -v r="$r" -v req="$req" -v dus="$(wrk_result "$f" duration_us)" -v bytes="$(wrk_result "$f" bytes)" \
      -v p50="$(wrk_result "$f" p50_us)" -v p90="$(wrk_result "$f" p90_us)" -v p99="$(wrk_result "$f" p99_us)" -v mx="$(wrk_result "$f" max_us)" \
      -v se="$(wrk_result "$f" status_err)" -v ke="$(wrk_result "$f" sock_err)" -v cpu=$((t1 - t0)) -v hz="$hz" -v l1="$l1" 'BEGIN{
        printf "%s\t%s\t%.0f\t%.2f\t%.2f\t%.2f\t%.1f\t%.0f\t%d\t%d\t%d\t%.3f\t%s\n", l, r, req / (dus / 1e6), p50 / 1000, p90 / 1000, p99 / 1000, mx / 1000,
          bytes / req, req, se, ke, 1000 * cpu / hz / req, l1 }' >>"$RUNS"
    tail -1 "$RUNS" | awk -F'\t' '{printf "  %-22s round %s: %7s req/s  p50 %6s ms  p99 %7s ms  err %s/%s  cpu %s ms/req  load %s\n", $1, $2, $3, $4, $6, $10, $11, $12, $13}' >&2
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
  for sc in hot_c64 hot_c1 cold_c2; do
    s50=$(col "${sc}_small" 4); l50=$(col "${sc}_large" 4); s99=$(col "${sc}_small" 6); l99=$(col "${sc}_large" 6)
    printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s/%s |\n" "$sc" "$(col "${sc}_small" 3)" "$(col "${sc}_large" 3)" \
      "$s50" "$l50" "$(ratio "$l50" "$s50")" "$s99" "$l99" "$(ratio "$l99" "$s99")" \
      "$(awk -F'\t' -v l="${sc}_small" '$1==l{e+=$10+$11} END{print e+0}' "$RUNS")" "$(awk -F'\t' -v l="${sc}_large" '$1==l{e+=$10+$11} END{print e+0}' "$RUNS")"
  done
  echo
  echo "Server CPU per request (median ms): hot small $(col hot_c64_small 12), hot large $(col hot_c64_large 12); cold small $(col cold_c2_small 12), cold large $(col cold_c2_large 12)."
  echo "Start-up (exec to /readyz 200), median of $REPEAT: small $(stm start_small) ms, large $(stm start_large) ms (all: $(awk -F'\t' '{printf "%s=%s ", $1, $3}' "$OUT/startup.tsv"))."
  echo "RSS at the end of each round (MiB, now/peak): $(awk -F'\t' '{printf "%s r%s %s/%s; ", $1, $2, $3, $4}' "$OUT/rss.tsv")"
  echo
  echo "Raw: $OUT"
} | tee "$OUT/results.md"
