#!/usr/bin/env bash
# Build the .deb from the one-folder bundle with dpkg-deb (no debhelper needed).
# usage: build-deb.sh BUNDLE_DIR OUT_DIR VERSION   -> OUT_DIR/fieldbook_VERSION_amd64.deb
set -euo pipefail
bundle=$1 out=$2 version=$3
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

install -d "$root/opt" "$root/usr/bin" "$root/etc/fieldbook" "$root/DEBIAN" \
    "$root/usr/share/applications" "$root/usr/share/icons/hicolor/scalable/apps" \
    "$root/usr/share/icons/hicolor/256x256/apps" "$root/usr/share/doc/fieldbook" \
    "$root/usr/share/man/man1" "$root/usr/share/lintian/overrides"
cp -a "$bundle" "$root/opt/fieldbook"
install -m 755 "$here/fieldbook.sh" "$root/usr/bin/fieldbook"
install -m 644 "$here/fieldbook.desktop" "$root/usr/share/applications/fieldbook.desktop"
install -m 644 "$repo/resources/icons/fieldbook.svg" "$root/usr/share/icons/hicolor/scalable/apps/"
install -m 644 "$repo/resources/icons/fieldbook.png" "$root/usr/share/icons/hicolor/256x256/apps/"
install -m 644 "$here/policies.json" "$root/etc/fieldbook/policies.json"
install -m 644 "$here/debian/copyright" "$root/usr/share/doc/fieldbook/copyright"
install -m 644 "$repo/docs/deploy.md" "$root/usr/share/doc/fieldbook/deploy.md"
sed "s/@VERSION@/$version/" "$here/debian/changelog" | gzip -9n >"$root/usr/share/doc/fieldbook/changelog.gz"
gzip -9n <"$here/fieldbook.1" >"$root/usr/share/man/man1/fieldbook.1.gz"
install -m 644 "$here/lintian-overrides" "$root/usr/share/lintian/overrides/fieldbook"
install -m 755 "$here/debian/postrm" "$root/DEBIAN/postrm"
echo /etc/fieldbook/policies.json >"$root/DEBIAN/conffiles"

# Policy-conformant modes whatever the builder's umask was.
find "$root" -type d -exec chmod 755 {} +
find "$root/opt/fieldbook" -type f -exec chmod 644 {} +
chmod 755 "$root/opt/fieldbook/fieldbook"
find "$root/opt/fieldbook" -type f -name '*.so*' -exec chmod 644 {} +

size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$size/" "$here/debian/control.in" \
    >"$root/DEBIAN/control"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z \
    | xargs -0 md5sum >DEBIAN/md5sums)
mkdir -p "$out"
deb="$out/fieldbook_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
