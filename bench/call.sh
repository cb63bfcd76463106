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

DIST=$(cd "${1:-$repo/karaf-distribution/target/assembly}" && pwd)
DOMAIN=${DOMAIN:-parley.test}
SIP_PORT=${SIP_PORT:-45160}            # Parley UDP and TCP
WS_PORT=${WS_PORT:-45166}
SSH_PORT=${SSH_PORT:-48111}            # Karaf ssh (bin/client)
RMI_REGISTRY_PORT=${RMI_REGISTRY_PORT:-41199}
RMI_SERVER_PORT=${RMI_SERVER_PORT:-44455}
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
SIPP_BUFFER=${SIPP_BUFFER:-4194304}
PROFILE=${PROFILE:-0}
OUT=${OUT:-$here/results/call-$(date -u +%Y%m%dT%H%M%SZ)}
ADMIN_USER=${PARLEY_ADMIN_USER:-}
ADMIN_PASSWORD=${PARLEY_ADMIN_PASSWORD:-}

sipp_dir=$repo/itests/src/test/resources/sipp
uac_scenario=$sipp_dir/uac-invite-auth.xml
uas_scenario=$sipp_dir/uas-answer.xml
register_scenario=$sipp_dir/register-auth.xml
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

# Creates the missing caller accounts (in order, so a rerun resumes after the last one) and the callee.
create_accounts() {
  local existing script=$OUT/accounts.karaf
  existing=$(echo 'parley:account-list | grep "sip:bcaller" | wc -l' | shell_batch 2>&1 | tr -dc '0-9')
  [[ -n $existing ]] || die "could not count the existing caller accounts through bin/client"
  : > "$script"
  if ((existing < CALLERS)); then
    seq -f 'parley:account-add bcaller%04g' $((existing + 1)) "$CALLERS" \
      | awk '{ n = substr($2, 8); print $0 " csecret" n }' >> "$script"
  fi
  if [[ $(echo "parley:account-list | grep \"sip:$CALLEE@\" | wc -l" | shell_batch 2>&1 | tr -dc '0-9') == 0 ]]; then
    echo "parley:account-add $CALLEE callee-secret" >> "$script"
  fi
  log "creating $(wc -l < "$script") accounts ($existing callers already there)"
  shell_batch < "$script" > "$OUT/accounts.out" 2>&1 || die "account creation failed, see $OUT/accounts.out"
  {
    echo SEQUENTIAL
    for i in $(seq -f %04g 1 "$CALLERS"); do
      printf 'bcaller%s;[authentication username=bcaller%s password=csecret%s]\n' "$i" "$i" "$i"
    done
  } > "$OUT/callers.csv"
  printf 'SEQUENTIAL\n%s;[authentication username=%s password=callee-secret]\n' "$CALLEE" "$CALLEE" \
    > "$OUT/callee.csv"
}

# Registers UAS_PORT as the callee's contact, then keeps a SIPp UAS answering there for the whole run.
start_callee() {
  mkdir -p "$OUT/uas"
  (cd "$OUT/uas" && sipp -sf "$register_scenario" -inf "$OUT/callee.csv" -key domain "$DOMAIN" -auth_uri "$DOMAIN" \
      -i 127.0.0.1 -p "$UAS_PORT" -m 1 -nostdin -timeout 30s -timeout_error -default_behaviors all,-bye \
      "127.0.0.1:$SIP_PORT" > register.log 2>&1) || die "the callee did not register, see $OUT/uas/register.log"
  (cd "$OUT/uas" && exec sipp -sf "$uas_scenario" -i 127.0.0.1 -p "$UAS_PORT" -nostdin -buff_size "$SIPP_BUFFER" \
      -trace_stat -stf stat.csv -fd 5 -trace_err -error_file errors.log > screen.log 2>&1) &
  background_pids+=($!)
  sleep 1
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

# Waits until one call goes through (the call service may start after the SIP core).
wait_for_calls() {
  local deadline=$((SECONDS + 120)) failed
  while ((SECONDS < deadline)); do
    read -r _ _ failed _ <<< "$(call_step 1 1 ready)"
    if ((failed == 0)); then return 0; fi
    sleep 2
  done
  die "no call went through within 120 s: $(tail -c 600 "$OUT/ready/errors.log" 2> /dev/null)"
}

# Heap used (KiB) after a full GC of the Karaf JVM.
heap_used_kib() {
  local pid
  pid=$(cat "$DIST/karaf.pid")
  jcmd "$pid" GC.run > /dev/null
  sleep 2
  jcmd "$pid" GC.heap_info | awk '/ used / { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub("K", "", v); print v; exit } }'
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
  command -v sipp > /dev/null || die "sipp not found: apt-get install -y sip-tester"
  command -v sipsak > /dev/null || die "sipsak not found: apt-get install -y sipsak"
  command -v jcmd > /dev/null || die "jcmd not found (a JDK is needed to measure the heap)"
  local scenario
  for scenario in "$uac_scenario" "$uas_scenario" "$register_scenario"; do
    [[ -f $scenario ]] || die "SIPp scenario $scenario not found"
  done
  mkdir -p "$OUT"
  log "results in $OUT"

  configure
  cfg_set "$DIST/etc/dev.parley.call.cfg" max.calls.per.user 1000000
  export EXTRA_JAVA_OPTS="${EXTRA_JAVA_OPTS:-} -Xmx$HEAP"
  start_if_needed
  create_accounts
  start_callee

  log "SIPp loopback base (uac -> uas)"
  local base best=0 line rate failed achieved
  base=$(loopback_base)
  echo "sipp uac->uas loopback: $base calls/s without failures" | tee -a "$OUT/summary.txt"

  wait_for_calls
  log "warm-up: $WARMUP_RATE calls/s for $WARMUP_SECONDS s (not measured)"
  call_step "$WARMUP_RATE" "$WARMUP_SECONDS" warmup > /dev/null

  printf '%8s %8s %7s %8s %9s %8s %8s %8s %8s\n' rate ok failed retrans achieved \
    p50-407 p99-407 p50-200 p99-200 | tee -a "$OUT/summary.txt"
  for rate in $RATES; do
    line=$(call_step "$rate" "$STEP_SECONDS" "call-$rate")
    read -r rate _ failed _ achieved _ _ _ _ <<< "$line"
    # shellcheck disable=SC2086 # the step's figures are meant to be split into columns
    printf '%8s %8s %7s %8s %9s %8s %8s %8s %8s\n' $line | tee -a "$OUT/summary.txt"
    ((failed == 0)) || break
    reached "$rate" "$achieved" || { log "step $rate: only $achieved/s achieved, not counted"; break; }
    best=$rate
  done
  awk -v b="$best" -v base="$base" 'BEGIN {
    printf "highest call rate without failures: %d calls/s (base %d calls/s, ratio %.2f)\n", b, base, (base > 0 ? b / base : 0) }' \
    | tee -a "$OUT/summary.txt"

  if ((HELD_CALLS > 0)); then settle; held_calls; fi
  echo "callee UAS: $(stat_value "$OUT/uas/stat.csv" 'FailedCall(C)') failed calls over the run" | tee -a "$OUT/summary.txt"
}

main "$@"
