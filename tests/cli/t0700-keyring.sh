#!/bin/sh
# The wallet key in a real Secret Service: gnome-keyring-daemon in a
# private D-Bus session.  The keyring opens the wallet without the
# passphrase; with the keyring gone the passphrase still opens it.
. "$(dirname "$0")/../lib/testlib.sh"

if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
	say "# skipped: dbus-run-session or gnome-keyring-daemon missing"
	test_expect_success 'keyring tools are installed (make check installs them)' 'false'
	test_done; exit
fi
unset SATCHEL_NO_KEYRING
export SATCHEL_WALLET="$TRASH/w"
F="$CORPORA/ob2-validator-core/components/2_0_basic_assertion.json"

# in_session HOME-DIR SCRIPT: runs SCRIPT in a new D-Bus session with a
# keyring daemon whose data lives under HOME-DIR.
in_session() {
	mkdir -p "$1"
	HOME="$1" XDG_DATA_HOME="$1/data" XDG_RUNTIME_DIR="$1/run" \
	dbus-run-session -- sh -c '
		mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
		printf kr-pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
		'"$2"
}

test_expect_success 'init stores the key in the keyring' '
	in_session "$TRASH/k1" "SATCHEL_PASSPHRASE=pw $SATCHEL_BIN --json init" >out &&
	grep "\"keyring\": true" out
'

test_expect_success 'a second process opens the wallet without the passphrase' '
	in_session "$TRASH/k1" "$SATCHEL_BIN import -q $F </dev/null && $SATCHEL_BIN --json list </dev/null" >out &&
	test "$(json_get out "len(d)")" = 1
'

test_expect_success 'the key in the keyring is not the passphrase and not in clear on disk' '
	in_session "$TRASH/k1" "secret-tool search wallet-id \$(python3 -c \"import json;print(json.load(open(\\\"$SATCHEL_WALLET/wallet.json\\\"))[\\\"wallet_id\\\"])\")" >out 2>&1 &&
	grep -q "secret = [0-9a-f]\{64\}" out &&
	key=$(sed -n "s/^secret = //p" out) &&
	! grep -rq "$key" "$SATCHEL_WALLET"
'

test_expect_success 'without any keyring the passphrase still opens the wallet' '
	SATCHEL_NO_KEYRING=1 SATCHEL_PASSPHRASE=pw satchel --json list >out &&
	test "$(json_get out "len(d)")" = 1
'

test_expect_success 'without keyring and passphrase the wallet stays locked (exit 3)' '
	SATCHEL_NO_KEYRING=1 expect_code 3 satchel list </dev/null 2>err && grep -i "passphrase" err
'

test_expect_success 'a lost keyring (new, empty one): passphrase opens and restores the key' '
	in_session "$TRASH/k2" "SATCHEL_PASSPHRASE=pw $SATCHEL_BIN --json list </dev/null && $SATCHEL_BIN --json list </dev/null" >out &&
	test "$(grep -c "\"id\"" out)" -ge 2
'

test_expect_success 'a wrong key in the keyring is not trusted; the passphrase is used' '
	in_session "$TRASH/k3" "
		id=\$(python3 -c \"import json;print(json.load(open(\\\"$SATCHEL_WALLET/wallet.json\\\"))[\\\"wallet_id\\\"])\")
		printf %064d 0 | secret-tool store --label=x wallet-id \$id xdg:schema org.satchel.WalletKey
		SATCHEL_PASSPHRASE=pw $SATCHEL_BIN --json list </dev/null" >out &&
	test "$(json_get out "len(d)")" = 1
'

test_done
