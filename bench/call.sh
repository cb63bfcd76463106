#!/usr/bin/env bash
# Parley call (B2BUA) benchmark (see bench/README.md, "Calls").
#
#   bench/call.sh [distribution-dir]        default: karaf-distribution/target/assembly
#
# Configures the distribution's ports and heap, starts it if it is not running (and stops it again at the end),
# creates CALLERS caller accounts and one callee, registers a SIPp UAS as the callee and keeps it answering,
# measures the SIPp UAC->UAS loopback rate as the base, then
#   1. calls/s: SIPp UAC -> Parley -> SIPp UAS (INVITE, 407, INVITE with digest, 100/180/200, ACK, BYE) at
#      increasing rates until the first step with a failed call, with p50/p99 of INVITE -> 200;
#   2. held calls: HELD_CALLS calls set up at HELD_RATE and kept up (SIPp -d), Parley's heap after a full GC
#      before and while they are all up, per call; then every call is hung up.
# Loopback only; every SIPp run is bounded in calls and time.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

common_settings 1 "${1:-}"             # ports 45160 (SIP), 45166, 48111 (ssh), 41199, 44455
UAC_PORT=${UAC_PORT:-46160}            # SIPp UAC towards Parley
UAS_PORT=${UAS_PORT:-46170}            # SIPp UAS, registered as the callee
BASE_UAS_PORT=${BASE_UAS_PORT:-46180}  # SIPp UAS of the loopback base
BASE_UAC_PORT=${BASE_UAC_PORT:-46181}
HEAP=${HEAP:-1g}                       # -Xmx of a Karaf this script starts (ignored if one is running)
CALLERS=${CALLERS:-100}                # caller accounts bcaller0001..; calls cycle through them
CALLEE=${CALLEE:-bcallee}
RATES=${RATES:-"50 100 200 300 500 750 1000 1250 1500 2000"}
BASE_RATES=${BASE_RATES:-"1000 2000 4000 6000 8000 10000 12000 14000 16000 20000"}
STEP_SECONDS=${STEP_SECONDS:-10}
WARMUP_RATE=${WARMUP_RATE:-100}
WARMUP_SECONDS=${WARMUP_SECONDS:-20}
HELD_CALLS=${HELD_CALLS:-20000}        # 0: skip the held-calls phase
HELD_RATE=${HELD_RATE:-200}
OUT=${OUT:-$here/results/call-$(date -u +%Y%m%dT%H%M%SZ)}

uac_scenario=$sipp_dir/uac-invite-auth.xml
uas_scenario=$sipp_dir/uas-answer.xml

# Creates the missing caller accounts and the callee, and their SIPp injection files.
create_accounts() {
  local existing script=$OUT/accounts.karaf
  : > "$script"
  existing=$(add_numbered_accounts bcaller 4 "$CALLERS" csecret "$script")
  add_named_account "$CALLEE" callee-secret "$script"
  log "creating $(wc -l < "$script") accounts ($existing callers already there)"
  : > "$OUT/accounts.out"
  run_account_script "$script" "$OUT/accounts.out"
  numbered_users_csv bcaller 4 "$CALLERS" csecret > "$OUT/callers.csv"
  named_user_csv "$CALLEE" callee-secret > "$OUT/$CALLEE.csv"
}

# Runs SIPp's authenticated call scenario: $1 calls/s, $2 calls, pause $3 ms, in directory $4 (foreground).
run_uac() {
  local rate=$1 calls=$2 pause_ms=$3 dir=$4
  mkdir -p "$dir"
  (cd "$dir" && sipp -sf "$uac_scenario" -inf "$OUT/callers.csv" -s "$CALLEE" -key domain "$DOMAIN" \
      -auth_uri "$CALLEE@$DOMAIN" -i 127.0.0.1 -p "$UAC_PORT" -r "$rate" -m "$calls" -d "$pause_ms" \
      -l $((calls + 100)) -nostdin -buff_size "$SIPP_BUFFER" -timeout "$((calls / rate + pause_ms / 1000 + 60))s" \
      -timeout_error -trace_stat -stf stat.csv -fd 1 -trace_rtt -rtt_freq 100 -trace_err -error_file errors.log \
      "127.0.0.1:$SIP_PORT" > screen.log 2>&1)
}

# Runs one calls/s step; prints "rate ok failed retrans achieved p50-407 p99-407 p50-200 p99-200".
call_step() {
  local rate=$1 seconds=$2 name=$3 dir calls rc=0 rtt
  dir=$OUT/$name
  calls=$((rate * seconds))
  mkdir -p "$dir"
  profile_karaf "$dir" "$seconds"
  run_uac "$rate" "$calls" 0 "$dir" || rc=$?
  rtt=$(find "$dir" -name 'uac-invite-auth_*_rtt.csv' | head -1)
  echo "$rate $(sipp_outcome "$dir" "$calls" "$rc") $(percentiles "$rtt" 1) $(percentiles "$rtt" 2)"
}

# Heap used (KiB) after a full GC of the Karaf JVM.
heap_used_kib() {
  local pid
  pid=$(cat "$DIST/karaf.pid")
  jcmd "$pid" GC.run > /dev/null
  sleep 2
  # G1 prints "used 123456K", ZGC "used 160M,": the first "used" value, in KiB
  jcmd "$pid" GC.heap_info | awk '/ used / { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(",", "", v)
      unit = substr(v, length(v)); n = substr(v, 1, length(v) - 1)
      print (unit == "G" ? n * 1048576 : unit == "M" ? n * 1024 : n); exit } }'
}

# Waits until Parley has no active call left (a failed step leaves calls that time out), then 35 s more for the
# transactions of the last calls to end (Timer J/H, 32 s).
settle() {
  local deadline=$((SECONDS + 180)) active
  while ((SECONDS < deadline)); do
    active=$(echo 'parley:calls | grep "sip:" | wc -l' | shell_batch 2>&1 | tr -dc '0-9')
    [[ ${active:-1} == 0 ]] && break
    sleep 5
  done
  log "active calls left: ${active:-unknown}; settling 35 s"
  sleep 35
}

# Sets up HELD_CALLS calls and keeps them up; measures the heap per call while they are all up.
held_calls() {
  local dir=$OUT/held ramp hold_ms before after active rc=0 failed max_heap
  ramp=$(((HELD_CALLS + HELD_RATE - 1) / HELD_RATE))
  hold_ms=$(((ramp + 60) * 1000))   # the last call is set up at ~ramp s, measured at ramp + 35 s
  mkdir -p "$dir"
  before=$(heap_used_kib)
  log "held calls: $HELD_CALLS at $HELD_RATE/s (ramp ${ramp} s), each held $((hold_ms / 1000)) s; heap before $before KiB"
  run_uac "$HELD_RATE" "$HELD_CALLS" "$hold_ms" "$dir" &
  local uac_pid=$!
  background_pids+=("$uac_pid")
  sleep $((ramp + 35))   # past the set-up of the last call and the 32 s life of its transactions
  active=$(echo 'parley:calls | grep ESTABLISHED | wc -l' | shell_batch 2>&1 | tr -dc '0-9')
  after=$(heap_used_kib)
  max_heap=$(jcmd "$(cat "$DIST/karaf.pid")" VM.flags | grep -o 'MaxHeapSize=[0-9]*' | head -1 | cut -d= -f2)
  wait "$uac_pid" || rc=$?
  read -r _ failed _ <<< "$(sipp_outcome "$dir" "$HELD_CALLS" "$rc")"
  awk -v n="$HELD_CALLS" -v a="${active:-0}" -v b="$before" -v c="$after" -v f="$failed" -v m="${max_heap:-0}" 'BEGIN {
    printf "held calls: %d set up, %d ESTABLISHED in parley:calls while held, %d failed; heap %.0f -> %.0f MiB (max %.0f MiB), %.1f KiB per call\n",
      n, a, f, b / 1024, c / 1024, m / 1048576, (a > 0 ? (c - b) / a : 0) }' | tee -a "$OUT/summary.txt"
}

main() {
  require_tools "$uac_scenario" "$uas_scenario" "$register_scenario"
  command -v jcmd > /dev/null || die "jcmd not found (a JDK is needed to measure the heap)"
  mkdir -p "$OUT"
  log "results in $OUT"

  configure
  cfg_set "$DIST/etc/dev.parley.call.cfg" max.calls.per.user 1000000
  export EXTRA_JAVA_OPTS="${EXTRA_JAVA_OPTS:-} -Xmx$HEAP"
  start_if_needed
  create_accounts
  register_and_answer "$CALLEE" "$UAS_PORT" "$OUT/uas" "$uas_scenario" 5
  sleep 1

  base_and_warm_up call_step "no call went through" calls

  ladder call_step call '%8s %8s %7s %8s %9s %8s %8s %8s %8s\n' \
    'rate ok failed retrans achieved p50-407 p99-407 p50-200 p99-200'
  awk -v b="$ladder_best" -v base="$base_rate" 'BEGIN {
    printf "highest call rate without failures: %d calls/s (base %d calls/s, ratio %.2f)\n", b, base, (base > 0 ? b / base : 0) }' \
    | tee -a "$OUT/summary.txt"

  if ((HELD_CALLS > 0)); then settle; held_calls; fi
  echo "callee UAS: $(stat_value "$OUT/uas/stat.csv" 'FailedCall(C)') failed calls over the run" | tee -a "$OUT/summary.txt"
}

main "$@"
