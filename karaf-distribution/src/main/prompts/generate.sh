#!/bin/sh
# Generates Parley's shipped prompts (../resources/prompts/*.wav: 8 kHz mono 16-bit PCM) from prompts.txt with
# espeak-ng and sox (Debian: apt-get install espeak-ng sox). The output is committed; run this only to change them.
# The beep is a 0.4 s 1 kHz sine. Synthesised speech carries no licence of its own (espeak-ng is GPL-3.0, its
# output is not covered).
set -eu
cd "$(dirname "$0")"
out=../resources/prompts
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -v '^#' prompts.txt | grep -v '^$' | while IFS='|' read -r name text; do
    espeak-ng -v en-us -s 150 -w "$tmp/$name.wav" "$text"
    sox "$tmp/$name.wav" -r 8000 -c 1 -b 16 -e signed-integer "$out/$name.wav" norm -3 pad 0 0.15
done
sox -n -r 8000 -c 1 -b 16 -e signed-integer "$out/beep.wav" synth 0.4 sine 1000 vol 0.5
ls "$out" | wc -l
