#!/bin/sh
# setup.sh — installs the Debian packages satchel needs.
#   setup.sh run    what building and running satchel needs
#   setup.sh test   that, plus what the test suite needs
# Installs only what is missing; as root directly, else through sudo
# (saying so first).  Also makes sure the de_DE.UTF-8 locale exists, so
# the German translation can be seen.

set -e
RUN_PKGS="make gcc pkgconf gettext libncurses-dev libjansson-dev libcurl4-openssl-dev libssl-dev libsecret-1-dev zlib1g-dev libqrencode-dev locales ca-certificates"
TEST_PKGS="libcmocka-dev clang libclang-rt-14-dev gnome-keyring dbus libsecret-tools python3 openssl tmux zbar-tools chromium"

want=$RUN_PKGS
[ "${1:-run}" = test ] && want="$RUN_PKGS $TEST_PKGS"

missing=
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done

as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		echo "setup: using sudo to run: $*" >&2
		sudo "$@"
	else
		echo "setup: need root to run: $* (install sudo or run as root)" >&2
		return 1
	fi
}

if [ -n "$missing" ]; then
	echo "setup: installing:$missing" >&2
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	# shellcheck disable=SC2086
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
	if [ -f /etc/locale.gen ]; then
		as_root sed -i 's/^# *\(de_DE.UTF-8 UTF-8\)/\1/' /etc/locale.gen
		grep -q '^de_DE.UTF-8 UTF-8' /etc/locale.gen || as_root sh -c 'echo "de_DE.UTF-8 UTF-8" >> /etc/locale.gen'
		as_root locale-gen >/dev/null 2>&1 || echo "setup: could not generate de_DE.UTF-8 (German messages need it)" >&2
	fi
fi
exit 0
