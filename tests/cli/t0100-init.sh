#!/bin/sh
# init: encrypted and plain wallets, passphrase sources, refusal to overwrite.
. "$(dirname "$0")/../lib/testlib.sh"

test_expect_success 'init creates an encrypted wallet (--json)' '
	SATCHEL_PASSPHRASE=pw satchel --wallet w1 --json init >out &&
	grep "\"encrypted\": true" out && grep "\"keyring\": false" out &&
	test -f w1/wallet.json && test -d w1/objects &&
	grep -q "\"kdf\"" w1/wallet.json && grep -q wrapped_key w1/wallet.json &&
	! grep -q "\"pw\"" w1/wallet.json
'

test_expect_success 'wallet directory is private (0700)' '
	test "$(stat -c %a w1)" = 700
'

test_expect_success 'init refuses to overwrite an existing wallet' '
	cp w1/wallet.json before &&
	SATCHEL_PASSPHRASE=other expect_code 1 satchel --wallet w1 init 2>err &&
	grep "already exists" err && cmp before w1/wallet.json
'

test_expect_success 'init without any passphrase source fails clearly (no tty)' '
	expect_code 3 satchel --wallet w2 init </dev/null 2>err &&
	grep -i "passphrase" err && test ! -f w2/wallet.json
'

test_expect_success 'init --no-encryption makes a plain wallet' '
	satchel --wallet w3 --json init --no-encryption >out &&
	grep "\"encrypted\": false" out && ! grep -q wrapped_key w3/wallet.json
'

test_expect_success 'passphrase from --passphrase-file, wrong one is refused' '
	printf "file-pass\n" >pf && satchel --wallet w4 --passphrase-file pf init &&
	satchel --wallet w4 --passphrase-file pf list &&
	SATCHEL_PASSPHRASE=wrong expect_code 3 satchel --wallet w4 list 2>err &&
	grep -i "wrong passphrase" err
'

test_expect_success 'global options work after the command too' '
	SATCHEL_PASSPHRASE=file-pass satchel list --wallet w4 --json >out && grep "^\[" out
'

test_expect_success 'a missing wallet is an environment error (3)' '
	expect_code 3 satchel --wallet nowhere list 2>err && grep "no wallet" err
'

test_expect_success 'SATCHEL_WALLET selects the wallet' '
	SATCHEL_WALLET=$PWD/w3 satchel --json list >out && grep "^\[" out
'

test_expect_success 'unknown command and option are usage errors (2)' '
	expect_code 2 satchel frobnicate 2>err && grep "not a satchel command" err &&
	expect_code 2 satchel --wallet w3 list --bogus 2>err
'

test_expect_success '--help for every command' '
	for c in init import list show remove tag untag extract bake fsck; do
		satchel $c --help >out && grep "usage: satchel $c" out || return 1
	done
'

test_expect_success '--version' 'satchel --version | grep "^satchel [0-9]"'

test_done
