// diff-verify.mjs — differential test of satchel's verdicts against the
// reference verifier (the oracle kit's verify-core.mjs) on credentials
// signed here and then, some of them, changed.
//
//   make diffcheck            (runs diff-canon.mjs, then this)
//   node tests/bench/oracle/diff-verify.mjs SATCHEL N [SEED] [OUTDIR]
//
// Each credential is an OB 3.0 OpenBadgeCredential (VC 2.0 or 1.1
// contexts) with random extra fields, dates on either side of the
// verification instant, a string or object issuer, signed with
// eddsa-rdfc-2022 (or, one in six, Ed25519Signature2020) by one of four
// did:key issuers with the kit's libraries;
// one in three is a VC-JWT instead (EdDSA, claims changed before signing
// or the payload after).
// Two in five are then changed after signing: a value, an added or a
// removed entry, a null @value, key order, JSON layout, a number written
// another way, the proof's date or purpose.  Both verify every file at the
// same instant: satchel in one `satchel --offline verify --json` process,
// the reference one file at a time.  The verdicts are compared as
// tests/conformance/DEVIATIONS reads them: verified, expired,
// not-yet-valid, revoked and suspended exactly, any other failure against
// 'invalid'.  A difference is written to OUTDIR with both answers; exit 1
// on any.
//
// Two of the six issuers are did:web (web.example, one with a path; a
// Multikey and an Ed25519VerificationKey2020 in each DID document), and
// a third of the VC 2.0 credentials carry a BitstringStatusListEntry
// (revocation or suspension, a set or a clear bit, index 0 and the last
// among them).  Their DID documents and signed status lists are files
// under OUTDIR/web; the reference reads them with its loader's webRoot,
// satchel over HTTPS from tests/lib/https-server.py with a throw-away CA
// (tests/lib/testca.sh), SATCHEL_CA_FILE and SATCHEL_CONNECT_TO.  A few
// entries point at a list that is missing (404), expired, or signed by
// another issuer.  The first did:web issuer signs half its VC-JWTs with
// an RSA key (RS256, JsonWebKey2020).  One in seven Data Integrity
// credentials gets a second eddsa proof by any issuer (a proof set), and
// then maybe one proof broken or given another purpose.
// DIFF_VERBOSE=1 in the environment also prints why the reference
// refused to sign a credential (such ones are skipped and counted).
import {execFileSync, spawn} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {gzipSync} from 'node:zlib';
import {seeded} from './seeded.mjs';
import {createPrivateKey} from 'node:crypto';
import {kitLib, kitPackage, kitSigning} from './kit.mjs';

const [satchel, nArg, seedArg, outArg] = process.argv.slice(2);
if(!satchel || !nArg) {
  console.error('usage: node tests/bench/oracle/diff-verify.mjs SATCHEL N [SEED] [OUTDIR]');
  process.exit(2);
}
const N = Number(nArg);
const OUT = outArg || '/tmp/diff-verify';
mkdirSync(OUT, {recursive: true});

const {vc, DataIntegrityProof, eddsaRdfc2022} = await kitSigning();
const jose = await kitPackage('jose');
const {Ed25519Signature2020} = await kitPackage('@digitalbazaar/ed25519-signature-2020');
const Ed25519Multikey = await kitPackage('@digitalbazaar/ed25519-multikey');
const {createDocumentLoader, CONTEXTS} = await kitLib('loader.mjs');
const {ed25519Multikey, ed25519VerificationKey2020, didKeyFor, rsaKeyFromSeed} =
  await kitLib('keys.mjs');
const {verifyText} = await kitLib('verify-core.mjs');
// The did:web documents and status lists made below, as files that stand
// for https://HOST/PATH (the kit's own web folder is not needed).
const WEB = path.join(OUT, 'web');
rmSync(WEB, {recursive: true, force: true});
const documentLoader = createDocumentLoader({webRoot: WEB});

const {rand, pick, chance} = seeded(seedArg);

const NOW = '2025-06-01T00:00:00Z';
// No date within 300 s of NOW: the reference allows that much clock skew
// on validFrom and validUntil, satchel none ([clock-skew]).
const DATES = ['2024-01-01T00:00:00Z', '2025-05-31T23:54:59Z', '2025-06-01T00:05:01Z',
  '2026-01-01T00:00:00+02:00', '2025-05-31T23:00:00-01:30', '2030-12-31T23:59:59.999Z',
  '2020-02-29T12:00:00Z', '2025-06-01T02:00:00.5+01:00'];
const TEXT = ['Data Science', 'café – naïve', 'line\nbreak', 'tab\tquote "x" \\ y',
  '\u{1F393} graduate', 'Grundlagen der Elektrotechnik', '', ' ', 'x'.repeat(200)];
const EXTRA = {
  description: () => pick(TEXT),
  creditsAvailable: () => pick([1, 2.5, 0, 10, 1e21, -3]),
  humanCode: () => pick(TEXT),
  tag: () => [pick(TEXT), pick(TEXT)],
  version: () => pick(['1', '2024.1', 1]),
  inLanguage: () => pick(['en', 'de-CH', 'fr']),
  fieldOfStudy: () => pick(TEXT),
  specialization: () => pick(TEXT),
  achievementType: () => pick(['Certificate', 'Badge', 'ext:Custom', 'NotAType', 'Course']),
  image: () => pick([{id: 'https://ex.edu/i.png', type: 'Image', caption: pick(TEXT)},
    'https://ex.edu/i.png']),
  criteria: () => ({narrative: pick(TEXT)}),
  alignment: () => [{type: ['Alignment'], targetName: pick(TEXT),
    targetUrl: 'https://ex.org/skill/1', targetType: pick(['CFItem', 'CTDL'])}],
};

// The issuer's private key as a JWK key object, for jose.
async function privateJwk(mk) {
  const raw = await mk.export({raw: true, secretKey: true, canonicalize: true});
  const jwk = {...await Ed25519Multikey.toJwk({keyPair: mk}),
    d: Buffer.from(raw.secretKey).toString('base64url')};
  return createPrivateKey({key: jwk, format: 'jwk'});
}

const issuers = [];
for(let k = 0; k < 4; k++) {
  const label = `satchel-diff/issuer-${k}`;
  const {did, vmId} = didKeyFor(await ed25519Multikey({label}));
  const key = await ed25519Multikey({label, id: vmId, controller: did});
  issuers.push({did, vmId, key, jwk: await privateJwk(key),
    k2020: await ed25519VerificationKey2020({label, id: vmId, controller: did})});
}

// did:web issuers: the DID document lists a Multikey under
// assertionMethod, as the kit corpus's do, and an Ed25519VerificationKey2020
// for Ed25519Signature2020 proofs; the first also an RSA key
// (JsonWebKey2020), with which it signs half its VC-JWTs (RS256).
const WEB_HOST = 'web.example', STATUS_HOST = 'status.example';
function writeWeb(rel, doc) {
  const file = path.join(WEB, rel);
  mkdirSync(path.dirname(file), {recursive: true});
  writeFileSync(file, JSON.stringify(doc, null, 2));
}
for(const [k, did, rel] of [[0, `did:web:${WEB_HOST}`, '.well-known/did.json'],
  [1, `did:web:${WEB_HOST}:issuers:two`, 'issuers/two/did.json']]) {
  const label = `satchel-diff/web-${k}`, vmId = `${did}#key-1`;
  const key = await ed25519Multikey({label, id: vmId, controller: did});
  // key-2: an Ed25519VerificationKey2020 (its own key), for the older suite.
  const k2020 = await ed25519VerificationKey2020({label: `${label}/2020`, id: `${did}#key-2`,
    controller: did});
  const doc = {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1',
      CONTEXTS.ED25519_2020],
    id: did,
    verificationMethod: [{id: vmId, type: 'Multikey', controller: did,
      publicKeyMultibase: key.publicKeyMultibase},
    {id: k2020.id, type: 'Ed25519VerificationKey2020', controller: did,
      publicKeyMultibase: k2020.publicKeyMultibase}],
    assertionMethod: [vmId, k2020.id],
  };
  let rsa = null;
  if(k === 0) {
    const {privateKey, publicJwk} = rsaKeyFromSeed('satchel-diff/web-rsa');
    rsa = {key: privateKey, kid: `${did}#rsa-1`};
    doc['@context'].push('https://w3id.org/security/suites/jws-2020/v1');
    doc.verificationMethod.push({id: rsa.kid, type: 'JsonWebKey2020', controller: did,
      publicKeyJwk: publicJwk});
    doc.assertionMethod.push(rsa.kid);
  }
  writeWeb(path.join(WEB_HOST, rel), doc);
  issuers.push({did, vmId, key, jwk: await privateJwk(key), web: true, rsa, k2020});
}

// Status lists: per issuer one for revocation and one for suspension,
// 131,072 entries (the minimum), index 0 = the first byte's most
// significant bit.  SET[purpose] are the set indices, the same in every
// issuer's list.  Bad lists: 'missing' is never written (404), 'expired'
// ended before the verification instant, 'other' names issuer 0 but is
// signed by issuer 1.
const ENTRIES = 131072;
const SET = {revocation: new Set([0, ENTRIES - 1, 7, 8, 1000, 65537]),
  suspension: new Set([1, ENTRIES - 2, 4095, 99999])};
const listUrl = name => `https://${STATUS_HOST}/lists/${name}.json`;
async function statusList(name, purpose, issuer, signer, extra = {}) {
  const bits = Buffer.alloc(ENTRIES / 8);
  for(const i of SET[purpose]) bits[i >> 3] |= 0x80 >> (i & 7);
  const url = listUrl(name);
  const list = {
    '@context': [CONTEXTS.VC_V2], id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: issuer.did, validFrom: '2024-01-01T00:00:00Z', ...extra,
    credentialSubject: {id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: purpose,
      encodedList: 'u' + gzipSync(bits).toString('base64url')},
  };
  const suite = new DataIntegrityProof({signer: signer.key.signer(),
    cryptosuite: eddsaRdfc2022, date: '2024-01-01T00:00:00Z'});
  const signed = await vc.issue({credential: list, suite, documentLoader,
    now: '2024-06-01T00:00:00Z'});
  writeWeb(path.join(STATUS_HOST, 'lists', `${name}.json`), signed);
}
for(const [k, issuer] of issuers.entries()) {
  for(const purpose of ['revocation', 'suspension']) {
    await statusList(`${k}-${purpose}`, purpose, issuer, issuer);
  }
}
await statusList('expired', 'revocation', issuers[0], issuers[0],
  {validUntil: '2025-01-01T00:00:00Z'});
await statusList('other', 'revocation', issuers[0], issuers[1]);

function statusEntry(k) {
  const purpose = chance(0.6) ? 'revocation' : 'suspension';
  const set = [...SET[purpose]];
  const index = chance(0.5) ? pick(set) : pick([2, 3, 5000, 70000, ENTRIES - 3]);
  const name = chance(0.85) || purpose !== 'revocation' ? `${k}-${purpose}` :
    pick(k === 0 ? ['missing', 'expired', 'other'] : ['missing']);
  return {id: `${listUrl(name)}#${index}`, type: 'BitstringStatusListEntry',
    statusPurpose: purpose, statusListIndex: String(index),
    statusListCredential: listUrl(name)};
}

function credential(i, issuer) {
  const v2 = chance(0.75);
  const c = {
    '@context': v2 ? [CONTEXTS.VC_V2, pick([CONTEXTS.OB_303, CONTEXTS.OB_302])] :
      [CONTEXTS.VC_V1, pick([CONTEXTS.OB_301, CONTEXTS.OB_300])],
    id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: pick(TEXT) || 'Badge',
    issuer: chance(0.7) ? {id: issuer.did, type: ['Profile'], name: pick(TEXT)} : issuer.did,
  };
  // Mostly in order (a credential valid until before it is valid is
  // [dates-order]).
  const [from, until] = [pick(DATES), pick(DATES)].sort((a, b) =>
    chance(0.85) ? Date.parse(a) - Date.parse(b) : 0);
  c[v2 ? 'validFrom' : 'issuanceDate'] = from;
  if(chance(0.5)) c[v2 ? 'validUntil' : 'expirationDate'] = until;
  const ach = {id: `https://ex.edu/achievements/${i}`, type: ['Achievement'],
    name: pick(TEXT), criteria: {narrative: pick(TEXT)}};
  for(const k of Object.keys(EXTRA)) {
    if(chance(0.3)) ach[k] = EXTRA[k]();
  }
  c.credentialSubject = {type: ['AchievementSubject'], achievement: ach};
  if(chance(0.8)) c.credentialSubject.id = `did:example:learner-${i}`;
  if(v2 && chance(1 / 3)) c.credentialStatus = statusEntry(issuers.indexOf(issuer));
  return c;
}

// Changes after signing; each returns the new JSON text.
const json = o => JSON.stringify(o, null, 2);
const CHANGES = [
  ['none', c => json(c)],
  ['reorder', c => {
    const o = {};
    for(const k of Object.keys(c).reverse()) o[k] = c[k];
    return json(o);
  }],
  ['compact', c => JSON.stringify(c)],
  ['name', c => json({...c, name: c.name + '!'})],
  ['add-defined', c => {
    c.credentialSubject.achievement.humanCode = 'ADDED';
    return json(c);
  }],
  ['add-undefined', c => json({...c, undefinedTerm: 'x'})],
  ['null-value', c => {
    c.credentialSubject.achievement.description = {'@value': null};
    return json(c);
  }],
  ['drop-subject-id', c => {
    delete c.credentialSubject.id;
    return json(c);
  }],
  ['number-form', c => json(c).replace(/"creditsAvailable": (\d+)(,?)$/m,
    '"creditsAvailable": $1.0$2')],
  ['proof-created', c => {
    c.proof.created = '2099-01-01T00:00:00Z';
    return json(c);
  }],
  ['proof-purpose', c => {
    c.proof.proofPurpose = 'authentication';
    return json(c);
  }],
  ['decomposed', c => json(c).replace(/é/g, 'e\u0301')],
];

// Changes to a proof set (two proofs): one proof's signature broken (a
// character of its proofValue changed), or its purpose.
function breakValue(p) {
  const v = p.proofValue, at = 10 + Math.floor(rand() * (v.length - 11));
  p.proofValue = v.slice(0, at) + (v[at] === 'A' ? 'B' : 'A') + v.slice(at + 1);
}
const PROOF_SET_CHANGES = [
  ['break-first', c => { breakValue(c.proof[0]); return json(c); }],
  ['break-second', c => { breakValue(c.proof[1]); return json(c); }],
  ['purpose-first', c => { c.proof[0].proofPurpose = 'authentication'; return json(c); }],
];

// VC-JWTs (EdDSA, did:key): the claims follow the credential, as the
// kit's generator makes them (VC 1.1 in a vc claim, VC 2.0 at the top),
// then one may be changed before signing; 'tamper' changes the payload
// after.  Not changed here: sub and iss, which satchel checks more
// strictly ([jwt]).
const epoch = iso => Math.floor(Date.parse(iso) / 1000);
const JWT_CHANGES = [
  ['none', (h, p) => {}],
  ['exp-past', (h, p) => { p.exp = epoch('2025-05-01T00:00:00Z'); p.nbf = p.exp - 86400; }],
  ['nbf-future', (h, p) => { p.nbf = epoch('2025-07-01T00:00:00Z'); }],
  ['jti-other', (h, p) => { p.jti = 'urn:uuid:other'; }],
  ['kid-bare', (h, p) => { h.kid = h.kid.split('#')[0]; }],
  ['kid-relative', (h, p) => { h.kid = '#' + h.kid.split('#')[1]; }],
  ['typ-vc+jwt', (h, p) => { h.typ = 'vc+jwt'; }],
];
async function signJwt(c, issuer) {
  const cred = structuredClone(c);
  const iss = typeof cred.issuer === 'object' ? cred.issuer.id : cred.issuer;
  const claims = {iss, nbf: epoch(cred.validFrom || cred.issuanceDate), jti: cred.id};
  if(cred.credentialSubject?.id) claims.sub = cred.credentialSubject.id;
  const until = cred.validUntil || cred.expirationDate;
  if(until) claims.exp = epoch(until);
  const payload = cred.validFrom ? {...cred, ...claims} : {...claims, vc: cred};
  const rsa = issuer.rsa && chance(0.5) ? issuer.rsa : null;
  const header = rsa ? {alg: 'RS256', typ: 'JWT', kid: rsa.kid} :
    {alg: 'EdDSA', typ: 'JWT', kid: issuer.vmId};
  const [change, apply] = chance(0.6) ? JWT_CHANGES[0] : pick(JWT_CHANGES);
  apply(header, payload);
  let jwt = await new jose.SignJWT(payload).setProtectedHeader(header)
    .sign(rsa ? rsa.key : issuer.jwk);
  if(chance(0.1)) {     // the payload changed after signing
    const [h, b, sig] = jwt.split('.');
    const body = JSON.parse(Buffer.from(b, 'base64url').toString());
    body.jti = 'urn:uuid:tampered';
    jwt = [h, Buffer.from(JSON.stringify(body)).toString('base64url'), sig].join('.');
    return [(rsa ? 'rs256-' : '') + 'tamper', jwt];
  }
  return [(rsa ? 'rs256-' : '') + change, jwt];
}

const SATCHEL_OF = {ok: 'verified', expired: 'expired', 'not-yet-valid': 'not-yet-valid',
  revoked: 'revoked', suspended: 'suspended'};
function expected(r) {
  if(r.verified) return 'verified';
  return SATCHEL_OF[r.reason] || 'invalid';
}

const files = [], want = [], what = [];
let unsigned = 0;
for(let i = 0; i < N; i++) {
  const issuer = pick(issuers);
  const cred = credential(i, issuer);
  if(i % 3 === 2) {     // a VC-JWT
    const [change, text] = await signJwt(cred, issuer);
    const file = path.join(OUT, `cred-${i}.jwt`);
    writeFileSync(file, text + '\n');
    const r = await verifyText({text, documentLoader, now: NOW});
    files.push(file);
    want.push(expected(r));
    what.push({change: 'jwt-' + change, reason: r.reason, errors: r.errors,
      list: cred.credentialStatus?.statusListCredential, web: !!issuer.web});
    continue;
  }
  let signed, second = null;
  try {
    const date = '2024-01-01T00:00:00Z';
    let suite;
    if(chance(1 / 6)) {      // the older suite, with its own context
      cred['@context'].push(CONTEXTS.ED25519_2020);
      suite = new Ed25519Signature2020({key: issuer.k2020, date});
    } else {
      suite = new DataIntegrityProof({signer: issuer.key.signer(),
        cryptosuite: eddsaRdfc2022, date});
    }
    signed = await vc.issue({credential: cred, suite, documentLoader, now: NOW});
    if(chance(0.15)) {  // a proof set: a second eddsa proof, by any issuer
      second = pick(issuers);
      signed = await vc.issue({credential: signed, suite: new DataIntegrityProof({
        signer: second.key.signer(), cryptosuite: eddsaRdfc2022, date}),
      documentLoader, now: NOW});
    }
  } catch(e) {
    unsigned++;         // the reference will not sign it: nothing to compare
    if(process.env.DIFF_VERBOSE) console.log(`unsigned ${i}: ${e.message}`);
    continue;
  }
  let [change, apply] = chance(0.6) ? CHANGES[0] : pick(CHANGES);
  if(second) {          // which proofs of the set hold: both, or one
    [change, apply] = chance(0.5) ? CHANGES[0] : pick(PROOF_SET_CHANGES);
    change = `set-${second === issuer ? 'same' : 'other'}-${change}`;
  }
  const text = apply(JSON.parse(JSON.stringify(signed)));
  const file = path.join(OUT, `cred-${i}.json`);
  writeFileSync(file, text);
  const r = await verifyText({text, documentLoader, now: NOW});
  files.push(file);
  want.push(expected(r));
  what.push({change, reason: r.reason, errors: r.errors,
    list: cred.credentialStatus?.statusListCredential, web: !!issuer.web});
}

// The HTTPS server for satchel: a CA and a certificate for both hosts
// from tests/lib/testca.sh, the server on a free loopback port, and
// satchel's connections to HOST:443 sent there.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SRV = path.join(OUT, 'srv');
mkdirSync(SRV, {recursive: true});
execFileSync('sh', ['-c', '. tests/lib/testca.sh && testca_init "$1" "$2" "$3" >/dev/null',
  'sh', SRV, WEB_HOST, STATUS_HOST], {cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit']});
// One server per host (it has no virtual hosts), each on its own folder.
async function serve(host) {
  const portFile = path.join(SRV, `${host}.port`);
  rmSync(portFile, {force: true});
  const proc = spawn('python3', [path.join(ROOT, 'tests/lib/https-server.py'),
    '--root', path.join(WEB, host), '--port', '0', '--port-file', portFile,
    '--log', path.join(SRV, `${host}.log`), '--cert', path.join(SRV, 'server.pem'),
    '--key', path.join(SRV, 'server.key'), '--lifetime', '3600'],
  {stdio: ['ignore', 'ignore', 'inherit']});
  for(let t = 0; !existsSync(portFile) || !readFileSync(portFile, 'utf8').trim(); t++) {
    if(t > 200 || proc.exitCode !== null) {
      console.error(`diff-verify: the HTTPS server for ${host} did not start`);
      process.exit(2);
    }
    await new Promise(r => setTimeout(r, 50));
  }
  return {proc, to: `${host}:443:127.0.0.1:${readFileSync(portFile, 'utf8').trim()}`};
}
const servers = [await serve(WEB_HOST), await serve(STATUS_HOST)];
const satchelEnv = {...process.env, SATCHEL_CA_FILE: path.join(SRV, 'ca.pem'),
  SATCHEL_CONNECT_TO: servers.map(v => v.to).join(','),
  SATCHEL_CACHE_DIR: path.join(OUT, 'cache'), SATCHEL_NO_KEYRING: '1',
  SATCHEL_WALLET: path.join(OUT, 'no-wallet'), no_proxy: '*', NO_PROXY: '*'};
rmSync(satchelEnv.SATCHEL_CACHE_DIR, {recursive: true, force: true});
delete satchelEnv.SATCHEL_RESOLVE;

let report;
try {
  report = execFileSync(satchel, ['--now', NOW, '--json', 'verify', ...files],
    {encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'],
      env: satchelEnv});
} catch(e) {
  report = e.stdout;    // exit status 1: some did not verify
} finally {
  for(const v of servers) v.proc.kill('SIGTERM');
}
const got = JSON.parse(report);

// A credential that expires before it is valid does not conform (VC DM
// 2.0 4.9): satchel calls it invalid, the reference looks at each date
// alone ([dates-order]).
// A JWT's nbf and exp bound it too: with bounds that contradict each
// other, which date failure a verifier names first is its order of
// checks ([verdict-order]).
// [from, until] of a credential file: its own dates, narrowed by a JWT's
// nbf and exp.
function bounds(file) {
  if(file.endsWith('.jwt')) {
    const p = JSON.parse(Buffer.from(readFileSync(file, 'utf8').split('.')[1],
      'base64url').toString());
    return boundsOf(p.vc || p, p.nbf, p.exp);
  }
  return boundsOf(JSON.parse(readFileSync(file, 'utf8')));
}
function boundsOf(c, nbf, exp) {
  const from = Math.max(Date.parse(c.validFrom ?? c.issuanceDate),
    nbf === undefined ? -Infinity : nbf * 1000);
  const until = Math.min(Date.parse(c.validUntil ?? c.expirationDate ?? 'x') || Infinity,
    exp === undefined ? Infinity : exp * 1000);
  return [from, until];
}
function datesOrder(file) {
  const [from, until] = bounds(file);
  return from > until;
}
function outOfDates(file) {
  const [from, until] = bounds(file), now = Date.parse(NOW);
  return now < from || now > until;
}

let agree = 0, differ = 0, known = 0;
const byChange = {}, byVerdict = {};
got.forEach((g, k) => {
  const ch = what[k].change;
  byChange[ch] = (byChange[ch] || 0) + 1;
  byVerdict[g.verdict] = (byVerdict[g.verdict] || 0) + 1;
  if(g.verdict === want[k]) {
    agree++;
    return;
  }
  // The reference checks the dates first and stops there, so an expired
  // credential whose proof fails is 'expired' to it; satchel runs every
  // check and any failure but the dates' makes it invalid ([verdict-order]).
  const otherFailure = g.checks.some(c => c.outcome === 'fail' && c.check !== 'dates');
  const dated = ['expired', 'not-yet-valid'];
  if((g.verdict === 'invalid' || (dated.includes(g.verdict) && dated.includes(want[k]))) &&
     (datesOrder(files[k]) || (otherFailure && dated.includes(want[k])))) {
    known++;
    return;
  }
  // Likewise a revoked or suspended credential that is also out of its
  // dates: the reference stops at the dates, satchel's verdict names the
  // status, which outranks them ([verdict-order]).
  if(['revoked', 'suspended'].includes(g.verdict) && dated.includes(want[k]) &&
     outOfDates(files[k])) {
    known++;
    return;
  }
  // A status list that cannot be fetched, or one that has expired: the
  // status is unknown to satchel ([list-unreachable], [list-proof]); the
  // reference fails the credential, and names an expired list's
  // validUntil as if it were the credential's ("expired").
  if(g.verdict === 'unknown' && ['invalid', 'expired'].includes(want[k]) &&
     /\/lists\/(missing|expired)\.json/.test(what[k].list || '')) {
    known++;
    return;
  }
  differ++;
  writeFileSync(files[k] + '.diff', JSON.stringify({reference: want[k], ...what[k],
    satchel: g.verdict, checks: g.checks}, null, 2));
  console.log(`DIFF ${path.basename(files[k])} (${ch}): reference ${want[k]} ` +
    `(${what[k].reason}), satchel ${g.verdict}`);
});
console.log(`${agree} agree, ${known} differ as tests/conformance/DEVIATIONS says, ` +
  `${differ} differ; ${unsigned} the reference would not sign; ` +
  'changes: ' + Object.entries(byChange).map(([k, v]) => `${k} ${v}`).join(', '));
console.log(`${what.filter(w => w.list).length} with a status entry, ` +
  `${what.filter(w => w.web).length} by did:web issuers; satchel's verdicts: ` +
  Object.entries(byVerdict).map(([k, v]) => `${k} ${v}`).join(', '));
process.exit(differ || got.length !== files.length ? 1 : 0);
