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
started_here=false
base_uas_pid=

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Sets key = value in a .cfg/.properties file, replacing a commented or active line, else appending.
cfg_set() {
  local file=$1 key=$2 value=$3
  if grep -Eq "^[#[:space:]]*${key//./\\.}[[:space:]]*=" "$file"; then
    sed -i -E "s|^[#[:space:]]*${key//./\\.}[[:space:]]*=.*|${key} = ${value}|" "$file"
  else
    printf '%s = %s\n' "$key" "$value" >> "$file"
  fi
}

karaf_running() { "$DIST/bin/status" > /dev/null 2>&1; }

cleanup() {
  if [[ -n $base_uas_pid ]]; then kill "$base_uas_pid" 2> /dev/null || true; fi
  if $started_here; then
    log "stopping the distribution this script started"
    "$DIST/bin/stop" > /dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

# Runs Karaf shell commands read from stdin in one client session. Without PARLEY_ADMIN_USER the client logs in
# as the first user of etc/users.properties: the parley-admin that the distribution's bin/setenv generates.
shell_batch() {
  local credentials=()
  if [[ -n $ADMIN_USER ]]; then credentials=(-u "$ADMIN_USER" -p "$ADMIN_PASSWORD"); fi
  "$DIST/bin/client" -h 127.0.0.1 -a "$SSH_PORT" "${credentials[@]}" -r 30 -d 2 -b
}

# Waits until Parley answers an OPTIONS on the UDP port (any final response counts).
wait_for_sip() {
  local deadline=$((SECONDS + 180)) rc
  while ((SECONDS < deadline)); do
    rc=0
    sipsak -s "sip:ping@127.0.0.1:$SIP_PORT" -D 1 > /dev/null 2>&1 || rc=$?
    if ((rc == 0 || rc == 1)); then return 0; fi
    sleep 2
  done
  die "Parley did not answer OPTIONS on 127.0.0.1:$SIP_PORT within 180 s"
}

configure() {
  local etc=$DIST/etc
  [[ -f $etc/dev.parley.sip.cfg ]] || die "$etc/dev.parley.sip.cfg not found: is $DIST a Parley distribution?"
  cfg_set "$etc/dev.parley.sip.cfg" domains "$DOMAIN"
  cfg_set "$etc/dev.parley.sip.cfg" bind.address 127.0.0.1
  cfg_set "$etc/dev.parley.sip.cfg" udp.port "$SIP_PORT"
  cfg_set "$etc/dev.parley.sip.cfg" tcp.port "$SIP_PORT"
  cfg_set "$etc/dev.parley.sip.cfg" ws.port "$WS_PORT"
  cfg_set "$etc/org.apache.karaf.shell.cfg" sshPort "$SSH_PORT"
  cfg_set "$etc/org.apache.karaf.shell.cfg" sshHost 127.0.0.1
  cfg_set "$etc/org.apache.karaf.management.cfg" rmiRegistryPort "$RMI_REGISTRY_PORT"
  cfg_set "$etc/org.apache.karaf.management.cfg" rmiServerPort "$RMI_SERVER_PORT"
}

start_if_needed() {
  if karaf_running; then
    log "distribution already running: ssh/RMI port changes apply at its next start"
  else
    log "starting $DIST"
    "$DIST/bin/start"
    started_here=true
  fi
  wait_for_sip
}

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

# True when the achieved call rate $2 is at least 95 % of the requested rate $1 (SIPp falls behind when starved).
reached() { awk -v want="$1" -v got="${2:-0}" 'BEGIN { exit !(got >= 0.95 * want) }'; }

# Value of column $2 in the last line of SIPp's ';'-separated statistics file $1.
stat_value() {
  awk -F';' -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i } END { print $c }' "$1"
}

# p50 and p99 (ms) of response-time distribution $2 in SIPp's rtt file(s) $1 (none when no call got that far).
percentiles() {
  if [[ ! -f $1 ]]; then echo "n/a n/a"; return; fi
  awk -F';' -v rtd="$2" 'NR > 1 && $3 == rtd { print $2 }' "$1" | sort -n | awk '
    { v[NR] = $1 } END {
      if (NR == 0) { print "n/a n/a"; exit }
      p50 = v[int((NR - 1) * 0.50) + 1]; p99 = v[int((NR - 1) * 0.99) + 1]; print p50, p99 }'
}

# With PROFILE=1, samples the Karaf JVM into directory $1 for $2 seconds: GC every second, the busiest threads
# every 2 s, a thread dump every 3 s. Runs in the background; the samplers end by themselves.
profile_karaf() {
  local dir=$1 seconds=$2 pid i
  [[ $PROFILE == 1 ]] && ((seconds >= 4)) || return 0
  pid=$(cat "$DIST/karaf.pid" 2> /dev/null) || return 0
  jstat -gcutil -t "$pid" 1000 "$seconds" > "$dir/jstat.log" 2>&1 &
  top -H -b -d 2 -n $((seconds / 2)) -p "$pid" | grep -A 12 '^ *PID' > "$dir/top-threads.log" 2>&1 &
  (for ((i = 1; i <= seconds / 3; i++)); do sleep 3; jstack "$pid" > "$dir/jstack-$i.txt" 2>&1; done) &
}

# Runs one REGISTER step; prints "rate ok failed retrans achieved p50-401 p99-401 p50-200 p99-200".
register_step() {
  local rate=$1 seconds=$2 name=$3 dir calls rc=0 ok failed retrans achieved
  dir=$OUT/$name
  mkdir -p "$dir"
  calls=$((rate * seconds))
  profile_karaf "$dir" "$seconds"
  (cd "$dir" && sipp -sf "$scenario" -inf "$OUT/users.csv" -key domain "$DOMAIN" -auth_uri "$DOMAIN" \
      -i 127.0.0.1 -p "$SIPP_PORT" -r "$rate" -m "$calls" -nostdin -default_behaviors all,-bye -buff_size "$SIPP_BUFFER" \
      -timeout "$((seconds * 3 + 30))s" -timeout_error \
      -trace_stat -stf stat.csv -fd 1 -trace_rtt -rtt_freq 1000 -trace_err -error_file errors.log \
      "127.0.0.1:$SIP_PORT" > screen.log 2>&1) || rc=$?
  ok=$(stat_value "$dir/stat.csv" 'SuccessfulCall(C)')
  failed=$(stat_value "$dir/stat.csv" 'FailedCall(C)')
  retrans=$(stat_value "$dir/stat.csv" 'Retransmissions(C)')
  achieved=$(stat_value "$dir/stat.csv" 'CallRate(C)')
  ok=${ok:-0}
  # SIPp exits non-zero on a failed call or a timeout; calls still open at the timeout count as failed.
  ((rc == 0 && ok == calls)) || failed=$((calls - ok))
  local rtt
  rtt=$(find "$dir" -name 'register-auth_*_rtt.csv' | head -1)
  echo "$rate $ok $failed $retrans $achieved $(percentiles "$rtt" 1) $(percentiles "$rtt" 2)"
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

# Highest SIPp UAC->UAS loopback call rate without failures, the base of the ratio.
loopback_base() {
  local best=0 rate dir calls rc
  mkdir -p "$OUT/base"
  (cd "$OUT/base" && exec sipp -sn uas -i 127.0.0.1 -p "$BASE_UAS_PORT" -nostdin -buff_size "$SIPP_BUFFER" > uas.log 2>&1) &
  base_uas_pid=$!
  sleep 1
  for rate in $BASE_RATES; do
    dir=$OUT/base/uac-$rate
    mkdir -p "$dir"
    calls=$((rate * STEP_SECONDS))
    rc=0
    (cd "$dir" && sipp -sn uac -i 127.0.0.1 -p "$BASE_UAC_PORT" -r "$rate" -m "$calls" -nostdin \
        -buff_size "$SIPP_BUFFER" -timeout "$((STEP_SECONDS * 3 + 30))s" -timeout_error -trace_stat -stf stat.csv -fd 1 \
        "127.0.0.1:$BASE_UAS_PORT" > screen.log 2>&1) || rc=$?
    if ((rc != 0)) || [[ $(stat_value "$dir/stat.csv" 'SuccessfulCall(C)') != "$calls" ]] \
      || ! reached "$rate" "$(stat_value "$dir/stat.csv" 'CallRate(C)')"; then break; fi
    best=$rate
  done
  kill "$base_uas_pid" 2> /dev/null || true
  wait "$base_uas_pid" 2> /dev/null || true
  base_uas_pid=
  echo "$best"
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

  printf '%8s %8s %7s %8s %9s %8s %8s %8s %8s\n' rate ok failed retrans achieved \
    p50-401 p99-401 p50-200 p99-200 | tee -a "$OUT/summary.txt"
  for rate in $RATES; do
    line=$(register_step "$rate" "$STEP_SECONDS" "register-$rate")
    read -r rate _ failed _ achieved _ p99_401 _ p99_200 <<< "$line"
    # shellcheck disable=SC2086 # the step's figures are meant to be split into columns
    printf '%8s %8s %7s %8s %9s %8s %8s %8s %8s\n' $line | tee -a "$OUT/summary.txt"
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
