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

#define LIST_MAX_BYTES	(16u * 1024 * 1024)	/* decompressed */
#define LIST_MIN_BITS	131072u		/* both specs' minimum, for herd privacy */

/* gzip (not zlib) data into out, at most LIST_MAX_BYTES. */
static int gunzip(const struct buf *in, struct buf *out, struct err *err)
{
	z_stream zs;
	unsigned char chunk[16384];
	int zr = Z_OK;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
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

/* encodedList: multibase "u" (Bitstring) or bare base64url (2021). */
static int decode_list(const char *enc, struct buf *bits, struct err *err)
{
	struct buf gz;
	int rc;

	buf_init(&gz, LIST_MAX_BYTES);
	if (enc[0] == 'u')
		rc = multibase_decode(enc, strlen(enc), &gz, err);
	else
		rc = -1;
	if (rc < 0) {	/* StatusList2021 publishes plain base64url */
		buf_reset(&gz);
		rc = b64url_decode(enc, strlen(enc), &gz, err);
	}
	if (rc == 0)
		rc = gunzip(&gz, bits, err);
	buf_release(&gz);
	return rc;
}

/* The status value at index (size bits, index 0 = most significant bit
 * of byte 0); -1 when out of range. */
static long status_value(const struct buf *bits, unsigned long index, unsigned size)
{
	unsigned long first = index * size, i;
	long v = 0;

	if (size == 0 || size > 8 || first + size > (unsigned long)bits->len * 8)
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
				 const struct verify_opts *o, struct report *r)
{
	json_t *type = json_object_get(list, "type");
	const char *li = credential_issuer(list);
	struct report sub = REPORT_INIT;
	const char *v;
	int rc = 0;

	if (!json_has_string(type, "BitstringStatusListCredential") &&
	    !json_has_string(type, "StatusList2021Credential")) {
		report_add(r, "status", CHECK_FAIL, EFFECT_INVALID,
			   "'%s' is not a status list credential", url);
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

static void report_bit(struct report *r, const char *purpose, long value, unsigned long index)
{
	int revocation = !strcmp(purpose, "revocation");

	if (value == 0)
		report_add(r, "status", CHECK_PASS, EFFECT_NONE, revocation ?
			   N_("not revoked (status list entry %lu)") : N_("not suspended (status list entry %lu)"),
			   index);
	else
		report_add(r, "status", CHECK_FAIL, revocation ? EFFECT_REVOKED : EFFECT_SUSPENDED,
			   revocation ? N_("revoked by the issuer (status list entry %lu)") :
			   N_("suspended by the issuer (status list entry %lu)"), index);
}

static void check_bitstring(const json_t *entry, const char *issuer, const struct verify_opts *o,
			    struct report *r)
{
	const char *url = json_str(entry, "statusListCredential");
	const char *purpose = json_str(entry, "statusPurpose");
	json_t *size_v = json_object_get(entry, "statusSize");
	json_int_t sz = json_is_integer(size_v) ? json_integer_value(size_v) : 1;
	unsigned size = sz >= 1 && sz <= 8 ? (unsigned)sz : 0;
	struct err e = ERR_INIT;
	struct fetched f = FETCHED_INIT;
	unsigned long index;
	const json_t *subj;
	struct buf bits;
	long value;

	if (!url || !purpose || parse_index(json_object_get(entry, "statusListIndex"), &index) < 0) {
		report_add(r, "status", CHECK_FAIL, EFFECT_INVALID,
			   "the status entry lacks statusListCredential, statusPurpose or a valid statusListIndex");
		return;
	}
	if (size < 1 || size > 8) {
		report_add(r, "status", CHECK_FAIL, EFFECT_INVALID, "statusSize %u is not supported (1 to 8)",
			   size);
		return;
	}
	if (strcmp(purpose, "revocation") && strcmp(purpose, "suspension")) {
		report_add(r, "status", CHECK_SKIP, EFFECT_NONE, "status purpose '%s' is not checked", purpose);
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
	if (check_list_credential(f.doc, url, issuer, o, r) < 0) {
		/* recorded */
	} else if (json_str(subj, "statusPurpose") && strcmp(json_str(subj, "statusPurpose"), purpose)) {
		report_add(r, "status", CHECK_FAIL, EFFECT_INVALID,
			   "the status list is for '%s', the entry for '%s'", json_str(subj, "statusPurpose"),
			   purpose);
	} else if (!json_str(subj, "encodedList") ||
		   decode_list(json_str(subj, "encodedList"), &bits, &e) < 0) {
		report_add(r, "status", CHECK_FAIL, EFFECT_INVALID, "the status list cannot be decoded: %s",
			   e.msg[0] ? e.msg : "no encodedList");
	} else if (bits.len * 8 < LIST_MIN_BITS) {
		report_add(r, "status", CHECK_FAIL, EFFECT_INVALID,
			   "the status list has %zu entries, fewer than the required %u", bits.len * 8,
			   LIST_MIN_BITS);
	} else if ((value = status_value(&bits, index, size)) < 0) {
		report_add(r, "status", CHECK_FAIL, EFFECT_INVALID, "status list index %lu is out of range",
			   index);
	} else {
		report_bit(r, purpose, value, index);
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
			check_bitstring(e, issuer, o, r);
		else if (type && !strcmp(type, "1EdTechRevocationList"))
			check_1edtech(e, json_str(doc, "id"), o, r);
		else
			report_incomplete(r, "status", "status type '%s' is not supported: not checked",
					  type ? type : "?");
	}
}
