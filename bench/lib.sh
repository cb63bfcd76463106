# Functions shared by the benchmark scripts; sourced, not run, after the script has set $here and $repo. The
# script sets DIST, DOMAIN, the ports (SIP_PORT, WS_PORT, SSH_PORT, RMI_REGISTRY_PORT, RMI_SERVER_PORT,
# BASE_UAS_PORT, BASE_UAC_PORT), BASE_RATES, STEP_SECONDS, SIPP_BUFFER, PROFILE, OUT, ADMIN_USER and
# ADMIN_PASSWORD before it calls them; common_settings sets the shared ones.

sipp_dir=$repo/itests/src/test/resources/sipp
register_scenario=$sipp_dir/register-auth.xml

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

# The settings every benchmark has, each overridable from the environment: distribution $2 (default: the one
# built here), and ports in block $1 (register.sh 0, call.sh 1, message.sh 2, presence.sh 3), so that several
# benchmarks can run side by side.
common_settings() {
  local block=$1
  DIST=$(cd "${2:-$repo/karaf-distribution/target/assembly}" && pwd)
  DOMAIN=${DOMAIN:-parley.test}
  SIP_PORT=${SIP_PORT:-$((45060 + 100 * block))}                # Parley UDP and TCP
  WS_PORT=${WS_PORT:-$((45066 + 100 * block))}
  SSH_PORT=${SSH_PORT:-$((48101 + 10 * block))}                 # Karaf ssh (bin/client)
  RMI_REGISTRY_PORT=${RMI_REGISTRY_PORT:-$((41099 + 100 * block))}
  RMI_SERVER_PORT=${RMI_SERVER_PORT:-$((44445 + 10 * block))}
  SIPP_BUFFER=${SIPP_BUFFER:-4194304}  # SIPp socket buffers (bytes; capped by net.core.rmem_max/wmem_max)
  PROFILE=${PROFILE:-0}                # 1: per step, jstat -gcutil, top -H and jstacks of the Karaf JVM (costs CPU)
  ADMIN_USER=${PARLEY_ADMIN_USER:-}
  ADMIN_PASSWORD=${PARLEY_ADMIN_PASSWORD:-}
}

# Fails unless sipp and sipsak (used to wait for Parley) are installed and every SIPp scenario named exists.
require_tools() {
  local scenario
  command -v sipp > /dev/null || die "sipp not found: apt-get install -y sip-tester"
  command -v sipsak > /dev/null || die "sipsak not found: apt-get install -y sipsak"
  for scenario in "$@"; do
    [[ -f $scenario ]] || die "SIPp scenario $scenario not found"
  done
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

# How many accounts have an address that begins with sip:$1, counted inside the shell (bin/client silently drops
# a batch output of a few hundred KB, so the accounts are never listed out).
count_accounts() {
  local count
  count=$(echo "parley:account-list | grep \"sip:$1\" | wc -l" | shell_batch 2>&1 | tr -dc '0-9')
  [[ -n $count ]] || die "could not count the $1 accounts through bin/client"
  echo "$count"
}

# Appends to script $5 the commands that create the missing ones of accounts $1<n> for n = 1..$3 (n zero-padded
# to $2 digits, password $4<n>) and prints how many there were. Accounts are created in order and a batch stops
# at its first failing command, so those an earlier run left are 1..K: creation resumes at K+1.
add_numbered_accounts() {
  local prefix=$1 width=$2 count=$3 password=$4 script=$5 existing
  existing=$(count_accounts "$prefix")
  if ((existing < count)); then
    seq -f "parley:account-add $prefix%0${width}g" $((existing + 1)) "$count" \
      | awk -v skip="${#prefix}" -v password="$password" '{ print $0 " " password substr($2, skip + 1) }' >> "$script"
  fi
  echo "$existing"
}

# Appends to script $3 the command that creates account $1 (password $2) unless it exists.
add_named_account() {
  if [[ $(count_accounts "$1@") == 0 ]]; then echo "parley:account-add $1 $2" >> "$3"; fi
}

# Runs the account commands of script $1 in 4,000-line bin/client batches (bin/client silently drops a batch input
# of a few hundred KB), their output appended to $2.
run_account_script() {
  local script=$1 output=$2 part
  rm -f "$script".part.*
  split -l 4000 "$script" "$script.part."
  for part in "$script".part.*; do
    [[ -f $part ]] || continue   # nothing to create
    shell_batch < "$part" >> "$output" 2>&1 || die "account creation failed, see $output"
  done
}

# A SIPp injection file of accounts $1<n>, n = 1..$3 zero-padded to $2 digits, password $4<n>, on stdout.
numbered_users_csv() {
  local prefix=$1 width=$2 count=$3 password=$4
  echo SEQUENTIAL
  seq -f "%0${width}g" 1 "$count" | awk -v u="$prefix" -v p="$password" \
    '{ printf "%s%s;[authentication username=%s%s password=%s%s]\n", u, $1, u, $1, p, $1 }'
}

# A SIPp injection file of the one account $1 (password $2), on stdout.
named_user_csv() {
  printf 'SEQUENTIAL\n%s;[authentication username=%s password=%s]\n' "$1" "$1" "$2"
}

# Registers 127.0.0.1:$2 as the contact of user $1 (credentials in $OUT/$1.csv), then keeps SIPp scenario $4
# answering there in the background, in directory $3, its statistics written every $5 s.
register_and_answer() {
  local user=$1 port=$2 dir=$3 scenario=$4 stat_seconds=$5
  mkdir -p "$dir"
  (cd "$dir" && sipp -sf "$register_scenario" -inf "$OUT/$user.csv" -key domain "$DOMAIN" -auth_uri "$DOMAIN" \
      -i 127.0.0.1 -p "$port" -m 1 -nostdin -timeout 30s -timeout_error -default_behaviors all,-bye \
      "127.0.0.1:$SIP_PORT" > register.log 2>&1) || die "$user did not register, see $dir/register.log"
  (cd "$dir" && exec sipp -sf "$scenario" -i 127.0.0.1 -p "$port" -nostdin -buff_size "$SIPP_BUFFER" \
      -trace_stat -stf stat.csv -fd "$stat_seconds" -trace_err -error_file errors.log > screen.log 2>&1) &
  background_pids+=($!)
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

# Runs step function $1 for one call at 1/s (directory ready) every 2 s until one has no failure; gives up after
# 120 s ($2 says what did not work). The service measured may start a while after the SIP core.
wait_for_step() {
  local step=$1 what=$2 deadline=$((SECONDS + 120)) failed
  while ((SECONDS < deadline)); do
    read -r _ _ failed _ <<< "$("$step" 1 1 ready)"
    if ((failed == 0)); then return 0; fi
    sleep 2
  done
  die "$what within 120 s: $(tail -c 600 "$OUT/ready/errors.log" 2> /dev/null)"
}

# Measures the SIPp loopback base (base_rate, also in summary.txt), waits until step function $1 works ($2 says
# what did not), then warms the JVM up with it: WARMUP_RATE $3 per second for WARMUP_SECONDS, not measured.
base_and_warm_up() {
  local step=$1 what=$2 unit=$3
  log "SIPp loopback base (uac -> uas)"
  base_rate=$(loopback_base)
  echo "sipp uac->uas loopback: $base_rate calls/s without failures" | tee -a "$OUT/summary.txt"
  wait_for_step "$step" "$what"
  log "warm-up: $WARMUP_RATE $unit/s for $WARMUP_SECONDS s (not measured)"
  "$step" "$WARMUP_RATE" "$WARMUP_SECONDS" warmup > /dev/null
}

# The rate ladder: runs step function $1 at each rate of RATES for STEP_SECONDS (directories $2-<rate>) until the
# first step with a failure or below 95 % of its rate. Each step's line (first fields: rate ok failed retrans
# achieved) is printed with printf format $3 after header $4 (a line of column names), also to summary.txt, and
# handed to function $5 if given. Sets ladder_best to the highest clean rate.
ladder() {
  local step=$1 name=$2 format=$3 header=$4 on_step=${5:-} line rate failed achieved
  ladder_best=0
  # shellcheck disable=SC2086 # the column names and the step's figures are meant to be split
  printf "$format" $header | tee -a "$OUT/summary.txt"
  for rate in $RATES; do
    line=$("$step" "$rate" "$STEP_SECONDS" "$name-$rate")
    read -r rate _ failed _ achieved _ <<< "$line"
    # shellcheck disable=SC2086
    printf "$format" $line | tee -a "$OUT/summary.txt"
    ((failed == 0)) || break
    reached "$rate" "$achieved" || { log "step $rate: only $achieved/s achieved, not counted"; break; }
    ladder_best=$rate
    if [[ -n $on_step ]]; then "$on_step" "$line"; fi
  done
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
