# testca.sh — a throw-away certificate authority and a loopback HTTPS
# server for the network tests.  Source it (POSIX sh), then:
#
#   testca_init DIR [NAME...]      DIR/ca.{key,pem}: "satchel TEST CA — not
#                                  for real use"; DIR/server.{key,pem} for
#                                  the NAMEs (default issuer.example
#                                  badges.example localhost) + 127.0.0.1, ::1
#   https_server_start DIR DOCROOT [ROUTES.json] [server options...]
#                                  serves DOCROOT over HTTPS with DIR's
#                                  server cert; waits until it listens; sets
#                                  HTTPS_PORT, writes DIR/port, DIR/pid,
#                                  requests in DIR/requests.log (JSON lines),
#                                  its stderr in DIR/server.err; then calls
#                                  https_server_env.  Pass --http to serve
#                                  plain http instead.
#   https_server_env DIR           exports SATCHEL_CA_FILE=DIR/ca.pem,
#                                  SATCHEL_RESOLVE mapping each NAME (but
#                                  localhost) to 127.0.0.1:$HTTPS_PORT, and
#                                  no_proxy/NO_PROXY='*' (tests are offline)
#   https_server_stop DIR          stops it (SIGTERM, waits until it has
#                                  exited, SIGKILL after 5 s)
#
# The server also stops by itself after HTTPS_SERVER_LIFETIME seconds
# (default 600), so a test that dies cannot leave it running.
# Nothing here is meant for real use: keys are unencrypted, short-lived.

# A sourced file cannot find itself in POSIX sh: use testlib.sh's
# SRC_ROOT when there is one, else assume the repository root is the cwd.
: "${TESTCA_LIB_DIR:=${SRC_ROOT:-$(pwd)}/tests/lib}"

# testca_init DIR [NAME...]: idempotent; an existing CA in DIR is reused.
testca_init() {
	_dir=$1; shift
	[ $# -gt 0 ] || set -- issuer.example badges.example localhost
	mkdir -p "$_dir" || return 1
	if [ ! -f "$_dir/ca.pem" ]; then
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
			-keyout "$_dir/ca.key" -out "$_dir/ca.pem" -days 30 \
			-subj "/O=satchel tests/CN=satchel TEST CA — not for real use" \
			-addext "basicConstraints=critical,CA:TRUE" \
			-addext "keyUsage=critical,keyCertSign,cRLSign" \
			-utf8 >"$_dir/openssl.log" 2>&1 || { cat "$_dir/openssl.log" >&2; return 1; }
	fi
	testca_server_cert "$_dir" "$@"
}

# testca_server_cert DIR NAME...: a leaf for the NAMEs, signed by DIR's CA.
testca_server_cert() {
	_dir=$1; shift
	_san="IP:127.0.0.1,IP:::1"
	for _n in "$@"; do _san="$_san,DNS:$_n"; done
	printf '%s\n' "$@" >"$_dir/names"
	printf '%s\n' "basicConstraints=critical,CA:FALSE" \
		"keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" \
		"subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid,issuer" \
		"subjectAltName=$_san" >"$_dir/server.ext"
	if ! openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$_dir/server.key" -out "$_dir/server.csr" \
		-subj "/O=satchel tests/CN=$1" >"$_dir/openssl.log" 2>&1 ||
	   ! openssl x509 -req -in "$_dir/server.csr" -CA "$_dir/ca.pem" -CAkey "$_dir/ca.key" \
		-CAcreateserial -days 30 -extfile "$_dir/server.ext" \
		-out "$_dir/server.pem" >>"$_dir/openssl.log" 2>&1; then
		cat "$_dir/openssl.log" >&2
		return 1
	fi
}

# https_server_start DIR DOCROOT [ROUTES] [options...]
https_server_start() {
	_dir=$1 _root=$2; shift 2
	_routes=
	if [ $# -gt 0 ]; then _routes=$1; shift; fi
	rm -f "$_dir/port" "$_dir/pid"
	case " $* " in
	*" --http "*) ;;
	*) set -- --cert "$_dir/server.pem" --key "$_dir/server.key" "$@" ;;
	esac
	[ -n "$_routes" ] && set -- --routes "$_routes" "$@"
	python3 "$TESTCA_LIB_DIR/https-server.py" --root "$_root" --port 0 \
		--port-file "$_dir/port" --log "$_dir/requests.log" \
		--lifetime "${HTTPS_SERVER_LIFETIME:-600}" "$@" \
		</dev/null >/dev/null 2>"$_dir/server.err" &
	echo $! >"$_dir/pid"
	_i=0
	while [ ! -s "$_dir/port" ]; do	# the server writes it once listening
		if ! kill -0 "$(cat "$_dir/pid")" 2>/dev/null || [ $_i -ge 200 ]; then
			echo "https_server_start: server did not start" >&2
			cat "$_dir/server.err" >&2
			return 1
		fi
		_i=$((_i + 1))
		sleep 0.05
	done
	HTTPS_PORT=$(cat "$_dir/port")
	https_server_env "$_dir"
}

https_server_env() {
	_dir=$1
	HTTPS_PORT=$(cat "$_dir/port") || return 1
	SATCHEL_RESOLVE=
	[ -f "$_dir/names" ] && while read -r _n; do
		[ "$_n" = localhost ] && continue
		SATCHEL_RESOLVE="${SATCHEL_RESOLVE:+$SATCHEL_RESOLVE,}$_n:$HTTPS_PORT:127.0.0.1"
	done <"$_dir/names"
	[ -f "$_dir/ca.pem" ] && SATCHEL_CA_FILE=$_dir/ca.pem && export SATCHEL_CA_FILE
	no_proxy='*' NO_PROXY='*'
	export HTTPS_PORT SATCHEL_RESOLVE no_proxy NO_PROXY
}

# https_server_stop DIR: the server removes DIR/port when it exits; a
# plain `kill -0` loop would also wait out its zombie when it was started
# by a shell that has gone and nobody reaps it.
https_server_stop() {
	_dir=$1
	[ -f "$_dir/pid" ] || return 0
	_pid=$(cat "$_dir/pid")
	kill -TERM "$_pid" 2>/dev/null
	_i=0
	while [ -f "$_dir/port" ] && kill -0 "$_pid" 2>/dev/null && [ $_i -lt 100 ]; do
		_i=$((_i + 1))
		sleep 0.05
	done
	[ -f "$_dir/port" ] && kill -KILL "$_pid" 2>/dev/null
	rm -f "$_dir/pid" "$_dir/port"
	return 0
}
