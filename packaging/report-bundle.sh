#!/usr/bin/env bash
# Print the bundle's size and its start-up time (--smoke-test offscreen: start, open a replica,
# render the main window, exit), best of three, in a throwaway profile; then check that demo
# mode runs from the bundle (its embedded server is a child process of the bundle's executable).
set -euo pipefail
bundle=$1
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
echo "bundle: $bundle, $(du -sh "$bundle" | cut -f1) in $(find "$bundle" -type f | wc -l) files"
best=
for run in 1 2 3; do
    start=$EPOCHREALTIME
    env XDG_STATE_HOME="$profile/state" XDG_DATA_HOME="$profile/data" \
        XDG_CONFIG_HOME="$profile/config" QT_QPA_PLATFORM=offscreen \
        "$bundle/fieldbook" --smoke-test >/dev/null 2>"$profile/stderr" \
        || { cat "$profile/stderr"; echo "the bundle's smoke test failed"; exit 1; }
    took=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
    echo "start-up (smoke test) run $run: ${took}s"
    best=$(awk -v a="$took" -v b="${best:-$took}" 'BEGIN { print (a < b ? a : b) }')
done
echo "start-up time (best of 3): ${best}s"

env XDG_STATE_HOME="$profile/state" XDG_DATA_HOME="$profile/data" \
    XDG_CONFIG_HOME="$profile/config" QT_QPA_PLATFORM=offscreen \
    timeout 300 "$bundle/fieldbook" --demo --accounts 20 --screenshot "$profile/demo.png" \
    >/dev/null 2>"$profile/stderr" \
    || { cat "$profile/stderr"; echo "demo mode failed in the bundle"; exit 1; }
[ -s "$profile/demo.png" ] || { echo "demo mode in the bundle saved no picture"; exit 1; }
echo "demo mode from the bundle: started its server, synced, rendered"
