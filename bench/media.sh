#!/bin/sh
# Concurrent recordings on Parley's media engine: for each N in STREAMS, a receiver JVM opens N sessions and
# records each to a WAV while a sender JVM streams a PCMU tone (20 ms packets) to all of them for DURATION seconds; the
# receiver prints its CPU, threads, lost packets and any gap in any recording. See bench/README.md.
#   bench/media.sh                      # STREAMS="50 100 200 300 400" DURATION=30
set -eu
cd "$(dirname "$0")/.."
STREAMS=${STREAMS:-"50 100 200 300 400"}
DURATION=${DURATION:-30}
HEAP=${HEAP:-256m}
M2=${M2:-$HOME/.m2/repository}
VERSION=0.1.0-SNAPSHOT
OUT=${OUT:-/tmp/parley-media-bench}
PLAY=${PLAY:-0}   # 1: every session also plays a prompt (a 440 Hz tone made with sox) while it records

# the installed api and media jars: build them first (mvn -o -q install -pl bundles/api,bundles/media)
slf4j=$(ls "$M2"/org/slf4j/slf4j-api/*/slf4j-api-*.jar | grep -v sources | sort -V | tail -1)
slf4jsimple=$(ls "$M2"/org/slf4j/slf4j-simple/*/slf4j-simple-*.jar | grep -v sources | sort -V | tail -1)
osgi=$(ls "$M2"/org/osgi/osgi.core/*/osgi.core-*.jar | sort -V | tail -1)
cp="$M2/dev/parley/parley-api/$VERSION/parley-api-$VERSION.jar:$M2/dev/parley/parley-media/$VERSION/parley-media-$VERSION.jar:$slf4j:$slf4jsimple:$osgi"
mkdir -p "$OUT/classes"
javac -q -d "$OUT/classes" -cp "$cp" bench/media/MediaBench.java 2>/dev/null || javac -d "$OUT/classes" -cp "$cp" bench/media/MediaBench.java
cp="$OUT/classes:$cp"

prompt=""
if [ "$PLAY" = 1 ]; then
    prompt="$OUT/prompt.wav"
    sox -n -r 8000 -c 1 -b 16 -e signed-integer "$prompt" synth $((DURATION + 10)) sine 440 vol 0.5
fi
echo "cores: $(nproc), java: $(java -version 2>&1 | head -1), play: $PLAY"
for n in $STREAMS; do
    dir="$OUT/run-$n"
    rm -rf "$dir" && mkdir -p "$dir"
    java -Xmx"$HEAP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" dev.parley.media.internal.MediaBench receive "$n" "$dir" $prompt > "$dir/receiver.log" 2>&1 &
    receiver=$!
    while [ ! -f "$dir/ports" ]; do
        kill -0 "$receiver" 2>/dev/null || { cat "$dir/receiver.log"; exit 1; }
        sleep 0.2
    done
    java -Xmx128m -cp "$cp" dev.parley.media.internal.MediaBench send "$dir" "$DURATION" > "$dir/sender.log" 2>&1
    sleep 1  # packets in flight
    touch "$dir/done"
    wait "$receiver"
    grep -h -E "streams=|packets_sent" "$dir/receiver.log"
    cat "$dir/sender.log"
done
