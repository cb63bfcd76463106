#!/usr/bin/env bash
# Parley instant-message (MESSAGE) benchmark (see bench/README.md, "Messaging").
#
#   bench/message.sh [distribution-dir]        default: karaf-distribution/target/assembly
#
# Configures the distribution's ports (switches the per-sender rate limit off, sets max.message.size, see below),
# starts it if it is not running (and stops it again at the end), creates SENDERS sender accounts and two
# recipients, registers a SIPp UAS as the online recipient and keeps it answering 200, measures the SIPp UAC->UAS
# loopback rate as the base, then
#   1. store-and-forward: OFFLINE_MESSAGES messages to the unregistered second recipient (each answered 202 and
#      stored), then a SIPp UAS registers as that recipient: the time from its 200 to the last MESSAGE received;
#   2. relay: SIPp UAC -> Parley (MESSAGE, 407, MESSAGE with digest, 202) -> SIPp UAS (MESSAGE, 200) at increasing
#      rates until the first step with a failure: a MESSAGE not answered 202, or one 202'd but not received by
#      the recipient within DRAIN_WAIT s after the step.
# Loopback only; every SIPp run is bounded in calls and time.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

common_settings 2 "${1:-}"             # ports 45260 (SIP), 45266, 48121 (ssh), 41299, 44465
UAC_PORT=${UAC_PORT:-46260}            # SIPp UAC towards Parley
UAS_PORT=${UAS_PORT:-46270}            # SIPp UAS, registered as the online recipient
OFFLINE_UAS_PORT=${OFFLINE_UAS_PORT:-46275}  # SIPp UAS that registers as the offline recipient later
BASE_UAS_PORT=${BASE_UAS_PORT:-46280}  # SIPp UAS of the loopback base
BASE_UAC_PORT=${BASE_UAC_PORT:-46281}
HEAP=${HEAP:-}                         # -Xmx of a Karaf this script starts (empty: the JVM default; ignored if one is running)
# max.message.size of PID dev.parley.sip: jain-sip gives every received datagram a buffer of this size, and each
# live transaction keeps its request's buffer for 32 s (Timer J); with the 64 KiB default, 1,250 MESSAGE/s pin
# 2.5 GB. Empty: leave the distribution's setting.
MAX_MESSAGE_SIZE=${MAX_MESSAGE_SIZE-8192}
SENDERS=${SENDERS:-100}                # sender accounts bmsender0001..; messages cycle through them
RECIPIENT=${RECIPIENT:-bmrcpt}
OFFLINE_RECIPIENT=${OFFLINE_RECIPIENT:-bmoffline}
RATES=${RATES:-"250 500 1000 1500 2000 2500 3000 3500 4000 5000"}
BASE_RATES=${BASE_RATES:-"1000 2000 4000 6000 8000 10000 12000 14000 16000 20000"}
STEP_SECONDS=${STEP_SECONDS:-10}
# long and high enough for ZGC, the distribution's collector, to grow its heap to its working size (bench/README.md)
WARMUP_RATE=${WARMUP_RATE:-2000}
WARMUP_SECONDS=${WARMUP_SECONDS:-40}
DRAIN_WAIT=${DRAIN_WAIT:-10}           # s after a step for the last deliveries to arrive
OFFLINE_MESSAGES=${OFFLINE_MESSAGES:-10000}   # 0: skip store-and-forward
OFFLINE_RATE=${OFFLINE_RATE:-1000}
OUT=${OUT:-$here/results/message-$(date -u +%Y%m%dT%H%M%SZ)}

uac_scenario=$sipp_dir/uac-message-auth.xml
uas_scenario=$sipp_dir/uas-message.xml

# Creates the missing sender accounts and the recipients, and their SIPp injection files.
create_accounts() {
  local existing script=$OUT/accounts.karaf user
  : > "$script"
  existing=$(add_numbered_accounts bmsender 4 "$SENDERS" msecret "$script")
  for user in "$RECIPIENT" "$OFFLINE_RECIPIENT"; do
    add_named_account "$user" rcpt-secret "$script"
    named_user_csv "$user" rcpt-secret > "$OUT/$user.csv"
  done
  log "creating $(wc -l < "$script") accounts ($existing senders already there)"
  : > "$OUT/accounts.out"
  run_account_script "$script" "$OUT/accounts.out"
  numbered_users_csv bmsender 4 "$SENDERS" msecret > "$OUT/senders.csv"
}

# Registers port $2 as the contact of recipient $1 and keeps a SIPp UAS answering MESSAGE there (directory $3).
start_recipient() {
  register_and_answer "$1" "$2" "$3" "$uas_scenario" 1
}

# MESSAGEs the recipient UAS in directory $1 has answered so far (its stat file is written every second).
received() {
  local value
  value=$(stat_value "$1/stat.csv" 'SuccessfulCall(C)' 2> /dev/null || true)
  echo "${value:-0}"
}

# Waits up to $3 s until the UAS in directory $1 has answered $2 MESSAGEs; prints how many it has.
wait_received() {
  local dir=$1 want=$2 seconds=$3 deadline got
  deadline=$((SECONDS + seconds))
  got=$(received "$dir")
  while ((got < want && SECONDS < deadline)); do
    sleep 1
    got=$(received "$dir")
  done
  echo "$got"
}

# Runs SIPp's authenticated MESSAGE scenario to $1: $2 messages/s, $3 messages, in directory $4 (foreground).
run_uac() {
  local recipient=$1 rate=$2 messages=$3 dir=$4
  mkdir -p "$dir"
  (cd "$dir" && sipp -sf "$uac_scenario" -inf "$OUT/senders.csv" -s "$recipient" -key domain "$DOMAIN" \
      -auth_uri "$recipient@$DOMAIN" -i 127.0.0.1 -p "$UAC_PORT" -r "$rate" -m "$messages" \
      -nostdin -buff_size "$SIPP_BUFFER" -timeout "$((messages / rate + 60))s" -default_behaviors all,-bye \
      -timeout_error -trace_stat -stf stat.csv -fd 1 -trace_rtt -rtt_freq 1000 -trace_err -error_file errors.log \
      "127.0.0.1:$SIP_PORT" > screen.log 2>&1)
}

# One relay step; prints "rate ok failed retrans achieved delivered p50-407 p99-407 p50-202 p99-202".
relay_step() {
  local rate=$1 seconds=$2 name=$3 dir messages rc=0 ok failed retrans achieved before delivered rtt
  dir=$OUT/$name
  messages=$((rate * seconds))
  mkdir -p "$dir"
  before=$(received "$OUT/uas")
  profile_karaf "$dir" "$seconds"
  run_uac "$RECIPIENT" "$rate" "$messages" "$dir" || rc=$?
  read -r ok failed retrans achieved <<< "$(sipp_outcome "$dir" "$messages" "$rc")"
  delivered=$(($(wait_received "$OUT/uas" $((before + ok)) "$DRAIN_WAIT") - before))
  ((delivered >= ok)) || failed=$((failed + ok - delivered))
  rtt=$(find "$dir" -name 'uac-message-auth_*_rtt.csv' | head -1)
  echo "$rate $ok $failed $retrans $achieved $delivered $(percentiles "$rtt" 1) $(percentiles "$rtt" 2)"
}

# Stores OFFLINE_MESSAGES for the unregistered recipient, registers it, and times the drain.
store_and_forward() {
  local dir=$OUT/offline rc=0 ok t0 t1 got
  log "store-and-forward: $OFFLINE_MESSAGES messages to $OFFLINE_RECIPIENT (offline) at $OFFLINE_RATE/s"
  run_uac "$OFFLINE_RECIPIENT" "$OFFLINE_RATE" "$OFFLINE_MESSAGES" "$dir/send" || rc=$?
  ok=$(stat_value "$dir/send/stat.csv" 'SuccessfulCall(C)')
  echo "store-and-forward: ${ok:-0} of $OFFLINE_MESSAGES messages stored (202) at $OFFLINE_RATE/s (sipp exit $rc)" \
    | tee -a "$OUT/summary.txt"
  t0=$(date +%s.%N)
  start_recipient "$OFFLINE_RECIPIENT" "$OFFLINE_UAS_PORT" "$dir/uas"
  got=$(wait_received "$dir/uas" "${ok:-0}" 600)
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" -v n="$got" -v want="${ok:-0}" 'BEGIN {
    s = b - a; printf "store-and-forward: %d of %d delivered %.1f s after the recipient registered, %.0f messages/s\n",
      n, want, s, (s > 0 ? n / s : 0) }' | tee -a "$OUT/summary.txt"
}

main() {
  require_tools "$uac_scenario" "$uas_scenario" "$register_scenario"
  mkdir -p "$OUT"
  log "results in $OUT"

  configure
  cfg_set "$DIST/etc/dev.parley.messaging.cfg" rate.per.sender 0   # the flood guard would cap one sender at 5/s
  if [[ -n $MAX_MESSAGE_SIZE ]]; then cfg_set "$DIST/etc/dev.parley.sip.cfg" max.message.size "$MAX_MESSAGE_SIZE"; fi
  if [[ -n $HEAP ]]; then export EXTRA_JAVA_OPTS="${EXTRA_JAVA_OPTS:-} -Xmx$HEAP"; fi
  start_if_needed
  create_accounts
  start_recipient "$RECIPIENT" "$UAS_PORT" "$OUT/uas"

  base_and_warm_up relay_step "no message went through" messages

  # before the ladder: its last step overloads Parley, which then needs a while to recover
  if ((OFFLINE_MESSAGES > 0)); then store_and_forward; fi

  ladder relay_step relay '%8s %8s %7s %8s %9s %9s %8s %8s %8s %8s\n' \
    'rate ok failed retrans achieved delivered p50-407 p99-407 p50-202 p99-202'
  echo "highest MESSAGE relay rate without failures: $ladder_best messages/s (base $base_rate calls/s)" \
    | tee -a "$OUT/summary.txt"
}

main "$@"
