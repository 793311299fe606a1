#!/usr/bin/env bash
# lintian on the .deb: fails on any error or warning not overridden (with its reason) in
# packaging/linux/lintian-overrides. Installs lintian when it is missing and we are root.
set -euo pipefail
if ! command -v lintian >/dev/null; then
    if [ "$(id -u)" != 0 ]; then
        echo "lintian is not installed (apt-get install lintian, as root)"; exit 1
    fi
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq lintian >/dev/null
fi
lintian --fail-on error,warning --suppress-tags-from-file /dev/null "$1"
echo "lintian: no errors or warnings beyond the explained overrides"
