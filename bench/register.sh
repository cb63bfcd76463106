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
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

common_settings 0 "${1:-}"             # ports 45060 (SIP), 45066, 48101 (ssh), 41099, 44445
SIPP_PORT=${SIPP_PORT:-46060}          # SIPp's own port towards Parley
BASE_UAS_PORT=${BASE_UAS_PORT:-46070}  # SIPp UAS of the loopback base
BASE_UAC_PORT=${BASE_UAC_PORT:-46071}
ACCOUNTS=${ACCOUNTS:-10000}
RATES=${RATES:-"250 500 1000 2000 3000 4000 5000 6000 8000 10000 12000"}
# the base's own steps: independent of RATES, so that a finer REGISTER ladder does not cap the base
BASE_RATES=${BASE_RATES:-"1000 2000 4000 6000 8000 10000 12000 14000 16000 20000 24000 30000"}
STEP_SECONDS=${STEP_SECONDS:-10}
# high and long enough for the JIT and for ZGC's heap to reach its working size (bench/README.md, 2026-11-26 03:33)
WARMUP_RATE=${WARMUP_RATE:-3000}
WARMUP_SECONDS=${WARMUP_SECONDS:-40}
P99_TARGET_MS=${P99_TARGET_MS:-10}     # the summary also names the highest clean step with both p99 below this
OUT=${OUT:-$here/results/$(date -u +%Y%m%dT%H%M%SZ)}

scenario=$register_scenario

# Creates the missing ones of bench00001..benchNNNNN (password secretNNNNN) and prints the figures.
create_accounts() {
  local script=$OUT/accounts.karaf t0 t1 existing created
  : > "$script"
  existing=$(add_numbered_accounts bench 5 "$ACCOUNTS" secret "$script")
  log "creating $(wc -l < "$script") accounts through bin/client batch sessions ($existing already there)"
  : > "$OUT/accounts.out"
  t0=$(date +%s.%N)
  run_account_script "$script" "$OUT/accounts.out"
  t1=$(date +%s.%N)
  created=$(grep -c '^Created ' "$OUT/accounts.out" || true)
  awk -v a="$t0" -v b="$t1" -v c="$created" 'BEGIN {
    s = b - a; printf "accounts: %d created in %.1f s, %.0f accounts/s\n", c, s, (c > 0 ? c / s : 0) }' \
    | tee -a "$OUT/summary.txt"
  ((created + existing >= ACCOUNTS)) || die "only $((created + existing)) of $ACCOUNTS accounts exist, see $OUT/accounts.out"
}

write_users_csv() {
  numbered_users_csv bench 5 "$ACCOUNTS" secret > "$OUT/users.csv"
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
  read -r ok failed retrans achieved <<< "$(sipp_outcome "$dir" "$calls" "$rc")"
  local rtt
  rtt=$(find "$dir" -name 'register-auth_*_rtt.csv' | head -1)
  echo "$rate $ok $failed $retrans $achieved $(percentiles "$rtt" 1) $(percentiles "$rtt" 2)" \
    "$(awk -v b="$before" -v a="$after" -v t0="$t0" -v t1="$t1" -v ok="$ok" 'BEGIN {
      split(b, x, " "); split(a, y, " "); cpu = y[1] - x[1]
      printf "%.0f %.0f %d %.0f", 100 * cpu / (t1 - t0), (ok > 0 ? 1e6 * cpu / ok : 0), y[2] - x[2], 1000 * (y[3] - x[3]) }')"
}

# A clean step whose p99s are both below the target raises within_target.
note_p99() {
  local p99_401 p99_200 rate
  read -r rate _ _ _ _ _ p99_401 _ p99_200 _ <<< "$1"
  if [[ $p99_401$p99_200 =~ ^[0-9]+$ ]] && ((p99_401 < P99_TARGET_MS && p99_200 < P99_TARGET_MS)); then
    within_target=$rate
  fi
}

main() {
  require_tools "$scenario"
  mkdir -p "$OUT"
  log "results in $OUT"

  configure
  start_if_needed
  create_accounts
  write_users_csv

  base_and_warm_up register_step "no authenticated REGISTER succeeded" REGISTER
  within_target=0

  ladder register_step register '%8s %8s %7s %8s %9s %8s %8s %8s %8s %5s %7s %4s %6s\n' \
    'rate ok failed retrans achieved p50-401 p99-401 p50-200 p99-200 cpu% us/reg gcs gc-ms' note_p99
  echo "highest REGISTER rate without failures: $ladder_best registrations/s (base $base_rate calls/s)" \
    | tee -a "$OUT/summary.txt"
  echo "highest REGISTER rate without failures and both p99 < $P99_TARGET_MS ms: $within_target registrations/s" \
    | tee -a "$OUT/summary.txt"
}

main "$@"
