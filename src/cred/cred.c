/* cred.c — sniffing sources and parsing credentials (include/satchel/cred.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/cred.h"
#include "satchel/json.h"
#include "satchel/jws.h"
#include "satchel/xalloc.h"

static const char *const kind_names[] = {
	[KIND_UNKNOWN] = "unknown", [KIND_JSON] = "JSON", [KIND_JWS] = "JWS",
	[KIND_PNG] = "PNG", [KIND_SVG] = "SVG", [KIND_URL] = "URL",
};

const char *cred_kind_name(enum cred_kind k)
{
	return (size_t)k < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[k] : "unknown";
}

const char *cred_format_name(enum cred_format f)
{
	return f == CRED_OB3 ? "ob3" : "ob2";
}

const char *cred_encoding_name(enum cred_encoding e)
{
	return e == CRED_ENC_JWT ? "jwt" : e == CRED_ENC_JWS ? "jws" : "json";
}

/* Skips a UTF-8 BOM and ASCII white space. */
static size_t skip_space(const uint8_t *d, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && isspace(d[i]))
		i++;
	return i;
}

static int looks_like_url(const uint8_t *d, size_t len)
{
	size_t i;

	if (len < 8 || len > 4096)
		return 0;
	if (strncmp((const char *)d, "https://", 8) != 0 && strncmp((const char *)d, "http://", 7) != 0)
		return 0;
	for (i = 0; i < len; i++)
		if (d[i] <= ' ' || d[i] >= 0x7f)
			return 0;
	return 1;
}

static size_t trimmed_len(const uint8_t *d, size_t len)
{
	while (len && isspace(d[len - 1]))
		len--;
	return len;
}

enum cred_kind cred_sniff(const uint8_t *data, size_t len)
{
	size_t i, n;

	if (png_is_png(data, len))
		return KIND_PNG;
	i = skip_space(data, len);
	n = trimmed_len(data + i, len - i);
	if (n && (data[i] == '{' || data[i] == '['))
		return KIND_JSON;
	if (svg_is_svg(data, len))
		return KIND_SVG;
	if (looks_like_url(data + i, n))
		return KIND_URL;
	if (jws_looks_like((const char *)data + i, n))
		return KIND_JWS;
	return KIND_UNKNOWN;
}

void cred_source_release(struct cred_source *src)
{
	baked_release(&src->baked);
	memset(src, 0, sizeof(*src));
}

static int source_inner(struct cred_source *src, const uint8_t *d, size_t len, struct err *err)
{
	enum cred_kind k = cred_sniff(d, len);

	if (k != KIND_JSON && k != KIND_JWS && k != KIND_URL)
		return err_set(err, ERR_FORMAT, "neither a badge image nor badge JSON, JWS or URL");
	src->inner = k;
	src->text = (const char *)d;
	src->len = len;
	/* A URL or a compact JWS is the token without surrounding white space
	 * (a file's final newline is not part of it); JSON stays byte-exact. */
	if (k == KIND_URL || k == KIND_JWS) {
		size_t i = skip_space(d, len);

		src->text = (const char *)d + i;
		src->len = trimmed_len(d + i, len - i);
	}
	return 0;
}

int cred_source_open(const uint8_t *data, size_t len, struct cred_source *src, struct err *err)
{
	enum cred_kind k;

	memset(src, 0, sizeof(*src));
	if (len > CRED_MAX_SOURCE)
		return err_set(err, ERR_TOOBIG, "larger than %u MiB", CRED_MAX_SOURCE >> 20);
	if (len == 0)
		return err_set(err, ERR_FORMAT, "empty input");
	k = cred_sniff(data, len);
	src->outer = k;
	if (k != KIND_PNG && k != KIND_SVG)
		return source_inner(src, data, len, err);
	if (baked_extract(data, len, &src->baked, err) < 0) {
		if (err && err->code == ERR_NOTFOUND)
			err_set(err, ERR_NOTFOUND, "the %s image carries no baked badge", cred_kind_name(k));
		return -1;
	}
	if (source_inner(src, (const uint8_t *)src->baked.text, src->baked.len, err) < 0) {
		err_prefix(err, "baked into the %s image", cred_kind_name(k));
		cred_source_release(src);
		return -1;
	}
	return 0;
}

void cred_release(struct cred *c)
{
	json_decref(c->doc);
	json_decref(c->jose);
	json_decref(c->claims);
	memset(c, 0, sizeof(*c));
}
