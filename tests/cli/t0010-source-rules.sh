#!/bin/sh
# Rules of the source that the compiler cannot check.
. "$(dirname "$0")/../lib/testlib.sh"

# jansson allocates through json_pool once main() installs it, so text
# from json_dumps must never reach free(): json_text (src/util/json.c)
# is the one way to serialise (include/satchel/jsonpool.h).
test_expect_success 'json_dumps is called only by json_text' '
	grep -rn "json_dumps *(" "$SRC_ROOT/src" "$SRC_ROOT/tests" --include="*.c" >found || true
	grep -v "^$SRC_ROOT/src/util/json.c:" found >bad || true
	test ! -s bad || { cat bad; false; }
'

test_expect_success 'main installs the pool before anything else' '
	sed -n "/^int main(/,/^}/p" "$SRC_ROOT/src/main.c" |
		grep -v "^int main\|^{\|^\$\|^	[a-z].* [a-z_]*\( = .*\)\?;\$" | head -1 >first
	grep -q "json_pool_install()" first || { cat first; false; }
'

test_done
