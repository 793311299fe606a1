#!/usr/bin/env bash
# The artifact test of the .deb (make test-package), as root:
#   a clean Debian root made with debootstrap; the .deb installed there with apt (so its Depends
#   are resolved from the archive, and checked: every library of the bundle must be found);
#   the program run as an ordinary user with --smoke-test offscreen and under Xvfb on xcb, and
#   in demo mode (the bundle's embedded server);
#   the log file, the URL handler and the site policies checked; then remove and purge, and the
#   user's data checked to be untouched.
# usage: test-package.sh PACKAGE.deb FIXTURE_REPLICA.db
set -euo pipefail
deb=$(realpath "$1")
fixture=$(realpath "$2")
started=$SECONDS
say() { printf 'test-package [%3ds]: %s\n' $((SECONDS - started)) "$*"; }
fail() { say "FAILED: $*"; exit 1; }

[ "$(id -u)" = 0 ] || fail "needs root (debootstrap, chroot, apt-get)"
if ! command -v debootstrap >/dev/null; then
    apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null
fi
suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

root=$(mktemp -d /tmp/fieldbook-test-root.XXXXXX)
chmod 755 "$root"  # the root directory of the system the user runs in
cleanup() {
    for mount in dev/pts dev proc; do
        mountpoint -q "$root/$mount" && umount -l "$root/$mount"
    done
    rm -rf --one-file-system "$root"
}
trap cleanup EXIT

say "debootstrap $suite (minbase) into $root"
debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$root.debootstrap.log" 2>&1 \
    || { tail -20 "$root.debootstrap.log"; fail "debootstrap"; }
rm -f "$root.debootstrap.log"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/fieldbook.deb"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
as_user() { chroot --userspec=ann:ann "$root" env -i HOME=/home/ann PATH=/usr/bin:/bin LANG=C.UTF-8 "$@"; }

say "apt-get install the .deb with its Depends, and Xvfb"
in_root apt-get update -qq
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    /tmp/fieldbook.deb xvfb xauth desktop-file-utils fonts-dejavu-core >/dev/null
[ -x "$root/opt/fieldbook/fieldbook" ] || fail "no bundle in /opt/fieldbook"
in_root test -x /usr/bin/fieldbook || fail "no launcher on PATH"

say "every library of the bundle resolves against the installed Depends"
missing=$(in_root find /opt/fieldbook -type f -name '*.so*' -exec ldd {} + 2>/dev/null | grep 'not found' | sort -u || true)
[ -z "$missing" ] || { echo "$missing"; fail "libraries of the bundle not found"; }

say "the fieldbook: URL handler is registered"
grep -q '^x-scheme-handler/fieldbook=fieldbook.desktop' "$root/usr/share/applications/mimeinfo.cache" \
    || fail "x-scheme-handler/fieldbook is not in mimeinfo.cache"

say "an ordinary user with data of their own"
in_root useradd --create-home --shell /bin/sh ann
data="$root/home/ann/.local/share/Fieldbook/replicas"
mkdir -p "$data"
cp "$fixture" "$data/existing.db"
echo '{"Language": "en"}' >"$root/home/ann/settings-before.json"
in_root chown -R ann:ann /home/ann
before=$(cd "$root/home/ann" && find .local/share -type f -exec sha256sum {} + | sort)

say "site policies in /etc/fieldbook/policies.json"
cat >"$root/etc/fieldbook/policies.json" <<'JSON'
{"managed": {"ServerUrl": "https://crm.example.com", "LogLevel": "DEBUG"},
 "recommended": {"SyncInterval": 900}}
JSON

say "--smoke-test offscreen"
as_user env QT_QPA_PLATFORM=offscreen fieldbook --smoke-test || fail "smoke test offscreen"
say "--smoke-test under Xvfb on the xcb platform"
as_user env QT_QPA_PLATFORM=xcb xvfb-run --auto-servernum --server-args='-screen 0 1280x1024x24' \
    fieldbook --smoke-test || fail "smoke test on xcb"
say "--demo from the installed bundle (its server runs as a child of the executable)"
as_user env QT_QPA_PLATFORM=offscreen fieldbook --demo --accounts 20 --screenshot /home/ann/demo.png \
    || fail "demo mode"
[ -s "$root/home/ann/demo.png" ] || fail "demo mode saved no picture"

log="$root/home/ann/.local/state/Fieldbook/log/fieldbook.log"
[ -s "$log" ] || fail "no log file at ${log#"$root"}"
for expected in "keyring backend" "Qt platform offscreen" "Qt platform xcb" "rendered True" \
    "policies = JsonFilePolicies /etc/fieldbook/policies.json"; do
    grep -q "$expected" "$log" || fail "the log does not say '$expected'"
done
say "log file ${log#"$root"} written"

say "--diagnostics shows the managed policy"
as_user fieldbook --diagnostics /home/ann/support.zip >/dev/null || fail "diagnostics"
python3 - "$root/home/ann/support.zip" <<'PY' || fail "diagnostics content"
import json, sys, zipfile
report = json.loads(zipfile.ZipFile(sys.argv[1]).read("diagnostics.json"))
settings = {s["key"]: (s["value"], s["source"]) for s in report["settings"]}
assert settings["ServerUrl"] == ("https://crm.example.com", "managed"), settings
assert settings["SyncInterval"] == (900, "recommended"), settings
assert report["versions"]["bundled"] == "True", report["versions"]
PY

say "apt-get remove keeps the site settings, purge removes them"
in_root apt-get remove -y -qq fieldbook >/dev/null
[ ! -e "$root/opt/fieldbook" ] || fail "/opt/fieldbook left after remove"
[ ! -e "$root/usr/bin/fieldbook" ] || fail "/usr/bin/fieldbook left after remove"
[ -f "$root/etc/fieldbook/policies.json" ] || fail "remove deleted the site policies"
in_root apt-get purge -y -qq fieldbook >/dev/null
[ ! -e "$root/etc/fieldbook" ] || fail "/etc/fieldbook left after purge"

after=$(cd "$root/home/ann" && find .local/share -type f -exec sha256sum {} + | sort)
[ "$before" = "$after" ] || fail "the user's data changed"
[ -s "$log" ] || fail "purge removed the user's log"
say "passed: installed, ran offscreen and on xcb, removed, purged; user data untouched"
