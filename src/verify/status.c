/* status.c — credential status: BitstringStatusList, StatusList2021 and
 * 1EdTechRevocationList (SPECS.md section 8, pitfalls 13 and 14).
 *
 * A list that cannot be fetched, or whose own proof cannot be checked,
 * makes the status unknown -- never "not revoked".  A set bit makes the
 * verdict revoked or suspended whatever the signature says. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "internal.h"
#include "satchel/i18n.h"
#include "satchel/codec.h"
#include "satchel/json.h"
#include "satchel/timeutil.h"
#include "satchel/xalloc.h"

#define LIST_MAX_BYTES	(16u * 1024 * 1024)	/* decompressed */
#define LIST_MIN_BITS	131072u		/* both specs' minimum, for herd privacy */
#define STATUS_SIZE_MAX	32u		/* bits of one status (a long holds it) */

/* gzip data (zlib too when any_header: StatusList2021 lists in the wild
 * use both) into out, at most LIST_MAX_BYTES. */
static int gunzip(const struct buf *in, struct buf *out, int any_header, struct err *err)
{
	z_stream zs;
	unsigned char chunk[16384];
	int zr = Z_OK;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, (any_header ? 32 : 16) + MAX_WBITS) != Z_OK)
		return err_set(err, ERR_NOMEM, "cannot start gzip decoding");
	zs.next_in = (unsigned char *)in->s;
	zs.avail_in = (uInt)in->len;
	while (zr != Z_STREAM_END) {
		zs.next_out = chunk;
		zs.avail_out = sizeof(chunk);
		zr = inflate(&zs, Z_NO_FLUSH);
		if ((zr != Z_OK && zr != Z_STREAM_END) ||
		    buf_add(out, chunk, sizeof(chunk) - zs.avail_out, err) < 0) {
			inflateEnd(&zs);
			return zr == Z_OK || zr == Z_STREAM_END ? -1 :
			       err_set(err, ERR_PARSE, "the status list is not gzip data");
		}
		if (zr == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
			inflateEnd(&zs);
			return err_set(err, ERR_PARSE, "the status list's gzip data is truncated");
		}
	}
	inflateEnd(&zs);
	return 0;
}

/* encodedList.  Bitstring Status List: multibase "u" (base64url, no
 * padding) of gzip data, exactly.  StatusList2021: base64 of gzip data,
 * which SPECS.md 8.2 asks to read leniently, as issuers wrote it: either
 * alphabet, with or without padding (or a "u"), gzip or zlib. */
static int decode_list(const char *enc, int sl2021, struct buf *bits, struct err *err)
{
	struct buf gz;
	char *norm;
	size_t i, n;
	int rc;

	buf_init(&gz, LIST_MAX_BYTES);
	if (!sl2021) {
		rc = enc[0] == 'u' ? multibase_decode(enc, strlen(enc), &gz, err) :
		     err_set(err, ERR_PARSE, "a BitstringStatusList's encodedList must be multibase "
			     "base64url ('u')");
	} else {
		norm = xstrdup(enc[0] == 'u' ? enc + 1 : enc);
		for (i = n = 0; norm[i]; i++)
			if (norm[i] != '=')
				norm[n++] = norm[i] == '+' ? '-' : norm[i] == '/' ? '_' : norm[i];
		rc = b64url_decode(norm, n, &gz, err);
		free(norm);
	}
	if (rc == 0)
		rc = gunzip(&gz, bits, sl2021, err);
	buf_release(&gz);
	return rc;
}

/* The status value at index (size bits, index 0 = most significant bit
 * of byte 0); -1 when out of range. */
static long status_value(const struct buf *bits, unsigned long index, unsigned size)
{
	unsigned long first = index * size, i;
	long v = 0;

	if (size == 0 || size > STATUS_SIZE_MAX || first + size > (unsigned long)bits->len * 8)
		return -1;
	for (i = first; i < first + size; i++)
		v = (v << 1) | ((((const uint8_t *)bits->s)[i >> 3] >> (7 - (i & 7))) & 1);
	return v;
}

static int parse_index(const json_t *v, unsigned long *out)
{
	const char *s = json_string_value(v);
	char *end;

	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = (unsigned long)json_integer_value(v);
		return 0;
	}
	if (!s || !*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 12)
		return -1;
	errno = 0;
	*out = strtoul(s, &end, 10);
	return errno ? -1 : 0;
}

/* Checks the list credential itself: type, issuer, validity, proof. */
static int check_list_credential(const json_t *list, const char *url, const char *issuer,
				 int sl2021, const struct verify_opts *o, struct report *r)
{
	json_t *type = json_object_get(list, "type");
	const char *li = credential_issuer(list);
	struct report sub = REPORT_INIT;
	const char *v;
	int rc = 0;

	/* the entry's kind names the list's: a Bitstring entry reads a
	 * BitstringStatusListCredential, a 2021 entry a 2021 list */
	if (!json_has_string(type, sl2021 ? "StatusList2021Credential" :
			     "BitstringStatusListCredential")) {
		report_add(r, "status", CHECK_FAIL, EFFECT_INVALID,
			   sl2021 ? N_("'%s' is not a StatusList2021 credential") :
			   N_("'%s' is not a BitstringStatusList credential"), url);
		return -1;
	}
	if (!li || !issuer || strcmp(li, issuer) != 0) {
		report_add(r, "status", CHECK_FAIL, EFFECT_INVALID,
			   "the status list '%s' comes from another issuer", url);
		return -1;
	}
	verify_vc_model(&sub, list);
	verify_di_doc(list, o, &sub);
	verify_dates(&sub, NULL, json_object_get(list, "validFrom"), json_object_get(list, "validUntil"),
		     TIME_XSD);
	v = report_verdict(&sub);
	if (!strcmp(v, "invalid")) {
		report_add(r, "status", CHECK_FAIL, EFFECT_INVALID,
			   "the status list '%s' does not verify", url);
		rc = -1;
	} else if (strcmp(v, "verified") != 0) {
		report_incomplete(r, "status", "the status list '%s' could not be trusted (%s)", url, v);
		rc = -1;
	}
	report_release(&sub);
	return rc;
}

/* What a status means, by the entry's purpose (Bitstring Status List
 * v1.0 §2.1; StatusList2021 defines the first two only).  Revocation and
 * suspension decide the verdict; refresh and message only inform.  The
 * message purpose reports the issuer's message for the status instead of
 * a text of satchel's (unset NULL). */
static const struct {
	const char *name;
	int in_2021;
	enum check_outcome set_outcome;	/* when the status is not 0 */
	enum check_effect set_effect;
	const char *unset, *set;
} purposes[] = {
	{ "revocation", 1, CHECK_FAIL, EFFECT_REVOKED, N_("not revoked (status list entry %lu)"),
	  N_("revoked by the issuer (status list entry %lu)") },
	{ "suspension", 1, CHECK_FAIL, EFFECT_SUSPENDED, N_("not suspended (status list entry %lu)"),
	  N_("suspended by the issuer (status list entry %lu)") },
	{ "refresh", 0, CHECK_WARN, EFFECT_NONE, N_("no refresh announced (status list entry %lu)"),
	  N_("the issuer has a refreshed version of this badge (status list entry %lu)") },
	{ "message", 0, CHECK_WARN, EFFECT_NONE, NULL, NULL },
};

/* The index in purposes of name, or -1 when satchel does not check it. */
static int purpose_of(const char *name, int sl2021)
{
	size_t i;

	for (i = 0; i < sizeof(purposes) / sizeof(purposes[0]); i++)
		if (!strcmp(purposes[i].name, name) && (!sl2021 || purposes[i].in_2021))
			return (int)i;
	return -1;
}

/* A statusMessage "status": "0x" and hexadecimal digits; -1 otherwise. */
static long message_status(const json_t *m)
{
	const char *s = json_str(m, "status");

	if (!s || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || !s[2] ||
	    strspn(s + 2, "0123456789abcdefABCDEF") != strlen(s + 2) || strlen(s + 2) > 8)
		return -1;
	return strtol(s + 2, NULL, 16);
}

/* The entry's statusMessage, checked: a list of 2^size objects, each a
 * "status" in hexadecimal and a "message" (the specification's MUST; and
 * one with more than one bit a status needs it).  0 with *msgs NULL when
 * there is none and none is needed; -1, reported, when it is wrong. */
static int status_messages(const json_t *entry, unsigned size, const json_t **msgs,
			   struct report *r)
{
	const json_t *list = json_object_get(entry, "statusMessage"), *m;
	size_t i;

	*msgs = NULL;
	if (!list) {
		if (size == 1)
			return 0;
		report_add(r, "status", CHECK_FAIL, EFFECT_INVALID,
			   "the status entry has a statusSize of %u but no statusMessage", size);
		return -1;
	}
	if (!json_is_array(list) || size > 16 || json_array_size(list) != (size_t)1 << size) {
		report_add(r, "status", CHECK_FAIL, EFFECT_INVALID,
			   "the status entry's statusMessage must list %lu messages, one per status",
			   size > 16 ? 0ul : 1ul << size);
		return -1;
	}
	json_array_foreach(list, i, m)
		if (message_status(m) < 0 || !json_str(m, "message")) {
			report_add(r, "status", CHECK_FAIL, EFFECT_INVALID,
				   "the status entry's statusMessage %zu is not {\"status\": \"0x...\", "
				   "\"message\": ...}", i + 1);
			return -1;
		}
	*msgs = list;
	return 0;
}

/* The message for status value: from msgs, or "set" / "unset" for a
 * one-bit status without them; NULL when msgs has none for it. */
static const char *message_for(const json_t *msgs, long value)
{
	const json_t *m;
	size_t i;

	if (!msgs)
		return value ? "set" : "unset";
	json_array_foreach(msgs, i, m)
		if (message_status(m) == value)
			return json_str(m, "message");
	return NULL;
}

static void report_status(struct report *r, int p, const json_t *msgs, long value,
			  unsigned long index)
{
	const char *msg;

	if (purposes[p].unset) {
		if (value == 0)
			report_add(r, "status", CHECK_PASS, EFFECT_NONE, purposes[p].unset, index);
		else
			report_add(r, "status", purposes[p].set_outcome, purposes[p].set_effect,
				   purposes[p].set, index);
	} else if (!(msg = message_for(msgs, value))) {
		report_add(r, "status", CHECK_WARN, EFFECT_NONE,
			   N_("status 0x%lx has no message in the entry (status list entry %lu)"),
			   (unsigned long)value, index);
	} else {
		report_add(r, "status", value ? CHECK_WARN : CHECK_PASS, EFFECT_NONE,
			   N_("the issuer's status message: '%.200s' (status 0x%lx, status list "
			      "entry %lu)"), msg, (unsigned long)value, index);
	}
}

static void check_bitstring(const json_t *entry, int sl2021, const char *issuer,
			    const struct verify_opts *o, struct report *r)
{
	const char *url = json_str(entry, "statusListCredential");
	const char *purpose = json_str(entry, "statusPurpose");
	json_t *size_v = json_object_get(entry, "statusSize");
	json_int_t sz = size_v ? (json_is_integer(size_v) ? json_integer_value(size_v) : 0) : 1;
	unsigned size = sz >= 1 && sz <= STATUS_SIZE_MAX ? (unsigned)sz : 0;
	struct err e = ERR_INIT;
	struct fetched f = FETCHED_INIT;
	unsigned long index;
	const json_t *subj;
	const json_t *msgs = NULL;
	struct buf bits;
	long value;
	int p;

	if (!url || !purpose || parse_index(json_object_get(entry, "statusListIndex"), &index) < 0) {
		report_add(r, "status", CHECK_FAIL, EFFECT_INVALID,
			   "the status entry lacks statusListCredential, statusPurpose or a valid statusListIndex");
		return;
	}
	if ((p = purpose_of(purpose, sl2021)) < 0) {
		report_add(r, "status", CHECK_SKIP, EFFECT_NONE, "status purpose '%s' is not checked", purpose);
		return;
	}
	if (!size) {
		report_add(r, "status", CHECK_FAIL, EFFECT_INVALID,
			   "the status entry's statusSize is not a whole number from 1 to %u", STATUS_SIZE_MAX);
		return;
	}
	if (!sl2021 && status_messages(entry, size, &msgs, r) < 0)
		return;
	if (json_str(entry, "id") && !strcmp(json_str(entry, "id"), url)) {
		report_add(r, "status", CHECK_FAIL, EFFECT_INVALID,
			   "the status entry's id is the status list's URL, which it must not be");
		return;
	}
	if (verify_fetch(url, o, &f, &e) < 0 || f.status != 200 || !f.doc) {
		report_incomplete(r, "status", "could not fetch the status list '%s': %s", url,
				  e.msg[0] ? e.msg : "no JSON document");
		fetched_release(&f);
		return;
	}
	buf_init(&bits, LIST_MAX_BYTES);
	subj = json_object_get(f.doc, "credentialSubject");
	if (check_list_credential(f.doc, url, issuer, sl2021, o, r) < 0) {
		/* recorded */
	} else if (!json_has_string(json_object_get(subj, "statusPurpose"), purpose)) {
		/* the list's purpose is that purpose, or a list holding it */
		report_add(r, "status", CHECK_FAIL, EFFECT_INVALID,
			   "the status list is not for '%s', the entry's purpose", purpose);
	} else if (!json_str(subj, "encodedList") ||
		   decode_list(json_str(subj, "encodedList"), sl2021, &bits, &e) < 0) {
		report_add(r, "status", CHECK_FAIL, EFFECT_INVALID, "the status list cannot be decoded: %s",
			   e.msg[0] ? e.msg : "no encodedList");
	} else if (bits.len * 8 / size < LIST_MIN_BITS) {
		report_add(r, "status", CHECK_FAIL, EFFECT_INVALID,
			   "the status list has %zu entries, fewer than the required %u", bits.len * 8 / size,
			   LIST_MIN_BITS);
	} else if ((value = status_value(&bits, index, size)) < 0) {
		report_add(r, "status", CHECK_FAIL, EFFECT_INVALID, "status list index %lu is out of range",
			   index);
	} else {
		report_status(r, p, msgs, value, index);
	}
	buf_release(&bits);
	fetched_release(&f);
}

/* 1EdTech Revocation List: {revokedCredentials | revokedCredential: [{id, revoked?}]}. */
static void check_1edtech(const json_t *entry, const char *cred_id, const struct verify_opts *o,
			  struct report *r)
{
	static const char *const keys[] = { "revokedCredentials", "revokedCredential" };
	const char *url = json_str(entry, "id");
	struct err e = ERR_INIT;
	struct fetched f = FETCHED_INIT;
	json_t *x;
	size_t i, k;

	if (!url || verify_fetch(url, o, &f, &e) < 0 || f.status != 200 || !f.doc) {
		report_incomplete(r, "status", "could not fetch the revocation list '%s': %s",
				  url ? url : "?", e.msg[0] ? e.msg : "no JSON document");
		fetched_release(&f);
		return;
	}
	for (k = 0; k < 2; k++)
		json_array_foreach(json_object_get(f.doc, keys[k]), i, x) {
			const char *id = json_is_string(x) ? json_string_value(x) : json_str(x, "id");

			if (id && cred_id && !strcmp(id, cred_id) &&
			    !json_is_false(json_object_get(x, "revoked"))) {
				report_add(r, "status", CHECK_FAIL, EFFECT_REVOKED,
					   "revoked by the issuer (1EdTech revocation list)");
				fetched_release(&f);
				return;
			}
		}
	report_add(r, "status", CHECK_PASS, EFFECT_NONE, "not on the issuer's revocation list");
	fetched_release(&f);
}

void verify_status(const json_t *doc, const struct verify_opts *o, struct report *r)
{
	json_t *st = json_object_get(doc, "credentialStatus");
	const char *issuer = credential_issuer(doc);

	if (json_is_object(st)) {
		json_t *one = json_pack("[O]", st);

		verify_status_list(one, doc, issuer, o, r);
		json_decref(one);
	} else {
		verify_status_list(st, doc, issuer, o, r);
	}
}

void verify_status_list(const json_t *entries, const json_t *doc, const char *issuer,
			const struct verify_opts *o, struct report *r)
{
	json_t *e;
	size_t i;

	json_array_foreach(entries, i, e) {
		const char *type = json_str(e, "type");

		if (type && (!strcmp(type, "BitstringStatusListEntry") ||
			     !strcmp(type, "StatusList2021Entry")))
			check_bitstring(e, !strcmp(type, "StatusList2021Entry"), issuer, o, r);
		else if (type && !strcmp(type, "1EdTechRevocationList"))
			check_1edtech(e, json_str(doc, "id"), o, r);
		else
			report_incomplete(r, "status", "status type '%s' is not supported: not checked",
					  type ? type : "?");
	}
}
