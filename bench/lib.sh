# Functions shared by the benchmark scripts (register.sh, call.sh); sourced, not run. The sourcing script sets
# DIST, DOMAIN, the ports (SIP_PORT, WS_PORT, SSH_PORT, RMI_REGISTRY_PORT, RMI_SERVER_PORT, BASE_UAS_PORT,
# BASE_UAC_PORT), BASE_RATES, STEP_SECONDS, SIPP_BUFFER, PROFILE, OUT, ADMIN_USER and ADMIN_PASSWORD first.

started_here=false
base_uas_pid=
background_pids=()   # other SIPp processes a script started; killed on exit

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
  for pid in "${background_pids[@]}"; do kill "$pid" 2> /dev/null || true; done
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

# True when the achieved call rate $2 is at least 95 % of the requested rate $1 (SIPp falls behind when starved).
reached() { awk -v want="$1" -v got="${2:-0}" 'BEGIN { exit !(got >= 0.95 * want) }'; }

# Value of column $2 in the last line of SIPp's ';'-separated statistics file $1.
stat_value() {
  awk -F';' -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i } END { print $c }' "$1"
}

# "ok failed retrans achieved" of the SIPp run in directory $1 that was to complete $2 calls and exited with $3:
# SIPp exits non-zero on a failed call or a timeout, and calls still open at the timeout count as failed.
sipp_outcome() {
  local dir=$1 calls=$2 rc=$3 ok failed
  ok=$(stat_value "$dir/stat.csv" 'SuccessfulCall(C)')
  failed=$(stat_value "$dir/stat.csv" 'FailedCall(C)')
  ok=${ok:-0}
  ((rc == 0 && ok == calls)) || failed=$((calls - ok))
  echo "$ok $failed $(stat_value "$dir/stat.csv" 'Retransmissions(C)') $(stat_value "$dir/stat.csv" 'CallRate(C)')"
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
