#!/bin/sh
# libjitsi beside Parley's media engine, outside OSGi (figures in bench/README.md, see README.md here):
#   spike.sh send-silence              # libjitsi sends PCMU from its headless default device (audiosilence), 5 s
#   spike.sh send-wav                  # the same from a custom WAV capture device (a 1 kHz tone)
#   spike.sh conference N SECONDS      # N three-party conferences on libjitsi's mixer, fed and judged by Peers
#   spike.sh parley N SECONDS          # the same conferences on Parley's engine (installed parley-media jar)
#   spike.sh record N SECONDS          # N streams recorded by libjitsi's stock recorder
# RTP ports PORT..PORT+999 on 127.0.0.1 (default 47000). Needs the installed parley-api/parley-media jars
# (mvn -o -q install -pl bundles/api,bundles/media) and sox for send-wav.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-/tmp/parley-libjitsi-spike}
PORT=${PORT:-47000}
M2=${M2:-$HOME/.m2/repository}
VERSION=0.1.0-SNAPSHOT
mkdir -p "$OUT/classes" "$OUT/home" "$OUT/jna"
mvn -o -q -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" >/dev/null 2>&1 ||
    { echo "cannot resolve libjitsi's classpath offline (mvn -f $here/pom.xml dependency:build-classpath)"; exit 1; }
slf4j=$(ls "$M2"/org/slf4j/slf4j-api/*/slf4j-api-*.jar | grep -v sources | sort -V | tail -1)
slf4jsimple=$(ls "$M2"/org/slf4j/slf4j-simple/*/slf4j-simple-*.jar | grep -v sources | sort -V | tail -1)
osgi=$(ls "$M2"/org/osgi/osgi.core/*/osgi.core-*.jar | sort -V | tail -1)
cp="$OUT/classes:$(cat "$OUT/cp.txt"):$M2/dev/parley/parley-api/$VERSION/parley-api-$VERSION.jar"
cp="$cp:$M2/dev/parley/parley-media/$VERSION/parley-media-$VERSION.jar:$slf4j:$slf4jsimple:$osgi"
javac -nowarn -d "$OUT/classes" -cp "$cp" $(find "$here/src" -name '*.java')

# libjitsi's mandatory headless switches (TOOLCHAIN.md): without the PortAudio one the JVM exits with code 127
server() {
    java -Djava.util.logging.config.file="$here/logging.properties" -Xlog:exceptions=info:file="$OUT/exceptions.log" \
        -Dorg.jitsi.impl.neomedia.device.PortAudioSystem.disabled=true \
        -Dorg.jitsi.impl.neomedia.device.PulseAudioSystem.disabled=true \
        -Dorg.jitsi.impl.neomedia.device.Video4Linux2System.disabled=true -Djava.awt.headless=true \
        -Dnet.java.sip.communicator.SC_HOME_DIR_LOCATION="$OUT/home" -Dnet.java.sip.communicator.SC_HOME_DIR_NAME=sc \
        -Djna.tmpdir="$OUT/jna" -cp "$cp" "$@"
}

case "$1" in
send-silence)
    server spike.LibjitsiSpike send-silence "$PORT" > "$OUT/send-silence.log" 2>&1
    grep -E "device:|arraycopy|AudioLevelEffect.process|Module.*failed|RESULT" "$OUT/send-silence.log"
    grep -m1 -A1 "NullPointerException'.*>$" "$OUT/exceptions.log" || true ;;
send-wav)
    sox -n -r 8000 -c 1 -b 16 -e signed-integer "$OUT/tone1k.wav" synth 10 sine 1000 vol 0.3
    server spike.LibjitsiSpike send-wav "$OUT/tone1k.wav" "$PORT" > "$OUT/send-wav.log" 2>&1
    grep -E "device:|Module.*failed|RESULT" "$OUT/send-wav.log" ;;
conference|parley|record)
    kind=$1 n=$2 seconds=$3
    dir="$OUT/$kind-$n"
    rm -rf "$dir" && mkdir -p "$dir"
    if [ "$kind" = parley ]; then
        server dev.parley.media.internal.ParleyConferenceServer "$n" "$dir" "$PORT" > "$dir/server.log" 2>&1 &
    else
        server spike.LibjitsiSpike "$kind" "$n" "$dir" "$PORT" > "$dir/server.log" 2>&1 &
    fi
    pid=$!
    java ${PEER_OPTS:-} -cp "$cp" spike.Peers "$dir" "$seconds" > "$dir/peers.log" 2>&1 || kill "$pid"
    wait "$pid"
    grep -E "threads|cpu=|recordings=" "$dir/server.log"
    [ "$kind" = record ] || cat "$dir/peers.log" ;; # recorded streams send nothing back to judge
*)
    sed -n '2,9p' "$0"; exit 2 ;;
esac
