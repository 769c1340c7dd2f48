/* test-baked.c — baked PNG/SVG credentials (src/cred/png.c, svg.c, baked.c).
 *
 * PNGs are built here chunk by chunk (CRC from zlib) from a one-letter
 * recipe, so every damage case is one table row.  The ob-bakery fixtures
 * are read from ../shared/corpora/ob-bakery (tests run from the repo
 * root); the test is skipped when they are absent.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <jansson.h>
#include "satchel/baked.h"
#include "satchel/buf.h"
#include "satchel/err.h"

#define BAKERY "../shared/corpora/ob-bakery"
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define NS_OB2 "http://openbadges.org"
#define NS_OB3 "https://purl.imsglobal.org/ob/v3p0"
#define NS_CLR "https://purl.imsglobal.org/clr/v2p0"
#define NS_SVG "http://www.w3.org/2000/svg"

#define TEXT_OB2 "{\"type\":\"Assertion\",\"id\":\"https://example.org/a/1\"}"
#define TEXT_JWS "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJkaWQ6ZXhhbXBsZSJ9.c2lnbmF0dXJl"
#define TEXT_CLR "{\"type\":[\"VerifiableCredential\",\"ClrCredential\"]}"
#define TEXT_URL "https://example.org/assertions/1.json"

/* ---- helpers --------------------------------------------------------- */

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void add(struct buf *b, const void *data, size_t len)
{
	assert_int_equal(buf_add(b, data, len, NULL), 0);
}

static void put_chunk(struct buf *b, const char *type, const void *data, size_t len)
{
	uint8_t be[4];
	uLong crc = crc32(0, (const Bytef *)type, 4);

	crc = crc32(crc, data, len);
	put32(be, len);
	add(b, be, 4);
	add(b, type, 4);
	add(b, data, len);
	put32(be, crc);
	add(b, be, 4);
}

/* A text chunk: keyword, NUL, then head (flags, language...) and text. */
static void put_text(struct buf *b, const char *type, const char *kw, const char *head,
		     size_t hlen, const char *text)
{
	struct buf d;

	buf_init(&d, 0);
	add(&d, kw, strlen(kw) + 1);
	add(&d, head, hlen);
	add(&d, text, strlen(text));
	put_chunk(b, type, d.s, d.len);
	buf_release(&d);
}

static void put_idat(struct buf *b)
{
	const uint8_t row[2] = { 0, 0x80 };	/* filter byte, one grey pixel */
	uint8_t z[64];
	uLongf zlen = sizeof(z);

	assert_int_equal(compress(z, &zlen, row, sizeof(row)), Z_OK);
	put_chunk(b, "IDAT", z, zlen);
}

/* Recipe letters for build_png(), one chunk each; the text chunks are
 * keyword, NUL, head (flag, method, language...) and text. */
static const struct recipe {
	char letter;
	const char *type, *kw, *head;
	size_t hlen;
	const char *text;
} recipes[] = {
	{ '2', "iTXt", "openbadges", "\0\0\0\0", 4, TEXT_OB2 },
	{ '3', "iTXt", "openbadgecredential", "\0\0\0\0", 4, TEXT_JWS },
	{ 'C', "iTXt", "clrcredential", "\0\0\0\0", 4, TEXT_CLR },
	{ 'L', "iTXt", "openbadges", "\0\0en\0Badge\0", 11, TEXT_OB2 },	/* language tags */
	{ 't', "tEXt", "openbadges", "", 0, TEXT_URL },			/* legacy */
	{ 'l', "tEXt", "openbadges", "", 0, "caf\xe9" },			/* Latin-1 */
	{ 'z', "iTXt", "openbadges", "\1\0\0\0", 4, "x\x9c" },		/* compressed */
	{ 'Z', "zTXt", "openbadges", "\0", 1, "x\x9c" },
	{ 'e', "iTXt", "openbadges", "\0\0\0\0", 4, "" },			/* empty */
	{ 'o', "iTXt", "Comment", "\0\0\0\0", 4, "hello" },
	{ 'x', "tEXt", "Software", "", 0, "satchel" },
};

/* Builds a PNG from a recipe: H IHDR (1x1 grey), D IDAT, E IEND, or a
 * letter of recipes[]. */
static void build_png(struct buf *b, const char *recipe)
{
	static const uint8_t sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	static const uint8_t ihdr[13] = { 0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0 };

	add(b, sig, sizeof(sig));
	for (const char *r = recipe; *r; r++) {
		size_t i = 0;

		if (*r == 'H')
			put_chunk(b, "IHDR", ihdr, sizeof(ihdr));
		else if (*r == 'D')
			put_idat(b);
		else if (*r == 'E')
			put_chunk(b, "IEND", "", 0);
		if (strchr("HDE", *r))
			continue;
		while (i < ARRAY_SIZE(recipes) && recipes[i].letter != *r)
			i++;
		if (i == ARRAY_SIZE(recipes))
			fail_msg("bad recipe letter '%c'", *r);
		put_text(b, recipes[i].type, recipes[i].kw, recipes[i].head, recipes[i].hlen,
			 recipes[i].text);
	}
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Counts chunks of type (NULL: credential text chunks) in a valid PNG. */
static size_t count_chunks(const struct buf *b, const char *type)
{
	const uint8_t *p = (const uint8_t *)b->s;
	size_t pos = 8, n = 0;

	while (pos + 12 <= b->len) {
		uint32_t len = get32(p + pos);
		const char *t = (const char *)p + pos + 4, *kw = t + 4;

		if (type ? !memcmp(t, type, 4)
			 : (!memcmp(t, "iTXt", 4) || !memcmp(t, "tEXt", 4) || !memcmp(t, "zTXt", 4)) &&
			   (!strcmp(kw, "openbadges") || !strcmp(kw, "openbadgecredential") ||
			    !strcmp(kw, "clrcredential")))
			n++;
		pos += 12 + (size_t)len;
	}
	return n;
}

static size_t count_str(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data;
	long n;

	if (!f)
		return NULL;
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	data = malloc(n + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, n, f), (size_t)n);
	fclose(f);
	*len = n;
	return data;
}

static const uint8_t *u8(const char *s)
{
	return (const uint8_t *)s;
}

static int extract_str(const char *svg, struct baked *b, struct err *e)
{
	return svg_extract(u8(svg), strlen(svg), b, e);
}

/* ---- PNG extraction -------------------------------------------------- */

static void cut_tail(struct buf *b)	/* IEND loses its CRC: truncated */
{
	b->len -= 5;
}

static void flip_text(struct buf *b)	/* a byte of the first iTXt's data: CRC mismatch */
{
	b->s[8 + 25 + 8 + 12] ^= 1;
}

static void bad_signature(struct buf *b)
{
	b->s[1] = 'p';
}

static void huge_length(struct buf *b)	/* IDAT length above 2^31-1 */
{
	put32((uint8_t *)b->s + 8 + 25, 0x80000000u);
}

static void long_length(struct buf *b)	/* IDAT length past the end of file */
{
	put32((uint8_t *)b->s + 8 + 25, 0x10000);
}

static void bad_type(struct buf *b)
{
	memcpy(b->s + 8 + 25 + 4, "ID1T", 4);
}

static void trailer(struct buf *b)
{
	add(b, "PK\3\4 trailing junk", 18);
}

static const struct png_case {
	const char *name;
	const char *recipe;
	void (*damage)(struct buf *b);
	enum err_code code;
	enum baked_gen gen;
	const char *text;
	int legacy;
} png_cases[] = {
	{ "ob2 iTXt after IHDR", "H2DE", NULL, ERR_OK, BAKED_OB2, TEXT_OB2, 0 },
	{ "ob3 iTXt before IEND", "HD3E", NULL, ERR_OK, BAKED_OB3, TEXT_JWS, 0 },
	{ "clr iTXt", "HDCE", NULL, ERR_OK, BAKED_CLR, TEXT_CLR, 0 },
	{ "language tags ignored", "HLDE", NULL, ERR_OK, BAKED_OB2, TEXT_OB2, 0 },
	{ "legacy tEXt url", "HtDE", NULL, ERR_OK, BAKED_OB2, TEXT_URL, 1 },
	{ "legacy tEXt latin-1", "HlDE", NULL, ERR_OK, BAKED_OB2, "caf\xc3\xa9", 1 },
	{ "other text chunks", "HoxD2E", NULL, ERR_OK, BAKED_OB2, TEXT_OB2, 0 },
	{ "trailing data ignored", "H2DE", trailer, ERR_OK, BAKED_OB2, TEXT_OB2, 0 },
	{ "chunk after IEND ignored", "H2DE3", NULL, ERR_OK, BAKED_OB2, TEXT_OB2, 0 },
	{ "no credential", "HoxDE", NULL, ERR_NOTFOUND, 0, NULL, 0 },
	{ "empty credential", "HeDE", NULL, ERR_NOTFOUND, 0, NULL, 0 },
	{ "two same chunks", "H2D2E", NULL, ERR_AMBIGUOUS, 0, NULL, 0 },
	{ "two generations", "H2D3E", NULL, ERR_AMBIGUOUS, 0, NULL, 0 },
	{ "iTXt and legacy tEXt", "HtD2E", NULL, ERR_AMBIGUOUS, 0, NULL, 0 },
	{ "compressed iTXt", "HzDE", NULL, ERR_FORMAT, 0, NULL, 0 },
	{ "zTXt", "HZDE", NULL, ERR_FORMAT, 0, NULL, 0 },
	{ "truncated", "H2DE", cut_tail, ERR_PARSE, 0, NULL, 0 },
	{ "bad CRC", "H2DE", flip_text, ERR_PARSE, 0, NULL, 0 },
	{ "bad signature", "H2DE", bad_signature, ERR_PARSE, 0, NULL, 0 },
	{ "huge length", "HDE", huge_length, ERR_PARSE, 0, NULL, 0 },
	{ "length past end", "HDE", long_length, ERR_PARSE, 0, NULL, 0 },
	{ "bad chunk type", "HDE", bad_type, ERR_PARSE, 0, NULL, 0 },
	{ "first chunk not IHDR", "D2HE", NULL, ERR_PARSE, 0, NULL, 0 },
	{ "no IEND", "H2D", NULL, ERR_PARSE, 0, NULL, 0 },
	{ "second IHDR", "H2DHE", NULL, ERR_PARSE, 0, NULL, 0 },	/* fuzzer finding */
	{ "signature only", "", NULL, ERR_PARSE, 0, NULL, 0 },
};

static void test_png_extract(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(png_cases); i++) {
		const struct png_case *c = &png_cases[i];
		struct baked b = BAKED_INIT;
		struct err e = ERR_INIT;
		struct buf png;
		int rc;

		buf_init(&png, 0);
		build_png(&png, c->recipe);
		if (c->damage)
			c->damage(&png);
		rc = png_extract(u8(png.s), png.len, &b, &e);
		if (e.code != c->code)
			fail_msg("%s: got %s (%s)", c->name, err_name(e.code), e.msg);
		assert_int_equal(rc, c->code == ERR_OK ? 0 : -1);
		if (c->text) {
			assert_int_equal(b.image, BAKED_PNG);
			assert_int_equal(b.gen, c->gen);
			assert_string_equal(b.text, c->text);
			assert_int_equal(b.len, strlen(c->text));
			assert_int_equal(b.legacy_text, c->legacy);
		} else {
			assert_null(b.text);
		}
		baked_release(&b);
		buf_release(&png);
	}
}

/* ---- SVG extraction --------------------------------------------------- */

static const struct svg_case {
	const char *name;
	const char *svg;
	enum err_code code;
	enum baked_gen gen;
	const char *text;
	int from_attr;
} svg_cases[] = {
	{ "ob2 verify attribute",
	  "<svg xmlns=\"" NS_SVG "\" xmlns:openbadges=\"" NS_OB2 "\">"
	  "<openbadges:assertion verify=\"" TEXT_URL "\"/></svg>",
	  ERR_OK, BAKED_OB2, TEXT_URL, 1 },
	{ "ob3 CDATA body",
	  "<svg xmlns:openbadges=\"" NS_OB3 "\">\n  <openbadges:credential>\n"
	  "  <![CDATA[ {\"a\":1} ]]>\n  </openbadges:credential>\n</svg>\n",
	  ERR_OK, BAKED_OB3, "{\"a\":1}", 0 },
	{ "clr",
	  "<svg xmlns:c=\"" NS_CLR "\"><c:credential verify=\"" TEXT_JWS "\"></c:credential></svg>",
	  ERR_OK, BAKED_CLR, TEXT_JWS, 1 },
	{ "body wins over verify",
	  "<svg xmlns:o=\"" NS_OB2 "\"><o:assertion verify=\"u\"><![CDATA[{}]]></o:assertion></svg>",
	  ERR_OK, BAKED_OB2, "{}", 0 },
	{ "element inside a comment",
	  "<svg xmlns:openbadges=\"" NS_OB2 "\"><!-- <openbadges:assertion verify=\"u\"/> --></svg>",
	  ERR_NOTFOUND, 0, NULL, 0 },
	{ "element inside CDATA",
	  "<svg xmlns:o=\"" NS_OB2 "\"><desc><![CDATA[<o:assertion verify=\"u\"/>]]></desc></svg>",
	  ERR_NOTFOUND, 0, NULL, 0 },
	{ "other prefix maps the namespace",
	  "<svg xmlns:ob=\"" NS_OB3 "\"><ob:credential verify=\"" TEXT_JWS "\"/></svg>",
	  ERR_OK, BAKED_OB3, TEXT_JWS, 1 },
	{ "default namespace on the element",
	  "<svg xmlns=\"" NS_SVG "\"><credential xmlns=\"" NS_OB3 "\" verify=\"a.b.c\"/></svg>",
	  ERR_OK, BAKED_OB3, "a.b.c", 1 },
	{ "declaration after the attributes",
	  "<svg><o:assertion verify='u' id='x' xmlns:o='" NS_OB2 "'/></svg>",
	  ERR_OK, BAKED_OB2, "u", 1 },
	{ "declared on an ancestor",
	  "<svg><g xmlns:o=\"" NS_OB2 "\"><g><o:assertion verify=\"u\"/></g></g></svg>",
	  ERR_OK, BAKED_OB2, "u", 1 },
	{ "wrong namespace",
	  "<svg xmlns:openbadges=\"http://example.org/ob\"><openbadges:assertion verify=\"u\"/></svg>",
	  ERR_NOTFOUND, 0, NULL, 0 },
	{ "ob3 name in the ob2 namespace",
	  "<svg xmlns:openbadges=\"" NS_OB2 "\"><openbadges:credential verify=\"u\"/></svg>",
	  ERR_NOTFOUND, 0, NULL, 0 },
	{ "no prefix, svg default namespace",
	  "<svg xmlns=\"" NS_SVG "\"><assertion verify=\"u\"/></svg>",
	  ERR_NOTFOUND, 0, NULL, 0 },
	{ "prefix rebound in a subtree",
	  "<svg xmlns:o=\"" NS_OB2 "\"><g xmlns:o=\"http://other\"><o:assertion verify=\"u\"/></g></svg>",
	  ERR_NOTFOUND, 0, NULL, 0 },
	{ "binding out of scope",
	  "<svg><g xmlns:o=\"" NS_OB2 "\"></g><o:assertion verify=\"u\"/></svg>",
	  ERR_PARSE, 0, NULL, 0 },
	{ "two elements",
	  "<svg xmlns:o=\"" NS_OB2 "\"><o:assertion verify=\"u\"/><o:assertion verify=\"v\"/></svg>",
	  ERR_AMBIGUOUS, 0, NULL, 0 },
	{ "two generations",
	  "<svg xmlns:a=\"" NS_OB2 "\" xmlns:b=\"" NS_OB3 "\"><a:assertion verify=\"u\"/>"
	  "<b:credential verify=\"v\"/></svg>",
	  ERR_AMBIGUOUS, 0, NULL, 0 },
	{ "nested elements",
	  "<svg xmlns:o=\"" NS_OB2 "\"><o:assertion><o:assertion verify=\"u\"/></o:assertion></svg>",
	  ERR_AMBIGUOUS, 0, NULL, 0 },
	{ "references in the attribute",
	  "<svg xmlns:o=\"" NS_OB2 "\"><o:assertion verify=\"u?a=1&amp;b=&#50;&#x33;&lt;&gt;&quot;&apos;&#xe9;\"/></svg>",
	  ERR_OK, BAKED_OB2, "u?a=1&b=23<>\"'\xc3\xa9", 1 },
	{ "references in the text",
	  "<svg xmlns:o=\"" NS_OB2 "\"><o:assertion>{\"a\":\"&lt;&amp;&#x1F600;\"}</o:assertion></svg>",
	  ERR_OK, BAKED_OB2, "{\"a\":\"<&\xf0\x9f\x98\x80\"}", 0 },
	{ "CDATA and text concatenated",
	  "<svg xmlns:o=\"" NS_OB2 "\"><o:assertion><![CDATA[{\"a\":]]>&#32;<!-- c --><![CDATA[\"b\"}]]></o:assertion></svg>",
	  ERR_OK, BAKED_OB2, "{\"a\": \"b\"}", 0 },
	{ "split ]]>",
	  "<svg xmlns:o=\"" NS_OB3 "\"><o:credential><![CDATA[{\"a\":\"]]]]><![CDATA[>\"}]]></o:credential></svg>",
	  ERR_OK, BAKED_OB3, "{\"a\":\"]]>\"}", 0 },
	{ "prolog: BOM, declaration, PI, DOCTYPE with subset",
	  "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?other a > b?>\n"
	  "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x.dtd\" [\n"
	  "  <!ENTITY ns_x \"a>b]\"> <!-- ] > --> <?pi ]>?>\n]>\n"
	  "<svg xmlns:o='" NS_OB2 "' x='&ns_x;'><o:assertion verify='u'/></svg>\n<!-- after -->\n",
	  ERR_OK, BAKED_OB2, "u", 1 },
	{ "xml:space attribute",
	  "<svg xml:space=\"preserve\" xmlns:o=\"" NS_OB2 "\"><o:assertion verify=\"u\"/></svg>",
	  ERR_OK, BAKED_OB2, "u", 1 },
	{ "empty element",
	  "<svg xmlns:o=\"" NS_OB2 "\"><o:assertion>  </o:assertion></svg>",
	  ERR_NOTFOUND, 0, NULL, 0 },
	{ "no element", "<svg xmlns=\"" NS_SVG "\"><rect/></svg>", ERR_NOTFOUND, 0, NULL, 0 },
	{ "self-closing root", "<svg/>", ERR_NOTFOUND, 0, NULL, 0 },
	{ "unterminated CDATA",
	  "<svg xmlns:o=\"" NS_OB2 "\"><o:assertion><![CDATA[{}]></o:assertion></svg>",
	  ERR_PARSE, 0, NULL, 0 },
	{ "unterminated comment", "<svg><!-- x -></svg>", ERR_PARSE, 0, NULL, 0 },
	{ "unterminated tag", "<svg><g a=\"1\"", ERR_PARSE, 0, NULL, 0 },
	{ "unterminated attribute", "<svg><g a=\"1></g></svg>", ERR_PARSE, 0, NULL, 0 },
	{ "unterminated DOCTYPE", "<!DOCTYPE svg [ <svg/>", ERR_PARSE, 0, NULL, 0 },
	{ "unterminated PI", "<?xml version='1.0'<svg/>", ERR_PARSE, 0, NULL, 0 },
	{ "mismatched end tag", "<svg><g></svg></g>", ERR_PARSE, 0, NULL, 0 },
	{ "unclosed element", "<svg><g></g>", ERR_PARSE, 0, NULL, 0 },
	{ "missing root", "<?xml version=\"1.0\"?><!-- nothing -->", ERR_PARSE, 0, NULL, 0 },
	{ "empty document", "", ERR_PARSE, 0, NULL, 0 },
	{ "text after root", "<svg/>junk", ERR_PARSE, 0, NULL, 0 },
	{ "two roots", "<svg/><svg/>", ERR_PARSE, 0, NULL, 0 },
	{ "unbound prefix", "<svg><o:assertion verify=\"u\"/></svg>", ERR_PARSE, 0, NULL, 0 },
	{ "unquoted attribute", "<svg a=1/>", ERR_PARSE, 0, NULL, 0 },
	{ "attributes without space", "<svg a='1'b='2'/>", ERR_PARSE, 0, NULL, 0 },
	{ "'<' in attribute", "<svg a='<'/>", ERR_PARSE, 0, NULL, 0 },
	{ "bad reference", "<svg a='&amp'/>", ERR_PARSE, 0, NULL, 0 },
	{ "reference to NUL",
	  "<svg xmlns:o=\"" NS_OB2 "\"><o:assertion verify=\"a&#0;\"/></svg>",
	  ERR_PARSE, 0, NULL, 0 },
	{ "undeclared entity in credential",
	  "<svg xmlns:o=\"" NS_OB2 "\"><o:assertion verify=\"&foo;\"/></svg>",
	  ERR_PARSE, 0, NULL, 0 },
	{ "control character in credential",
	  "<svg xmlns:o=\"" NS_OB2 "\"><o:assertion>{\x01}</o:assertion></svg>",
	  ERR_PARSE, 0, NULL, 0 },
	{ "two verify attributes",
	  "<svg xmlns:o=\"" NS_OB2 "\"><o:assertion verify=\"u\" verify=\"v\"/></svg>",
	  ERR_PARSE, 0, NULL, 0 },
	{ "prefix declared twice", "<svg xmlns:o='a' xmlns:o='b'/>", ERR_PARSE, 0, NULL, 0 },
	{ "root is not svg",
	  "<html xmlns:o=\"" NS_OB2 "\"><o:assertion verify=\"u\"/></html>",
	  ERR_FORMAT, 0, NULL, 0 },
};

static void test_svg_extract(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(svg_cases); i++) {
		const struct svg_case *c = &svg_cases[i];
		struct baked b = BAKED_INIT;
		struct err e = ERR_INIT;
		int rc = extract_str(c->svg, &b, &e);

		if (e.code != c->code)
			fail_msg("%s: got %s (%s)", c->name, err_name(e.code), e.msg);
		assert_int_equal(rc, c->code == ERR_OK ? 0 : -1);
		if (c->text) {
			assert_int_equal(b.image, BAKED_SVG);
			assert_int_equal(b.gen, c->gen);
			assert_string_equal(b.text, c->text);
			assert_int_equal(b.len, strlen(c->text));
			assert_int_equal(b.from_attr, c->from_attr);
		}
		baked_release(&b);
	}
}

static void test_svg_limits(void **state)
{
	struct baked b = BAKED_INIT;
	struct err e = ERR_INIT;
	struct buf s;

	(void)state;
	buf_init(&s, 0);
	assert_int_equal(buf_adds(&s, "<svg>", NULL), 0);
	for (int i = 0; i < 2000; i++)
		assert_int_equal(buf_adds(&s, "<g>", NULL), 0);
	assert_int_equal(svg_extract(u8(s.s), s.len, &b, &e), -1);
	assert_int_equal(e.code, ERR_PARSE);

	buf_reset(&s);
	assert_int_equal(buf_adds(&s, "<svg", NULL), 0);
	for (int i = 0; i < 200; i++)
		assert_int_equal(buf_addf(&s, NULL, " xmlns:p%d='u'", i), 0);
	assert_int_equal(buf_adds(&s, "/>", NULL), 0);
	assert_int_equal(svg_extract(u8(s.s), s.len, &b, &e), -1);
	assert_int_equal(e.code, ERR_TOOBIG);
	buf_release(&s);
}

/* ---- fixtures ---------------------------------------------------------- */

static void check_verify_url(const char *json, const char *url)
{
	json_t *v = json_loads(json, 0, NULL), *verify;

	assert_non_null(v);
	verify = json_object_get(v, "verify");
	assert_non_null(verify);
	assert_string_equal(json_string_value(json_object_get(verify, "url")), url);
	json_decref(v);
}

static void check_extracted(const json_t *cs, const struct baked *b)
{
	const char *expect = json_string_value(json_object_get(cs, "expect"));
	const char *url = json_string_value(json_object_get(cs, "verify_url"));
	json_t *payload = json_object_get(cs, "payload_json"), *got;

	if (!strcmp(expect, "extract-url-only")) {
		assert_true(b->from_attr);
		assert_string_equal(b->text, url);
		return;
	}
	got = json_loads(b->text, 0, NULL);
	if (!strncmp(expect, "error JSON_PARSE_ERROR", 22)) {
		assert_null(got);	/* extracted, but not JSON */
		return;
	}
	assert_non_null(got);
	if (payload)
		assert_true(json_equal(got, payload));
	else
		check_verify_url(b->text, url);
	json_decref(got);
}

static void check_fixture(const json_t *cs)
{
	const char *file = json_string_value(json_object_get(cs, "file"));
	const char *format = json_string_value(json_object_get(cs, "format"));
	const char *expect = json_string_value(json_object_get(cs, "expect"));
	struct baked b = BAKED_INIT;
	struct err e = ERR_INIT;
	char path[512];
	uint8_t *data;
	size_t len;
	int found = !strncmp(expect, "extract", 7) || !strncmp(expect, "error JSON", 10);

	snprintf(path, sizeof(path), "%s/%s", BAKERY, file);
	data = read_file(path, &len);
	assert_non_null(data);
	assert_int_equal(baked_extract(data, len, &b, &e), found ? 0 : -1);
	if (!found)
		assert_int_equal(e.code, ERR_NOTFOUND);
	else
		check_extracted(cs, &b);
	assert_int_equal(b.image, found ? (!strcmp(format, "png") ? BAKED_PNG : BAKED_SVG) : 0);
	if (found)
		assert_int_equal(b.gen, BAKED_OB2);
	baked_release(&b);
	if (!strcmp(format, "png")) {	/* "not an svg" when fed to the SVG reader */
		assert_false(svg_is_svg(data, len));
		assert_int_equal(svg_extract(data, len, &b, &e), -1);
		assert_int_equal(e.code, ERR_PARSE);
	}
	free(data);
}

static void test_fixtures(void **state)
{
	json_t *manifest, *cases;
	size_t i;
	json_t *cs;

	(void)state;
	manifest = json_load_file(BAKERY "/manifest.json", 0, NULL);
	if (!manifest)
		skip();
	cases = json_object_get(manifest, "cases");
	assert_true(json_array_size(cases) > 0);
	json_array_foreach(cases, i, cs)
		check_fixture(cs);
	json_decref(manifest);
}

/* The unbaked fixtures take every generation and give it back. */
static void test_fixtures_bake(void **state)
{
	static const char *const files[] = {
		"concentricsky/testfiles/public_domain_heart.png", "mozilla/unbaked.png",
		"concentricsky/testfiles/unbaked_example.svg", "mozilla/unbaked.svg",
		"concentricsky/testfiles/baked_heart.png", "mozilla/baked.svg",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		char path[512];
		size_t len;
		uint8_t *data;

		snprintf(path, sizeof(path), "%s/%s", BAKERY, files[i]);
		data = read_file(path, &len);
		if (!data)
			skip();
		for (enum baked_gen g = BAKED_OB2; g <= BAKED_CLR; g++) {
			struct baked b = BAKED_INIT;
			struct err e = ERR_INIT;
			struct buf out;

			buf_init(&out, 0);
			assert_int_equal(baked_bake(data, len, g, TEXT_JWS, strlen(TEXT_JWS), &out, &e), 0);
			assert_int_equal(baked_extract(u8(out.s), out.len, &b, &e), 0);
			assert_int_equal(b.gen, g);
			assert_string_equal(b.text, TEXT_JWS);
			baked_release(&b);
			buf_release(&out);
		}
		free(data);
	}
}

/* ---- baking ------------------------------------------------------------ */

static const char svg_base[] =
	"<?xml version=\"1.0\"?>\n<!-- <openbadges:assertion/> -->\n"
	"<svg xmlns=\"" NS_SVG "\" width=\"10\">\n  <rect width=\"10\" height=\"10\"/>\n</svg>\n";

static const struct bake_case {
	enum baked_gen gen;
	const char *text;
	const char *expect;	/* NULL: text itself */
	int from_attr;
} bake_cases[] = {
	{ BAKED_OB2, TEXT_OB2, NULL, 0 },
	{ BAKED_OB2, TEXT_URL "?a=1&b=2", NULL, 1 },
	{ BAKED_OB3, "{\"a\":\"]]>\",\"b\":\"]]]]>\"}", NULL, 0 },
	{ BAKED_OB3, TEXT_JWS, NULL, 1 },
	{ BAKED_CLR, TEXT_CLR, NULL, 0 },
	{ BAKED_CLR, TEXT_JWS, NULL, 1 },
	{ BAKED_OB3, "quote\" apos' lt< amp& tab\tnl\ncr\r end", NULL, 1 },
	{ BAKED_OB2, "  \n" TEXT_OB2 "\n", NULL, 0 },	/* JSON: byte for byte in both */
	{ BAKED_OB3, "  eyJhbGciOiJFUzI1NiJ9.e30.c2ln\n", "eyJhbGciOiJFUzI1NiJ9.e30.c2ln", 1 },	/* SVG trims a token */
};

static void round_trip(enum baked_image image, const struct bake_case *c)
{
	struct baked b = BAKED_INIT;
	struct err e = ERR_INIT;
	struct buf img, out;
	const char *expect = c->expect && image == BAKED_SVG ? c->expect : c->text;

	buf_init(&img, 0);
	buf_init(&out, 0);
	if (image == BAKED_PNG)
		build_png(&img, "HDxE");
	else
		add(&img, svg_base, strlen(svg_base));
	if (baked_bake(u8(img.s), img.len, c->gen, c->text, strlen(c->text), &out, &e) < 0)
		fail_msg("bake '%s': %s", c->text, e.msg);
	if (baked_extract(u8(out.s), out.len, &b, &e) < 0)
		fail_msg("extract '%s': %s", c->text, e.msg);
	assert_int_equal(b.image, image);
	assert_int_equal(b.gen, c->gen);
	assert_string_equal(b.text, expect);
	assert_int_equal(b.len, strlen(expect));
	if (image == BAKED_SVG)
		assert_int_equal(b.from_attr, c->from_attr);
	else	/* one iTXt, right after IHDR */
		assert_memory_equal(out.s + 8 + 25 + 4, "iTXt", 4);
	baked_release(&b);
	buf_release(&img);
	buf_release(&out);
}

static void test_round_trip(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bake_cases); i++) {
		round_trip(BAKED_PNG, &bake_cases[i]);
		round_trip(BAKED_SVG, &bake_cases[i]);
	}
}

static void bake_ok(const char *img, size_t len, enum baked_gen gen, const char *text,
		    struct buf *out)
{
	struct err e = ERR_INIT;

	buf_reset(out);
	if (baked_bake(u8(img), len, gen, text, strlen(text), out, &e) < 0)
		fail_msg("bake: %s", e.msg);
}

static void test_png_rebake(void **state)
{
	static const char *const inputs[] = { "H2DE", "HzD3ZtCE", "HLDxE" };
	struct baked b = BAKED_INIT;
	struct err e = ERR_INIT;
	struct buf img, out, again;

	(void)state;
	buf_init(&img, 0);
	buf_init(&out, 0);
	buf_init(&again, 0);
	for (size_t i = 0; i < ARRAY_SIZE(inputs); i++) {
		buf_reset(&img);
		build_png(&img, inputs[i]);
		bake_ok(img.s, img.len, BAKED_OB3, TEXT_JWS, &out);
		bake_ok(out.s, out.len, BAKED_CLR, TEXT_CLR, &again);
		assert_int_equal(count_chunks(&again, NULL), 1);
		assert_int_equal(count_chunks(&again, "IDAT"), 1);
		assert_int_equal(count_chunks(&again, "IEND"), 1);
		assert_int_equal(png_extract(u8(again.s), again.len, &b, &e), 0);
		assert_int_equal(b.gen, BAKED_CLR);
		assert_string_equal(b.text, TEXT_CLR);
		baked_release(&b);
	}
	/* a trailer after IEND is not carried into the baked image */
	buf_reset(&img);
	build_png(&img, "HDE");
	trailer(&img);
	bake_ok(img.s, img.len, BAKED_OB2, TEXT_OB2, &out);
	assert_memory_equal(out.s + out.len - 8, "IEND\xae\x42\x60\x82", 8);
	buf_release(&img);
	buf_release(&out);
	buf_release(&again);
}

static void test_svg_rebake(void **state)
{
	struct baked b = BAKED_INIT;
	struct err e = ERR_INIT;
	struct buf one, two, three;

	(void)state;
	buf_init(&one, 0);
	buf_init(&two, 0);
	buf_init(&three, 0);
	bake_ok(svg_base, strlen(svg_base), BAKED_OB2, TEXT_OB2, &one);
	/* openbadges is bound to the OB2 namespace: OB3 needs another prefix */
	bake_ok(one.s, one.len, BAKED_OB3, TEXT_JWS, &two);
	/* the one in svg_base's comment stays */
	assert_int_equal(count_str(two.s, "<openbadges:assertion"), 1);
	assert_int_equal(count_str(two.s, "<openbadges2:credential"), 1);
	assert_int_equal(count_str(two.s, "xmlns:openbadges=\"" NS_OB2 "\""), 1);
	assert_int_equal(count_str(two.s, "xmlns:openbadges2=\"" NS_OB3 "\""), 1);
	assert_int_equal(svg_extract(u8(two.s), two.len, &b, &e), 0);
	assert_int_equal(b.gen, BAKED_OB3);
	assert_string_equal(b.text, TEXT_JWS);
	baked_release(&b);
	/* back to OB2: the existing declaration is reused */
	bake_ok(two.s, two.len, BAKED_OB2, TEXT_URL, &three);
	assert_int_equal(count_str(three.s, "<openbadges"), 2);
	assert_int_equal(count_str(three.s, "xmlns:openbadges="), 1);
	assert_int_equal(count_str(three.s, "<openbadges:assertion verify=\"" TEXT_URL "\"/>"), 1);
	assert_int_equal(svg_extract(u8(three.s), three.len, &b, &e), 0);
	assert_int_equal(b.gen, BAKED_OB2);
	baked_release(&b);
	buf_release(&one);
	buf_release(&two);
	buf_release(&three);
}

/* The exact bytes: everything but the insertion is kept. */
static const struct svg_bake_case {
	const char *in;
	enum baked_gen gen;
	const char *text;
	const char *out;
} svg_bake_cases[] = {
	{ "<svg xmlns=\"" NS_SVG "\">\n<rect/></svg>", BAKED_OB3, "a.b.c",
	  "<svg xmlns=\"" NS_SVG "\" xmlns:openbadges=\"" NS_OB3 "\">"
	  "<openbadges:credential verify=\"a.b.c\"/>\n<rect/></svg>" },
	{ "<svg\n>\n<rect/></svg>\n", BAKED_OB2, "{\"a\":\"]]>\"}",
	  "<svg\n xmlns:openbadges=\"" NS_OB2 "\"><openbadges:assertion><![CDATA[{\"a\":\"]]]]><![CDATA[>\"}]]>"
	  "</openbadges:assertion>\n<rect/></svg>\n" },
	{ "<svg xmlns=\"" NS_SVG "\"/>", BAKED_OB2, "u&v",
	  "<svg xmlns=\"" NS_SVG "\" xmlns:openbadges=\"" NS_OB2 "\">"
	  "<openbadges:assertion verify=\"u&amp;v\"/></svg>" },
	{ "<svg xmlns:openbadges='http://other'><openbadges:x/></svg>", BAKED_CLR, "u",
	  "<svg xmlns:openbadges='http://other' xmlns:openbadges2=\"" NS_CLR "\">"
	  "<openbadges2:credential verify=\"u\"/><openbadges:x/></svg>" },
	{ "<svg xmlns:o='" NS_OB2 "'> <g> <o:assertion verify='old'><o:assertion/></o:assertion> </g>"
	  "<!-- <o:assertion/> --></svg>", BAKED_OB2, "new",
	  "<svg xmlns:o='" NS_OB2 "' xmlns:openbadges=\"" NS_OB2 "\"><openbadges:assertion verify=\"new\"/>"
	  " <g>  </g><!-- <o:assertion/> --></svg>" },
};

static void test_svg_bake_bytes(void **state)
{
	struct buf out;

	(void)state;
	buf_init(&out, 0);
	for (size_t i = 0; i < ARRAY_SIZE(svg_bake_cases); i++) {
		const struct svg_bake_case *c = &svg_bake_cases[i];

		bake_ok(c->in, strlen(c->in), c->gen, c->text, &out);
		assert_string_equal(out.s, c->out);
	}
	buf_release(&out);
}

/* Fuzzer finding: a URI with a NUL byte once passed for the OB2 one. */
static void test_svg_nul_in_namespace(void **state)
{
	static const char in[] = "<svg xmlns:openbadges=\"" NS_OB2 "\0\0\"/>";
	struct baked b = BAKED_INIT;
	struct err e = ERR_INIT;
	struct buf out;

	(void)state;
	buf_init(&out, 0);
	assert_int_equal(svg_bake(u8(in), sizeof(in) - 1, BAKED_OB2, "u", 1, &out, &e), 0);
	assert_int_equal(svg_extract(u8(out.s), out.len, &b, &e), 0);
	assert_string_equal(b.text, "u");
	assert_non_null(memmem(out.s, out.len, "<openbadges2:assertion", 22));
	baked_release(&b);
	buf_release(&out);
}

static const struct reject_case {
	const char *name;
	enum baked_image image;
	enum baked_gen gen;
	const char *text;
	size_t tlen;		/* 0: strlen(text) */
	enum err_code code;
} reject_cases[] = {
	{ "png empty text", BAKED_PNG, BAKED_OB2, "", 0, ERR_USAGE },
	{ "svg blank text", BAKED_SVG, BAKED_OB2, " \n ", 0, ERR_USAGE },
	{ "png bad generation", BAKED_PNG, 0, "x", 0, ERR_USAGE },
	{ "svg bad generation", BAKED_SVG, 9, "x", 0, ERR_USAGE },
	{ "png NUL in text", BAKED_PNG, BAKED_OB3, "a\0b", 3, ERR_USAGE },
	{ "svg NUL in text", BAKED_SVG, BAKED_OB3, "a\0b", 3, ERR_USAGE },
	{ "svg control character", BAKED_SVG, BAKED_OB3, "a\x1b", 0, ERR_USAGE },
};

static void test_bake_rejects(void **state)
{
	struct buf png, out;

	(void)state;
	buf_init(&png, 0);
	build_png(&png, "HDE");
	buf_init(&out, 0);
	for (size_t i = 0; i < ARRAY_SIZE(reject_cases); i++) {
		const struct reject_case *c = &reject_cases[i];
		struct err e = ERR_INIT;
		size_t tlen = c->tlen ? c->tlen : strlen(c->text);
		int rc;

		assert_int_equal(buf_adds(&out, "keep", NULL), 0);
		if (c->image == BAKED_PNG)
			rc = png_bake(u8(png.s), png.len, c->gen, c->text, tlen, &out, &e);
		else
			rc = svg_bake(u8(svg_base), strlen(svg_base), c->gen, c->text, tlen, &out, &e);
		if (rc != -1 || e.code != c->code)
			fail_msg("%s: got %d %s (%s)", c->name, rc, err_name(e.code), e.msg);
		assert_string_equal(out.s, "keep");	/* out untouched */
		buf_reset(&out);
	}
	buf_release(&png);
	buf_release(&out);
}

static void test_bake_damaged(void **state)
{
	static const char bad_svg[] = "<svg><![CDATA[x</svg>";
	struct err e = ERR_INIT;
	struct buf png, out;

	(void)state;
	buf_init(&png, 0);
	buf_init(&out, 0);
	build_png(&png, "H2DE");
	flip_text(&png);
	assert_int_equal(buf_adds(&out, "keep", NULL), 0);
	assert_int_equal(png_bake(u8(png.s), png.len, BAKED_OB2, "x", 1, &out, &e), -1);
	assert_int_equal(e.code, ERR_PARSE);
	assert_string_equal(out.s, "keep");
	assert_int_equal(svg_bake(u8(bad_svg), strlen(bad_svg), BAKED_OB2, "x", 1, &out, &e), -1);
	assert_int_equal(e.code, ERR_PARSE);
	assert_string_equal(out.s, "keep");
	assert_int_equal(baked_bake(u8("GIF89a"), 6, BAKED_OB2, "x", 1, &out, &e), -1);
	assert_int_equal(e.code, ERR_FORMAT);
	buf_release(&png);
	buf_release(&out);
}

static void test_size_limits(void **state)
{
	size_t big = ((size_t)32 << 20) + 1, tbig = ((size_t)8 << 20) + 1;
	uint8_t *img = calloc(1, big);
	char *text = malloc(tbig);
	struct baked b = BAKED_INIT;
	struct err e = ERR_INIT;
	struct buf png, out;

	(void)state;
	assert_non_null(img);
	assert_non_null(text);
	memcpy(img, "\x89PNG\r\n\x1a\n", 8);
	assert_int_equal(png_extract(img, big, &b, &e), -1);
	assert_int_equal(e.code, ERR_TOOBIG);
	memcpy(img, "<svg>", 5);
	assert_int_equal(svg_extract(img, big, &b, &e), -1);
	assert_int_equal(e.code, ERR_TOOBIG);

	memset(text, 'a', tbig);
	buf_init(&png, 0);
	buf_init(&out, 0);
	build_png(&png, "HDE");
	assert_int_equal(png_bake(u8(png.s), png.len, BAKED_OB3, text, tbig, &out, &e), -1);
	assert_int_equal(e.code, ERR_TOOBIG);
	assert_int_equal(svg_bake(u8(svg_base), strlen(svg_base), BAKED_OB3, text, tbig, &out, &e), -1);
	assert_int_equal(e.code, ERR_TOOBIG);
	buf_release(&png);
	buf_release(&out);
	free(text);
	free(img);
}

/* ---- sniffing and dispatch ---------------------------------------------- */

static const struct sniff_case {
	const char *data;
	size_t len;		/* 0: strlen(data) */
	int png, svg;
} sniff_cases[] = {
	{ "\x89PNG\r\n\x1a\n", 8, 1, 0 },
	{ "\x89PNG\r\n\x1a", 7, 0, 0 },
	{ "<svg>", 0, 0, 1 },
	{ "<svg/>", 0, 0, 1 },
	{ " \n\t<svg\nwidth='1'>", 0, 0, 1 },
	{ "\xef\xbb\xbf<?xml version='1.0'?><!-- x --><!DOCTYPE svg [<!ENTITY a '>'>]><svg>", 0, 0, 1 },
	{ "<s:svg xmlns:s='" NS_SVG "'>", 0, 0, 1 },
	{ "<svgx>", 0, 0, 0 },
	{ "<html><svg>", 0, 0, 0 },
	{ "<!-- unterminated <svg>", 0, 0, 0 },
	{ "x<svg>", 0, 0, 0 },
	{ "<svg", 0, 0, 0 },
	{ "", 0, 0, 0 },
};

static void test_sniff(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(sniff_cases); i++) {
		const struct sniff_case *c = &sniff_cases[i];
		size_t len = c->len ? c->len : strlen(c->data);

		if (png_is_png(u8(c->data), len) != c->png || svg_is_svg(u8(c->data), len) != c->svg)
			fail_msg("sniff case %zu", i);
	}
	assert_false(png_is_png(NULL, 0));
	assert_false(svg_is_svg(NULL, 0));
}

static void test_dispatch(void **state)
{
	struct baked b = BAKED_INIT;
	struct err e = ERR_INIT;
	struct buf png;

	(void)state;
	assert_int_equal(baked_extract(u8("GIF89a"), 6, &b, &e), -1);
	assert_int_equal(e.code, ERR_FORMAT);
	assert_int_equal(baked_extract(NULL, 0, &b, &e), -1);
	assert_int_equal(e.code, ERR_FORMAT);

	buf_init(&png, 0);
	build_png(&png, "H3DE");
	assert_int_equal(baked_extract(u8(png.s), png.len, &b, &e), 0);
	assert_int_equal(b.image, BAKED_PNG);
	baked_release(&b);
	assert_null(b.text);
	assert_int_equal(b.len, 0);
	assert_int_equal(baked_extract(u8(svg_cases[0].svg), strlen(svg_cases[0].svg), &b, &e), 0);
	assert_int_equal(b.image, BAKED_SVG);
	baked_release(&b);
	buf_release(&png);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_png_extract),
		cmocka_unit_test(test_svg_extract),
		cmocka_unit_test(test_svg_limits),
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_fixtures_bake),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_png_rebake),
		cmocka_unit_test(test_svg_rebake),
		cmocka_unit_test(test_svg_bake_bytes),
		cmocka_unit_test(test_svg_nul_in_namespace),
		cmocka_unit_test(test_bake_rejects),
		cmocka_unit_test(test_bake_damaged),
		cmocka_unit_test(test_size_limits),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_dispatch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
