#!/usr/bin/env bash
# Runs units of the upstream Redis 7.0.15 test suite in its own *spawned* mode against Sonic:
# the suite starts `src/redis-server <config>` itself (restarts, corrupt files, config files,
# log watching), so this is the drop-in check: Sonic standing in for redis-server.
#
# usage: scripts/spawned-suite.sh SUITE_DIR [UNIT...]
#   SUITE_DIR  an extracted upstream tree holding tests/ and runtest, e.g. made with
#              git -C <redis clone> archive 7.0.15 tests runtest | tar -x -C SUITE_DIR
#              (outside this repository: the suite is never committed).
#   UNIT       e.g. integration/aof unit/other (default: the persistence units of issue 6).
# env:
#   SERVER=redis   run the same units against the real /usr/bin/redis-server, for the baseline
#   BASEPORT=N     first port for the servers the suite spawns (default 21111); PORTCOUNT=N
#   OUT=file.tsv   per-unit tallies (default SUITE_DIR/spawned.tsv); LOGDIR=dir for unit logs
#   PER_UNIT_S     timeout per unit in seconds (default 600)
#
# The script makes SUITE_DIR/src/: redis-server (a wrapper that execs Sonic's built entry point,
# keeping the pid the suite watches), and symlinks to the system's redis-cli, redis-benchmark,
# redis-check-aof and redis-check-rdb, which the suite calls too. Build Sonic first (npm run build).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
suite=${1:?usage: scripts/spawned-suite.sh SUITE_DIR [UNIT...]}
suite=$(cd "$suite" && pwd)
shift
units=("$@")
if [ ${#units[@]} -eq 0 ]; then
  units=(integration/rdb integration/aof integration/aof-multi-part unit/other unit/aofrw
         integration/convert-zipmap-hash-on-load integration/convert-ziplist-hash-on-load
         integration/convert-ziplist-zset-on-load)
fi
[ -x "$suite/runtest" ] || { echo "no runtest in $suite" >&2; exit 2; }
entry="$repo/dist/src/cli/server.js"
[ -f "$entry" ] || { echo "build Sonic first: $entry is missing" >&2; exit 2; }

mkdir -p "$suite/src"
for tool in redis-cli redis-benchmark redis-check-aof redis-check-rdb; do
  path=$(command -v "$tool") || { echo "$tool not found on PATH" >&2; exit 2; }
  ln -sf "$path" "$suite/src/$tool"
done
rm -f "$suite/src/redis-server"
if [ "${SERVER:-sonic}" = redis ]; then
  ln -s "$(command -v redis-server)" "$suite/src/redis-server"
else
  # exec keeps the wrapper's pid, which the suite matches against " PID: <pid>" in the log.
  printf '#!/bin/sh\nexec node %s "$@"\n' "$entry" > "$suite/src/redis-server"
  chmod +x "$suite/src/redis-server"
fi

out=${OUT:-$suite/spawned.tsv}
logdir=${LOGDIR:-$suite/spawned-logs}
mkdir -p "$logdir"
printf "unit\tok\terr\texception\tstatus\n" > "$out"
for u in "${units[@]}"; do
  log="$logdir/$(echo "$u" | tr / _).log"
  rc=0
  ( cd "$suite" && timeout "${PER_UNIT_S:-600}" ./runtest --single "$u" --clients 1 \
      --baseport "${BASEPORT:-21111}" --portcount "${PORTCOUNT:-8000}" \
      --tags -needs:repl --ignore-encoding --ignore-digest --timeout 120 >"$log" 2>&1 ) || rc=$?
  ok=$(grep -c '^\[.*ok.*\]:' "$log" || true)
  err=$(grep -c '^\[.*err.*\]:' "$log" || true)
  exc=$(grep -c '^\[.*exception.*\]:' "$log" || true)
  if [ $rc -eq 124 ]; then st=timeout; elif grep -q "All tests passed" "$log"; then st=passed; elif [ "$exc" -gt 0 ]; then st=aborted; else st=failed; fi
  printf "%s\t%s\t%s\t%s\t%s\n" "$u" "$ok" "$err" "$exc" "$st" | tee -a "$out"
done
awk -F'\t' 'NR>1{ok+=$2;err+=$3;exc+=$4} END{printf "TOTAL ok=%d err=%d exception=%d\n",ok,err,exc}' "$out"
