# signed.sh — credentials made and signed inside a test, for the tests
# that change one thing of a credential and sign it again, so that only
# that change decides the verdict (t1011, t1015, t1017, t1018).  Source it
# after testlib.sh, then:
#
#   signed_base OUT [ob3-json options]  an unsigned-to-be OB 3.0 credential
#                                 (VC DM 2.0 form; --vc1 for VC DM 1.1) by
#                                 the did:key of a.pem, made here once;
#                                 issued 2024-03-15T09:00:00Z (SIGNED)
#   verdict_of FILE OUT [NOW]     satchel's verdict for FILE at NOW (default
#                                 $NOW); the report in OUT, stderr in OUT.err
#   expect_verdicts [TITLE]       a test per line "NAME VERDICT ..." of the
#                                 file cases: the test's own `verdict NAME`
#                                 must print VERDICT (its report in out.NAME)
SIGNED=2024-03-15T09:00:00Z

[ -f a.pem ] || "$TOOLS/test-issuer" keygen ed25519 a.pem 2>/dev/null || exit 1

signed_base() {
	_out=$1
	shift
	"$TOOLS/test-issuer" ob3-json "$@" --base-url https://academy.example \
		--issuer-name "Test Academy" --name "Test Badge" --description "A badge." \
		--criteria "Be a test." --id-suffix t --recipient lena.schmidt@example.org \
		--salt t --uuid 3c1d5e7f-9a2b-4c6d-8e0f-1a3b5c7d9e2f --issued $SIGNED \
		--key a.pem -o "$_out" 2>/dev/null
}

expect_verdicts() {
	while read -r _name _want _rest; do
		test_expect_success "${1:+$1 }$_name: $_want" "
			got=\$(verdict $_name) &&
			test \"\$got\" = $_want || { echo \"got \$got\"; cat out.$_name out.$_name.err; false; }
		"
	done <cases
}

verdict_of() {
	satchel --json --now "${3:-$NOW}" verify "$1" >"$2" 2>"$2.err"
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["verdict"])' "$2" \
		2>/dev/null || echo error
}
