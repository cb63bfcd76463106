#!/usr/bin/env bash
# Parley presence fan-out benchmark (see bench/README.md, "Presence").
#
#   bench/presence.sh [distribution-dir]        default: karaf-distribution/target/assembly
#
# Configures the distribution's ports, starts it if it is not running (and stops it again at the end), creates
# watcher accounts and a presentity per round, then for each size in SIZES: that many SIPp watchers (one SIPp, one UDP
# port, presence/watch.xml) subscribe to the presentity (authenticated SUBSCRIBE, initial NOTIFY); once all hold
# their subscription, one authenticated PUBLISH (presence/publish.xml) changes the presentity's state, and the
# result is the time from that PUBLISH leaving SIPp to the last watcher's NOTIFY arriving (and the median).
# Loopback only; every SIPp run is bounded in calls and time.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

common_settings 3 "${1:-}"             # ports 45360 (SIP), 45366, 48131 (ssh), 41399, 44475
WATCH_PORT=${WATCH_PORT:-46360}        # first SIPp watcher port (one per size)
PUBLISH_PORT=${PUBLISH_PORT:-46370}
SIZES=${SIZES:-"1000 10000"}           # watchers per round
SUBSCRIBE_RATE=${SUBSCRIBE_RATE:-200}  # authenticated SUBSCRIBEs per second while the watchers join
NOTIFY_WAIT=${NOTIFY_WAIT:-120}        # s to wait for the last NOTIFY after the PUBLISH
PRESENTITY=${PRESENTITY:-bmpres}        # round presentities: bmpres1000-<run>, bmpres10000-<run>
RUN_TAG=$(date -u +%H%M%S)             # a fresh presentity per run: earlier runs' subscriptions stay in Parley
OUT=${OUT:-$here/results/presence-$(date -u +%Y%m%dT%H%M%SZ)}

watchers_total() { tr ' ' '\n' <<< "$SIZES" | awk '{ n += $1 } END { print n }'; }

# Creates the missing watcher accounts bmw00001.. (in 4,000-line bin/client batches) and one presentity per round
# (<PRESENTITY><size>-<RUN_TAG>), and each round's injection files: its own watchers (no earlier round's subscription, whose
# SIPp has gone, is notified again) and its presentity.
create_accounts() {
  local existing script=$OUT/accounts.karaf size first=1 presentity
  : > "$script"
  existing=$(add_numbered_accounts bmw 5 "$(watchers_total)" wsecret "$script")
  for size in $SIZES; do
    presentity=$PRESENTITY$size-$RUN_TAG
    add_named_account "$presentity" presence-secret "$script"
    {
      echo SEQUENTIAL
      seq -f %05g "$first" $((first + size - 1)) | awk -v p="$presentity" \
        '{ printf "bmw%s;[authentication username=bmw%s password=wsecret%s];%s\n", $1, $1, $1, p }'
    } > "$OUT/watchers-$size.csv"
    named_user_csv "$presentity" presence-secret > "$OUT/publisher-$size.csv"
    first=$((first + size))
  done
  log "creating $(wc -l < "$script") accounts ($existing watchers already there)"
  run_account_script "$script" "$OUT/accounts.out"
}

# Lines "<word> <date> <time> <epoch>" the SIPp run in directory $1 logged with word $2, as epoch seconds.
logged() { cat "$1"/*_logs.log 2> /dev/null | awk -v w="$2" '$1 == w { print $4 }'; }

# One round with $1 watchers; prints "watchers subscribed notified last-ms median-ms".
round() {
  local size=$1 dir=$OUT/watchers-$1 port=$2 presentity=$PRESENTITY$1-$RUN_TAG deadline subscribed published notified
  mkdir -p "$dir" "$dir/publish"
  (cd "$dir" && exec sipp -sf "$here/presence/watch.xml" -inf "$OUT/watchers-$size.csv" -key domain "$DOMAIN" \
      -auth_uri "$presentity@$DOMAIN" -i 127.0.0.1 -p "$port" -r "$SUBSCRIBE_RATE" -m "$size" -l "$size" \
      -nostdin -buff_size "$SIPP_BUFFER" -timeout "$((size / SUBSCRIBE_RATE + NOTIFY_WAIT + 120))s" \
      -default_behaviors all,-bye -trace_logs -trace_stat -stf stat.csv -fd 1 -trace_err -error_file errors.log \
      "127.0.0.1:$SIP_PORT" > screen.log 2>&1) &
  local watchers_pid=$!
  background_pids+=("$watchers_pid")
  deadline=$((SECONDS + size / SUBSCRIBE_RATE + 120))
  subscribed=0
  while ((subscribed < size && SECONDS < deadline)); do
    sleep 2
    subscribed=$(logged "$dir" subscribed | wc -l)
  done
  log "$subscribed of $size watchers subscribed"
  (cd "$dir/publish" && sipp -sf "$here/presence/publish.xml" -inf "$OUT/publisher-$size.csv" \
      -key domain "$DOMAIN" -auth_uri "$presentity@$DOMAIN" -i 127.0.0.1 -p "$PUBLISH_PORT" -m 1 -nostdin -timeout 30s \
      -timeout_error -default_behaviors all,-bye -trace_logs "127.0.0.1:$SIP_PORT" > screen.log 2>&1) \
    || die "the PUBLISH failed, see $dir/publish"
  published=$(logged "$dir/publish" published | head -1)
  deadline=$((SECONDS + NOTIFY_WAIT))
  notified=0
  while ((notified < subscribed && SECONDS < deadline)); do
    sleep 1
    notified=$(logged "$dir" notified | wc -l)
  done
  wait "$watchers_pid" || true
  logged "$dir" notified | sort -n | awk -v p="$published" -v size="$size" -v subs="$subscribed" '
    { d[NR] = ($1 - p) * 1000 }
    END {
      if (NR == 0) { printf "%d %d 0 n/a n/a\n", size, subs; exit }
      printf "%d %d %d %.0f %.0f\n", size, subs, NR, d[NR], d[int((NR + 1) / 2)] }'
}

main() {
  require_tools "$here/presence/watch.xml" "$here/presence/publish.xml"
  mkdir -p "$OUT"
  configure
  start_if_needed
  create_accounts
  local size port=$WATCH_PORT
  echo "watchers subscribed notified publish-to-last-NOTIFY-ms publish-to-median-NOTIFY-ms" > "$OUT/summary.txt"
  for size in $SIZES; do
    log "round with $size watchers"
    round "$size" "$port" | tee -a "$OUT/summary.txt"
    port=$((port + 1))
  done
  log "results in $OUT/summary.txt"
}

main
