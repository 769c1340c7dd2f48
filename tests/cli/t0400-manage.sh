#!/bin/sh
# tag, untag, remove.
. "$(dirname "$0")/../lib/testlib.sh"

export SATCHEL_PASSPHRASE=pw SATCHEL_WALLET="$TRASH/w"
satchel init -q >/dev/null 2>&1
f1="$CORPORA/ob2-validator-core/components/2_0_basic_assertion.json"
f2="$CORPORA/ob2-validator-core/components/0_5_assertion.json"
satchel import -q "$f1" "$f2" >/dev/null 2>&1
id1=$(sha256sum "$f1" | cut -c1-64)
id2=$(sha256sum "$f2" | cut -c1-64)

test_expect_success 'tag adds tags (once each), list --tag filters' '
	satchel tag ${id1%????????????????????????????????????????????????????} robotics work &&
	satchel tag $id1 robotics &&
	satchel --json list --tag robotics >out && test "$(json_len out)" = 1 &&
	satchel --json show $id1 >s && python3 -c "
import json; d=json.load(open(\"s\")); assert d[\"tags\"] == [\"robotics\", \"work\"], d[\"tags\"]"
'

test_expect_success 'untag removes a tag' '
	satchel untag $id1 work && satchel --json show $id1 >s &&
	python3 -c "import json; assert json.load(open(\"s\"))[\"tags\"] == [\"robotics\"]"
'

test_expect_success 'tags survive an index rebuild (they live in the sidecar)' '
	rm "$SATCHEL_WALLET/index" && satchel --json list --tag robotics >out &&
	test "$(json_len out)" = 1
'

test_expect_success 'remove with one bad ID removes nothing' '
	expect_code 1 satchel remove $id2 deadbeef 2>err &&
	satchel --json list >out && test "$(json_len out)" = 2
'

test_expect_success 'remove deletes object and sidecar' '
	satchel remove $id2 && satchel --json list >out && test "$(json_len out)" = 1 &&
	test ! -e "$SATCHEL_WALLET/objects/$(echo $id2 | cut -c1-2)/$(echo $id2 | cut -c3-)" &&
	expect_code 1 satchel show $id2
'

test_expect_success 'tag needs an ID and a tag' '
	expect_code 2 satchel tag $id1 2>err
'

test_done
