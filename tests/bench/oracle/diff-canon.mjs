// diff-canon.mjs — differential test of satchel's JSON-LD toRdf + RDFC-1.0
// against the reference stack (jsonld.js + rdf-canonize of the oracle
// kit), on random credential-shaped documents.
//
//   make diffcheck [DIFF_N=1000] [DIFF_SEED=1]
//   node tests/bench/oracle/diff-canon.mjs SATCHEL N [SEED] [OUTDIR]
//
// Each document uses the bundled VC and OB contexts, terms those contexts
// define (and a few they do not), an inline context with containers and
// type coercions some of the time, and values of every JSON kind, with
// strings that need escaping.  Both sides canonicalize it in unsafe and
// in safe mode (satchel ld canon [--safe], rdfDirection i18n-datatype as
// the cryptosuites use it).  A document where they differ is written to
// OUTDIR (default /tmp/diff-canon) with both outputs, unless the
// difference is one tests/conformance/DEVIATIONS argues.  Exit 1 on any
// other difference.  Not part of `make check`: it needs the kit's npm
// packages (make bench and make diffcheck install them).
import {execFileSync} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {seeded} from './seeded.mjs';
import {kitPackage, kitLib} from './kit.mjs';

const jsonld = (await kitPackage('jsonld')).default;
const {createDocumentLoader} = await kitLib('loader.mjs');

const [satchel, nArg, seedArg, outArg] = process.argv.slice(2);
if(!satchel || !nArg) {
  console.error('usage: node tests/bench/oracle/diff-canon.mjs SATCHEL N [SEED] [OUTDIR]');
  process.exit(2);
}
const N = Number(nArg);
const OUT = outArg || '/tmp/diff-canon';
mkdirSync(OUT, {recursive: true});

const {rand, pick, chance} = seeded(seedArg);

const CONTEXT_SETS = [
  ['https://www.w3.org/ns/credentials/v2',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
  ['https://www.w3.org/2018/credentials/v1',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
  ['https://www.w3.org/ns/credentials/v2',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json'],
  ['https://www.w3.org/2018/credentials/v1',
    'https://purl.imsglobal.org/spec/ob/v3p0/context.json'],
  ['https://www.w3.org/ns/credentials/v2'],
];
const CLASSES = ['Achievement', 'AchievementSubject', 'Profile', 'Criteria', 'Alignment',
  'Evidence', 'Image', 'Result', 'ResultDescription', 'RubricCriterionLevel',
  'IdentityObject', 'Address', 'GeoCoordinates', 'IdentifierEntry', 'Related',
  'EndorsementCredential', 'EndorsementSubject', 'VerifiableCredential',
  'OpenBadgeCredential', 'AchievementCredential', 'Unknownclass'];
const TERMS = ['name', 'description', 'achievement', 'criteria', 'narrative', 'image',
  'alignment', 'result', 'resultDescription', 'evidence', 'creator', 'id', 'type',
  'url', 'email', 'phone', 'address', 'achievementType', 'tag', 'version', 'inLanguage',
  'creditsAvailable', 'creditsEarned', 'humanCode', 'fieldOfStudy', 'specialization',
  'targetName', 'targetUrl', 'targetType', 'targetCode', 'caption', 'value', 'status',
  'valueMax', 'valueMin', 'allowedValue', 'level', 'points', 'identifier', 'hashed',
  'salt', 'identityHash', 'identityType', 'latitude', 'longitude', 'geo', 'related',
  'otherIdentifier', 'identifierType', 'awardedDate', 'activityStartDate',
  'activityEndDate', 'endorsement', 'endorsementComment', 'validFrom', 'validUntil',
  'issuanceDate', 'expirationDate', 'issuer', 'credentialSubject', 'dateOfBirth',
  'givenName', 'familyName', 'official', 'parentOrg', 'audience', 'genre', 'source',
  'termsOfUse', 'credentialSchema', 'refreshService', 'evidenceDocument', 'term',
  'unknownTerm', 'ex:prefixed', 'http://example.org/vocab#abs', '@id', '@type',
  'listy', 'langy', 'idx', 'typed', 'vtyped', 'dt', 'js', 'gr', 'rev', 'setty'];
// Terms of the inline context some documents add (the general path).
const EXTRA = {
  ex: 'https://example.org/ns#',
  listy: {'@id': 'https://example.org/ns#listy', '@container': '@list'},
  langy: {'@id': 'https://example.org/ns#langy', '@container': '@language'},
  idx: {'@id': 'https://example.org/ns#idx', '@container': '@index'},
  typed: {'@id': 'https://example.org/ns#typed', '@type': '@id'},
  vtyped: {'@id': 'https://example.org/ns#vtyped', '@type': '@vocab'},
  dt: {'@id': 'https://example.org/ns#dt', '@type': 'http://www.w3.org/2001/XMLSchema#date'},
  js: {'@id': 'https://example.org/ns#js', '@type': '@json'},
  gr: {'@id': 'https://example.org/ns#gr', '@container': '@graph'},
  rev: {'@reverse': 'https://example.org/ns#rev'},
  setty: {'@id': 'https://example.org/ns#setty', '@container': '@set'},
};
const STRINGS = ['plain', '', ' ', 'a "quoted" word', 'back\\slash', 'tab\there',
  'line\nbreak', 'cr\rret', 'ctl\u0001\u001f\u007f', 'caf\u00e9 \u2013 \u00fc',
  '\u2028\u2029', '\ud83c\udf93 emoji', 'x'.repeat(300),
  '2024-01-01T00:00:00Z', '2024-02-30', '1.0', 'true', '_:b0', '_:c14n0',
  'https://example.edu/a b', 'urn:uuid:0e1f', 'did:key:z6Mk', 'mailto:a@b.c',
  'relative/path', '#frag', '?q=1', '//host/p', 'ex:thing',
  '@type', '@vocab', 'Achievement', 'en', 'en-US', 'EN-us'];
// Known deviations are left out (tests/conformance/DEVIATIONS): \u0000
// ([json-text]), U+FFFE and U+FFFF ([non-xml-char]), IRIs that are not
// well-formed ([iri-well-formed]), non-zero numbers below 1e-6
// ([small-double]).
const NUMBERS = [0, 1, -1, 42, 1.5, -0.25, 1e21, 1e20, 123456789012, 0.1, 3.5e-6,
  2.5e300, 1.7976931348623157e308, 100, 1e3, 12.0, 9007199254740993];

function iri() {
  return pick(['https://example.edu/' + Math.floor(rand() * 50),
    'urn:uuid:' + Math.floor(rand() * 1e6), 'did:example:' + Math.floor(rand() * 20),
    'https://example.edu/x#' + pick(['a', 'b']), pick(STRINGS)]);
}

function scalar() {
  const k = rand();
  if(k < 0.5) return pick(STRINGS);
  if(k < 0.8) return pick(NUMBERS) * (chance(0.2) ? -1 : 1);
  if(k < 0.9) return chance(0.5);
  return null;
}

function valueObject() {
  const v = {'@value': scalar()};
  const k = rand();
  if(k < 0.3 && typeof v['@value'] === 'string') v['@language'] = pick(['en', 'de-CH', 'EN', 'x']);
  else if(k < 0.6) v['@type'] = pick(['http://www.w3.org/2001/XMLSchema#dateTime',
    'xsd:integer', 'https://ex.org/t', 'http://www.w3.org/2001/XMLSchema#string', 'bad type']);
  else if(k < 0.7 && typeof v['@value'] === 'string') {
    v['@direction'] = pick(['ltr', 'rtl']);    // [direction-non-string]
  }
  return v;
}

function node(depth) {
  const o = {};
  if(chance(0.6)) o.id = iri();
  if(chance(0.8)) {
    o.type = chance(0.5) ? pick(CLASSES) :
      [pick(CLASSES), pick(CLASSES)].slice(0, 1 + Math.floor(rand() * 2));
  }
  const n = 1 + Math.floor(rand() * 5);
  for(let i = 0; i < n; i++) {
    const t = pick(TERMS);
    if(t === 'gr') o[t] = node(depth + 1);    // [graph-container-values]
    else o[t] = chance(0.7) && FITTING[t] ? FITTING[t](depth + 1) : value(depth + 1);
  }
  return o;
}

// Values that fit the inline context's containers and types.
const FITTING = {
  langy: () => ({en: pick(STRINGS), 'de-CH': [pick(STRINGS), pick(STRINGS)],
    '@none': pick(STRINGS)}),
  idx: d => ({a: value(d), b: node(d)}),
  js: d => chance(0.5) ? {z: 1, a: [true, null, 1.5, 'x'], m: {b: 2, a: 1e21}} : value(d),
  listy: d => [value(d), pick(STRINGS), node(d)],
  rev: d => node(d),
};

function value(depth) {
  const k = rand();
  if(depth > 3 || k < 0.45) return scalar();
  if(k < 0.55) return valueObject();
  if(k < 0.8) return node(depth);
  const a = [];
  const n = Math.floor(rand() * 4);
  for(let i = 0; i < n; i++) a.push(value(depth + 1));
  return a;
}

function document() {
  const doc = {'@context': pick(CONTEXT_SETS).slice()};
  Object.assign(doc, node(0));
  if(chance(0.3)) doc.type = ['VerifiableCredential', 'OpenBadgeCredential'];
  if(chance(0.7)) {
    doc.credentialSubject = node(1);
    doc.credentialSubject.type = chance(0.8) ? ['AchievementSubject'] : pick(CLASSES);
    if(chance(0.7)) {
      doc.credentialSubject.achievement = node(2);
      doc.credentialSubject.achievement.type = pick(['Achievement', ['Achievement'], 'Profile']);
    }
  }
  if(chance(0.5)) doc.issuer = chance(0.5) ? iri() : node(1);
  if(chance(0.1)) doc['@context'].push({ex: 'https://example.org/ns#'});
  if(chance(0.4)) {
    const extra = {...EXTRA};
    if(chance(0.3)) extra['@vocab'] = 'https://example.org/vocab/';
    if(chance(0.2)) extra['@language'] = pick(['en', 'fr-CA']);
    doc['@context'].push(extra);
  }
  return doc;
}

const documentLoader = createDocumentLoader({});

async function reference(doc, safe) {
  try {
    return await jsonld.canonize(doc, {algorithm: 'RDFC-1.0', format: 'application/n-quads',
      documentLoader, safe, rdfDirection: 'i18n-datatype'});
  } catch(e) {
    return 'ERROR';
  }
}

function ours(file, safe) {
  try {
    return execFileSync(satchel, ['ld', 'canon', '--rdf-direction', 'i18n-datatype',
      ...(safe ? ['--safe'] : []), file],
      {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
  } catch(e) {
    return 'ERROR';
  }
}

// jsonld.js keeps a quad twice when two JSON values make the same
// literal (true and "true" with one @type): [duplicate-quads].
function sameButDuplicates(want, got) {
  const lines = want.split('\n');
  return lines.length !== new Set(lines).size &&
    [...new Set(lines)].join('\n') === got;
}

// An IRI the reference writes with \u escapes is not well-formed: satchel
// drops it ([iri-well-formed]).  A reference crash on a list item that
// becomes null: [list-null-item].
// A language tag that is not well-formed: the reference writes it,
// satchel drops the literal ([lang-well-formed]).  A graph container
// whose value is only a node reference: [graph-container-values].  An
// IRI with a Unicode space, which RFC 3987 allows: [iri-chars].
const count = (s, re) => (s.match(re) || []).length;
function knownDeviation(want, got) {
  const tags = [...want.matchAll(/"@(\S+) [<_.]/g)].map(m => m[1]);
  return /<[^>]*\\u[0-9A-F]{4}[^>]*>/.test(want) ||
    tags.some(t => !/^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/.test(t)) ||
    count(got, /ns#gr> /g) > count(want, /ns#gr> /g) ||
    /<[^>\s]*[\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000][^>]*>/.test(got) ||
    (want === 'ERROR' && got !== 'ERROR' && /rdf-syntax-ns#rest/.test(got));
}

let agree = 0, differ = 0, bothFail = 0, known = 0;
for(let i = 0; i < N; i++) {
  const doc = document();
  const file = path.join(OUT, `doc-${i}.json`);
  writeFileSync(file, JSON.stringify(doc, null, 1));
  for(const safe of [false, true]) {
    const want = await reference(doc, safe);
    const got = ours(file, safe);
    if(want === got) {
      if(got === 'ERROR') bothFail++;
      else agree++;
      continue;
    }
    if(sameButDuplicates(want, got) || knownDeviation(want, got)) {
      known++;
      continue;
    }
    differ++;
    const tag = `doc-${i}${safe ? '-safe' : ''}`;
    writeFileSync(path.join(OUT, tag + '.want'), want);
    writeFileSync(path.join(OUT, tag + '.got'), got);
    console.log(`DIFF ${tag}: reference ${want === 'ERROR' ? 'fails' : 'canonicalizes'},` +
      ` satchel ${got === 'ERROR' ? 'fails' : 'canonicalizes'}`);
  }
}
console.log(`${agree} agree, ${bothFail} fail on both sides, ` +
  `${known} differ as tests/conformance/DEVIATIONS says, ${differ} differ`);
process.exit(differ ? 1 : 0);
