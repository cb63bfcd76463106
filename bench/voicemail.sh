#!/usr/bin/env bash
# Parley concurrent voicemail deposits through SIP (see bench/README.md, "Voicemail deposits").
#
#   bench/voicemail.sh [distribution-dir]        default: karaf-distribution/target/assembly
#
# Configures the distribution's ports and RTP range, starts it if it is not running (and stops it again at the end),
# installs parley-voicemail, creates a caller and a mailbox owner, then for each N in DEPOSITS: N concurrent SIPp
# calls to the unregistered owner, each waiting for the greeting and the beep, streaming a 1 kHz A-law tone for
# STREAM_SECONDS (play_pcap_audio of a pcap made here), then hanging up. One mailbox for all: SIPp signs every digest
# with one URI (-auth_uri) and Parley wants the Request-URI there. Per N it reports the messages stored, their
# durations, gaps > 60 ms in any recording, lost packets, the Karaf JVM's CPU per deposit and its threads.
# Loopback only; every SIPp run is bounded in calls and time.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)

DIST=$(cd "${1:-$repo/karaf-distribution/target/assembly}" && pwd)
DOMAIN=${DOMAIN:-parley.test}
SIP_PORT=${SIP_PORT:-45460}            # Parley UDP and TCP (block 4: presence.sh has 45360)
WS_PORT=${WS_PORT:-45466}
SSH_PORT=${SSH_PORT:-48141}            # Karaf ssh (bin/client)
RMI_REGISTRY_PORT=${RMI_REGISTRY_PORT:-41499}
RMI_SERVER_PORT=${RMI_SERVER_PORT:-44485}
RTP_PORT_MIN=${RTP_PORT_MIN:-30000}    # Parley's RTP range (dev.parley.media)
RTP_PORT_MAX=${RTP_PORT_MAX:-39999}
SIPP_PORT=${SIPP_PORT:-46460}          # SIPp's SIP port towards Parley
SIPP_MEDIA_PORT=${SIPP_MEDIA_PORT:-46462}
HEAP=${HEAP:-1g}                       # -Xmx of a Karaf this script starts (ignored if one is running)
DEPOSITS=${DEPOSITS:-"50 100 200 300"} # concurrent deposits per run
STREAM_SECONDS=${STREAM_SECONDS:-30}   # audio each caller sends after the beep
GREETING_MS=${GREETING_MS:-6500}       # the generic greeting (5.4 s) and the beep (0.4 s), with a margin
RAMP_RATE=${RAMP_RATE:-25}             # calls/s while the N calls are set up (all N overlap when N / rate < stream)
SIPP_BUFFER=${SIPP_BUFFER:-4194304}
OUT=${OUT:-$here/results/voicemail-$(date -u +%Y%m%dT%H%M%SZ)}
ADMIN_USER=${PARLEY_ADMIN_USER:-}
ADMIN_PASSWORD=${PARLEY_ADMIN_PASSWORD:-}
CALLER=vmcaller
OWNER=vmbox

itest_scenario=$repo/itests/src/test/resources/sipp/uac-voicemail-pcap.xml
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

# Writes a pcap of $1 seconds of a 1 kHz A-law tone, one 20 ms RTP packet (PT 8) per frame, to $2. The samples sit
# at +-22.5 and +-67.5 degrees of the period, so no byte is ever A-law silence: any silence in a recording was filled
# in by Parley for missing packets.
make_tone_pcap() {
  python3 - "$1" "$2" << 'EOF'
import math, struct, sys
seconds, path = int(sys.argv[1]), sys.argv[2]

def alaw(sample):
    sign = 0x80 if sample >= 0 else 0
    magnitude = min(abs(sample), 32635) >> 3
    if magnitude < 32:
        code = magnitude >> 1
    else:
        exponent = magnitude.bit_length() - 5
        code = (exponent << 4) | ((magnitude >> exponent) & 0x0F)
    return (sign | code) ^ 0x55

period = bytes(alaw(int(12000 * math.sin(2 * math.pi * (n + 0.5) / 8))) for n in range(8))
payload = period * 20
with open(path, 'wb') as out:
    out.write(struct.pack('<IHHiIII', 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    for i in range(seconds * 50):
        rtp = struct.pack('>BBHII', 0x80, 8, i & 0xFFFF, i * 160, 0x5EED) + payload
        udp = struct.pack('>HHHH', 20000, 30000, 8 + len(rtp), 0) + rtp
        ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, bytes([127, 0, 0, 1]),
                         bytes([127, 0, 0, 1])) + udp
        frame = b'\x00' * 12 + b'\x08\x00' + ip
        micros = i * 20000
        out.write(struct.pack('<IIII', 1_000_000 + micros // 1_000_000, micros % 1_000_000, len(frame), len(frame)))
        out.write(frame)
EOF
}

# The itests' deposit scenario with the tone pcap instead of Debian's 7 s speech and the hang-up once the stream is
# over.
make_scenario() {
  local hold_ms=$((STREAM_SECONDS * 1000 + 500))
  [[ -f $itest_scenario ]] || die "SIPp scenario $itest_scenario not found"
  sed -e "s|/usr/share/sip-tester/g711a.pcap|$OUT/tone.pcap|" \
      -e "s|<pause milliseconds=\"8000\"/>|<pause milliseconds=\"$hold_ms\"/>|" \
      "$itest_scenario" > "$OUT/deposit.xml"
  grep -q "$OUT/tone.pcap" "$OUT/deposit.xml" && grep -q "milliseconds=\"$hold_ms\"" "$OUT/deposit.xml" \
    || die "could not derive the deposit scenario from $itest_scenario"
}

# Creates the caller and the mailbox owner (or sets their passwords, if an earlier run created them), and the
# injection file.
create_accounts() {
  local user command
  for user in "$CALLER" "$OWNER"; do
    command="parley:account-add $user $user-secret"
    if [[ $(echo "parley:account-list | grep \"sip:$user@\" | wc -l" | shell_batch 2>&1 | tr -dc '0-9') != 0 ]]; then
      command="parley:account-passwd $user $user-secret"
    fi
    echo "$command" | shell_batch >> "$OUT/accounts.out" 2>&1 || die "$command failed, see $OUT/accounts.out"
  done
  printf 'SEQUENTIAL\n%s;[authentication username=%s password=%s-secret]\n' "$CALLER" "$CALLER" "$CALLER" \
    > "$OUT/callers.csv"
}

install_voicemail() {
  local deadline=$((SECONDS + 120))
  echo 'feature:install parley-voicemail' | shell_batch > "$OUT/feature.out" 2>&1 || die "feature:install failed"
  while ((SECONDS < deadline)); do
    if echo 'service:list dev.parley.api.call.CallDiversion' | shell_batch 2>&1 | grep -q VoicemailDiversion; then
      return 0
    fi
    sleep 2
  done
  die "the voicemail diversion did not start within 120 s"
}

# The owner's new messages (parley:voicemail prints "<uri>: N new, M old ...").
new_messages() {
  echo "parley:voicemail $OWNER" | shell_batch 2>&1 \
    | awk '/: [0-9]+ new, / { for (i = 1; i <= NF; i++) if ($i == "new,") n = $(i - 1) } END { print n + 0 }'
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
threads() { awk '/^Threads:/ { print $2 }' "/proc/$1/status"; }

# Samples the Karaf JVM's threads every 2 s into $1/threads.log and parley:media every 10 s into $1/media-<i>.txt
# until killed (sets sampler_pids: deposit_run runs in a pipeline's subshell, apart from lib.sh's background_pids).
sample_karaf() {
  local dir=$1 pid i
  pid=$(cat "$DIST/karaf.pid")
  (while threads "$pid" >> "$dir/threads.log" 2> /dev/null; do sleep 2; done) > /dev/null 2>&1 &
  sampler_pids=($!)
  (for ((i = 1; ; i++)); do sleep 10; echo 'parley:media' | shell_batch > "$dir/media-$i.txt" 2>&1; done) > /dev/null 2>&1 &
  sampler_pids+=($!)
}

# Sums the In and Lost columns of the parley:media table in $1: "sessions in lost" (the run's figures come from
# the sample with the most sessions, the latest of those: the counters only grow while a session is open).
media_totals() {
  awk -F'|' 'NF >= 9 && $5 ~ /^ *[0-9]+ *$/ { n++; pin += $5; lost += $7 } END { print n + 0, pin + 0, lost + 0 }' "$1"
}

# Reads every recording newer than $1 in the owner's folder: "files min-s max-s with-gap longest-silence-ms
# filled-packets" (a run of 160 silence bytes is a packet Parley filled in; 480 = 60 ms is a gap).
analyse_recordings() {
  find "$DIST/data/parley/voicemail/$DOMAIN/$OWNER" -name '*.wav' -newer "$1" -print0 \
    | python3 -c '
import re, sys
names = [n for n in sys.stdin.read().split("\0") if n and not n.endswith("greeting.wav")]
durations, gaps, longest, filled = [], 0, 0, 0
for name in names:
    data = open(name, "rb").read()
    start = data.find(b"data") + 8
    audio = data[start:]
    durations.append(len(audio) / 8000)
    runs = [len(m.group()) for m in re.finditer(rb"[\x55\xd5]+", audio)]
    longest = max([longest] + runs)
    gaps += any(run >= 480 for run in runs)
    filled += sum(run // 160 for run in runs)
print(len(names), "%.1f" % min(durations or [0]), "%.1f" % max(durations or [0]), gaps, longest // 8, filled)'
}

# One run of $1 concurrent deposits; prints its summary line.
deposit_run() {
  local n=$1 dir=$OUT/deposits-$1 pid before_cpu after_cpu before_msgs after_msgs rc=0 ramp seconds started wall
  local hz ok failed max_threads media sample
  mkdir -p "$dir"
  pid=$(cat "$DIST/karaf.pid")
  hz=$(getconf CLK_TCK)
  ramp=$(((n + RAMP_RATE - 1) / RAMP_RATE))
  seconds=$((ramp + GREETING_MS / 1000 + STREAM_SECONDS + 2))
  before_msgs=$(new_messages)
  touch "$dir/started"
  local sampler_pids=()
  sample_karaf "$dir"
  before_cpu=$(cpu_ticks "$pid")
  started=$SECONDS
  (cd "$dir" && sipp -sf "$OUT/deposit.xml" -inf "$OUT/callers.csv" -s "$OWNER" -key domain "$DOMAIN" \
      -auth_uri "$OWNER@$DOMAIN" -i 127.0.0.1 \
      -p "$SIPP_PORT" -mi 127.0.0.1 -mp "$SIPP_MEDIA_PORT" -r "$RAMP_RATE" -m "$n" -l "$n" -d "$GREETING_MS" \
      -nostdin -buff_size "$SIPP_BUFFER" -timeout "$((seconds + 60))s" -timeout_error -trace_stat -stf stat.csv \
      -fd 5 -trace_err -error_file errors.log "127.0.0.1:$SIP_PORT" > screen.log 2>&1) || rc=$?
  after_cpu=$(cpu_ticks "$pid")
  wall=$((SECONDS - started))
  kill "${sampler_pids[@]}" 2> /dev/null || true
  read -r ok failed _ <<< "$(sipp_outcome "$dir" "$n" "$rc")"
  sleep 3   # the last deposits finish their files after the BYE
  after_msgs=$(new_messages)
  max_threads=$(sort -n "$dir/threads.log" 2> /dev/null | tail -1 || true)
  media=$(for sample in "$dir"/media-*.txt; do [[ -f $sample ]] && media_totals "$sample"; done \
    | sort -n -k1,1 -k2,2 | tail -1 || true)
  awk -v n="$n" -v ok="$ok" -v failed="$failed" -v stored=$((after_msgs - before_msgs)) -v hz="$hz" \
      -v cpu=$((after_cpu - before_cpu)) -v wall="$wall" -v threads="${max_threads:-0}" \
      -v media="${media:-0 0 0}" -v rec="$(analyse_recordings "$dir/started")" 'BEGIN {
    split(media, m, " "); split(rec, r, " ")
    printf "%6d %6d %6d %6d %6d %6s-%-5s %5d %6d %6d %7d %6d %8.1f %8.2f %8d\n", n, ok, failed, stored, r[1], r[2], r[3],
      r[4], r[5], r[6], m[1], m[3], 100 * cpu / hz / wall, 1000 * cpu / hz / n, threads }'
}

# Waits until Parley has no media session left from the previous run.
drain() {
  local deadline=$((SECONDS + 120)) sessions
  while ((SECONDS < deadline)); do
    sessions=$(echo 'parley:media' | shell_batch 2>&1 | grep -c '|' || true)
    ((sessions <= 1)) && return 0   # the header row only
    sleep 5
  done
  log "media sessions still open after 120 s"
}

main() {
  command -v sipp > /dev/null || die "sipp not found: apt-get install -y sip-tester"
  command -v sipsak > /dev/null || die "sipsak not found: apt-get install -y sipsak"
  command -v python3 > /dev/null || die "python3 not found (makes the pcap and reads the recordings)"
  mkdir -p "$OUT"
  log "results in $OUT"
  make_tone_pcap "$STREAM_SECONDS" "$OUT/tone.pcap"
  make_scenario

  configure
  cfg_set "$DIST/etc/dev.parley.call.cfg" max.calls.per.user 1000000
  cfg_set "$DIST/etc/dev.parley.media.cfg" rtp.port.min "$RTP_PORT_MIN"
  cfg_set "$DIST/etc/dev.parley.media.cfg" rtp.port.max "$RTP_PORT_MAX"
  cfg_set "$DIST/etc/dev.parley.media.cfg" bind.address 127.0.0.1
  cfg_set "$DIST/etc/dev.parley.voicemail.cfg" max.message.seconds $((STREAM_SECONDS + 60))
  export EXTRA_JAVA_OPTS="${EXTRA_JAVA_OPTS:-} -Xmx$HEAP"
  start_if_needed
  install_voicemail
  create_accounts

  {
    echo "# $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg); $STREAM_SECONDS s of A-law per deposit"
    printf '%6s %6s %6s %6s %6s %12s %5s %6s %6s %7s %6s %8s %8s %8s\n' deposits ok failed stored files \
      'length-s' gaps 'sil-ms' filled media lost 'cpu%' 'cpu-ms/d' threads
  } | tee -a "$OUT/summary.txt"
  local n
  for n in $DEPOSITS; do
    drain
    deposit_run "$n" | tee -a "$OUT/summary.txt"
  done
}

main "$@"
