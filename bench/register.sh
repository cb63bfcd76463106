#!/usr/bin/env bash
# Parley authenticated-REGISTER benchmark (see bench/README.md).
#
#   bench/register.sh [distribution-dir]        default: karaf-distribution/target/assembly
#
# Configures the distribution's ports, starts it if it is not running (and stops it again at the end),
# creates ACCOUNTS accounts through one bin/client session, warms the JVM up, measures the SIPp
# UAC->UAS loopback rate as the base, then runs SIPp's REGISTER -> 401 -> REGISTER -> 200 at increasing
# rates until the first step with a failed call. Loopback only; every step is bounded in calls and time.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)

DIST=$(cd "${1:-$repo/karaf-distribution/target/assembly}" && pwd)
DOMAIN=${DOMAIN:-parley.test}
SIP_PORT=${SIP_PORT:-45060}            # Parley UDP and TCP
WS_PORT=${WS_PORT:-45066}
SSH_PORT=${SSH_PORT:-48101}            # Karaf ssh (bin/client)
RMI_REGISTRY_PORT=${RMI_REGISTRY_PORT:-41099}
RMI_SERVER_PORT=${RMI_SERVER_PORT:-44445}
SIPP_PORT=${SIPP_PORT:-46060}          # SIPp's own port towards Parley
BASE_UAS_PORT=${BASE_UAS_PORT:-46070}  # SIPp UAS of the loopback base
BASE_UAC_PORT=${BASE_UAC_PORT:-46071}
ACCOUNTS=${ACCOUNTS:-10000}
RATES=${RATES:-"250 500 1000 2000 3000 4000 5000 6000 8000 10000 12000"}
# the base's own steps: independent of RATES, so that a finer REGISTER ladder does not cap the base
BASE_RATES=${BASE_RATES:-"1000 2000 4000 6000 8000 10000 12000 14000 16000 20000 24000 30000"}
STEP_SECONDS=${STEP_SECONDS:-10}
WARMUP_RATE=${WARMUP_RATE:-500}
WARMUP_SECONDS=${WARMUP_SECONDS:-20}
SIPP_BUFFER=${SIPP_BUFFER:-4194304}    # SIPp socket buffers (bytes; capped by net.core.rmem_max/wmem_max)
P99_TARGET_MS=${P99_TARGET_MS:-10}     # the summary also names the highest clean step with both p99 below this
PROFILE=${PROFILE:-0}                  # 1: per step, jstat -gcutil, top -H and jstacks of the Karaf JVM (costs CPU)
OUT=${OUT:-$here/results/$(date -u +%Y%m%dT%H%M%SZ)}
ADMIN_USER=${PARLEY_ADMIN_USER:-}
ADMIN_PASSWORD=${PARLEY_ADMIN_PASSWORD:-}

scenario=$repo/itests/src/test/resources/sipp/register-auth.xml
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

# Creates the missing ones of bench00001..benchNNNNN (password secretNNNNN) through bin/client batch sessions and
# prints the figures. bin/client silently drops a batch input or output of a few hundred KB (no error, exit 0):
# so the existing accounts are counted inside the shell, not listed, and the input goes in 4,000-line parts.
# A batch stops at its first failing command and the accounts are created in order, so the bench accounts an
# earlier run left are bench00001..benchK: creation resumes at K+1.
create_accounts() {
  local script=$OUT/accounts.karaf t0 t1 existing created part
  existing=$(echo 'parley:account-list | grep "sip:bench" | wc -l' | shell_batch 2>&1 | tr -dc '0-9')
  [[ -n $existing ]] || die "could not count the existing bench accounts through bin/client"
  if ((existing < ACCOUNTS)); then
    seq -f 'parley:account-add bench%05g' $((existing + 1)) "$ACCOUNTS" \
      | awk '{ n = substr($2, 6); print $0 " secret" n }' > "$script"
  else
    : > "$script"
  fi
  log "creating $(wc -l < "$script") accounts through bin/client batch sessions ($existing already there)"
  rm -f "$OUT"/accounts.part.*
  : > "$OUT/accounts.out"
  split -l 4000 "$script" "$OUT/accounts.part."
  t0=$(date +%s.%N)
  for part in "$OUT"/accounts.part.*; do
    [[ -f $part ]] || continue   # nothing to create
    shell_batch < "$part" >> "$OUT/accounts.out" 2>&1 || die "account creation failed, see $OUT/accounts.out"
  done
  t1=$(date +%s.%N)
  created=$(grep -c '^Created ' "$OUT/accounts.out" || true)
  awk -v a="$t0" -v b="$t1" -v c="$created" 'BEGIN {
    s = b - a; printf "accounts: %d created in %.1f s, %.0f accounts/s\n", c, s, (c > 0 ? c / s : 0) }' \
    | tee -a "$OUT/summary.txt"
  ((created + existing >= ACCOUNTS)) || die "only $((created + existing)) of $ACCOUNTS accounts exist, see $OUT/accounts.out"
}

write_users_csv() {
  {
    echo SEQUENTIAL
    for i in $(seq -f %05g 1 "$ACCOUNTS"); do
      printf 'bench%s;[authentication username=bench%s password=secret%s]\n' "$i" "$i" "$i"
    done
  } > "$OUT/users.csv"
}
# "cpu-seconds young-gcs young-gc-seconds" the Karaf JVM has used so far: CPU from /proc (user + system), GC
# pauses from jstat (G1 counts its mixed collections as young ones); zeros when it cannot be read.
karaf_usage() {
  local pid cpu gc
  pid=$(cat "$DIST/karaf.pid" 2> /dev/null) || { echo "0 0 0"; return; }
  cpu=$(awk -v tick="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / tick }' "/proc/$pid/stat" 2> /dev/null) || cpu=0
  gc=$(jstat -gcutil "$pid" 2> /dev/null | awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
    NR == 2 { print $c["YGC"] + $c["FGC"], $c["YGCT"] + $c["FGCT"] }') || gc=
  echo "$cpu ${gc:-0 0}"
}

# Runs one REGISTER step; prints "rate ok failed retrans achieved p50-401 p99-401 p50-200 p99-200 cpu% us/reg
# gcs gc-ms": the Karaf JVM's CPU over the step (% of one core), its CPU time per successful registration (the
# figure least moved by other load on the machine) and its GC pauses during the step.
register_step() {
  local rate=$1 seconds=$2 name=$3 dir calls rc=0 ok failed retrans achieved before after t0 t1
  dir=$OUT/$name
  mkdir -p "$dir"
  calls=$((rate * seconds))
  profile_karaf "$dir" "$seconds"
  before=$(karaf_usage)
  t0=$(date +%s.%N)
  (cd "$dir" && sipp -sf "$scenario" -inf "$OUT/users.csv" -key domain "$DOMAIN" -auth_uri "$DOMAIN" \
      -i 127.0.0.1 -p "$SIPP_PORT" -r "$rate" -m "$calls" -nostdin -default_behaviors all,-bye -buff_size "$SIPP_BUFFER" \
      -timeout "$((seconds * 3 + 30))s" -timeout_error \
      -trace_stat -stf stat.csv -fd 1 -trace_rtt -rtt_freq 1000 -trace_err -error_file errors.log \
      "127.0.0.1:$SIP_PORT" > screen.log 2>&1) || rc=$?
  t1=$(date +%s.%N)
  after=$(karaf_usage)
  ok=$(stat_value "$dir/stat.csv" 'SuccessfulCall(C)')
  failed=$(stat_value "$dir/stat.csv" 'FailedCall(C)')
  retrans=$(stat_value "$dir/stat.csv" 'Retransmissions(C)')
  achieved=$(stat_value "$dir/stat.csv" 'CallRate(C)')
  ok=${ok:-0}
  # SIPp exits non-zero on a failed call or a timeout; calls still open at the timeout count as failed.
  ((rc == 0 && ok == calls)) || failed=$((calls - ok))
  local rtt
  rtt=$(find "$dir" -name 'register-auth_*_rtt.csv' | head -1)
  echo "$rate $ok $failed $retrans $achieved $(percentiles "$rtt" 1) $(percentiles "$rtt" 2)" \
    "$(awk -v b="$before" -v a="$after" -v t0="$t0" -v t1="$t1" -v ok="$ok" 'BEGIN {
      split(b, x, " "); split(a, y, " "); cpu = y[1] - x[1]
      printf "%.0f %.0f %d %.0f", 100 * cpu / (t1 - t0), (ok > 0 ? 1e6 * cpu / ok : 0), y[2] - x[2], 1000 * (y[3] - x[3]) }')"
}

# Waits until one authenticated REGISTER of the first user succeeds (the registrar may start after the shell).
wait_for_registrar() {
  local deadline=$((SECONDS + 120)) failed
  while ((SECONDS < deadline)); do
    read -r _ _ failed _ <<< "$(register_step 1 1 ready)"
    if ((failed == 0)); then return 0; fi
    sleep 2
  done
  die "no authenticated REGISTER succeeded within 120 s: $(tail -c 400 "$OUT/ready/errors.log" 2> /dev/null)"
}

main() {
  command -v sipp > /dev/null || die "sipp not found: apt-get install -y sip-tester"
  command -v sipsak > /dev/null || die "sipsak not found: apt-get install -y sipsak"
  [[ -f $scenario ]] || die "SIPp scenario $scenario not found"
  mkdir -p "$OUT"
  log "results in $OUT"

  configure
  start_if_needed
  create_accounts
  write_users_csv

  log "SIPp loopback base (uac -> uas)"
  local base best=0 within_target=0 line rate failed achieved p99_401 p99_200
  base=$(loopback_base)
  echo "sipp uac->uas loopback: $base calls/s without failures" | tee -a "$OUT/summary.txt"

  wait_for_registrar
  log "warm-up: $WARMUP_RATE REGISTER/s for $WARMUP_SECONDS s (not measured)"
  register_step "$WARMUP_RATE" "$WARMUP_SECONDS" warmup > /dev/null

  printf '%8s %8s %7s %8s %9s %8s %8s %8s %8s %5s %7s %4s %6s\n' rate ok failed retrans achieved \
    p50-401 p99-401 p50-200 p99-200 cpu% us/reg gcs gc-ms | tee -a "$OUT/summary.txt"
  for rate in $RATES; do
    line=$(register_step "$rate" "$STEP_SECONDS" "register-$rate")
    read -r rate _ failed _ achieved _ p99_401 _ p99_200 _ <<< "$line"
    # shellcheck disable=SC2086 # the step's figures are meant to be split into columns
    printf '%8s %8s %7s %8s %9s %8s %8s %8s %8s %5s %7s %4s %6s\n' $line | tee -a "$OUT/summary.txt"
    ((failed == 0)) || break
    reached "$rate" "$achieved" || { log "step $rate: only $achieved/s achieved, not counted"; break; }
    best=$rate
    if [[ $p99_401$p99_200 =~ ^[0-9]+$ ]] && ((p99_401 < P99_TARGET_MS && p99_200 < P99_TARGET_MS)); then
      within_target=$rate
    fi
  done
  echo "highest REGISTER rate without failures: $best registrations/s (base $base calls/s)" \
    | tee -a "$OUT/summary.txt"
  echo "highest REGISTER rate without failures and both p99 < $P99_TARGET_MS ms: $within_target registrations/s" \
    | tee -a "$OUT/summary.txt"
}

main "$@"
