#!/bin/sh
# The Debian/Ubuntu packages a real Fieldbook window needs beyond Python: the X11 libraries of
# Qt's xcb platform (pip's PySide6 does not bring them) and a font with Chinese. Checked with
# dpkg; installed with apt-get when run as root; otherwise the exact command is printed and the
# exit status is 1, so `make run` stops before the Python install. Without dpkg (not Debian or
# Ubuntu) it checks nothing. `--list` prints the packages.
set -u
PACKAGES="libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-cursor0
libxcb-xkb1 libxkbcommon-x11-0 libxcb-randr0 libxcb-shape0 libegl1 libgl1 libfontconfig1
libdbus-1-3 fonts-noto-cjk"
if [ "${1:-}" = "--list" ]; then
	echo $PACKAGES
	exit 0
fi
command -v dpkg >/dev/null 2>&1 || exit 0
missing=""
for package in $PACKAGES; do
	dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "Installing what Fieldbook's window needs:$missing"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
	exit $?
fi
echo "Fieldbook's window needs system packages that are missing:$missing." >&2
echo "Install them, then run make run again:" >&2
echo "    sudo apt-get install -y$missing" >&2
exit 1
