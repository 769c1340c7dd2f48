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
// tests/conformance/DEVIATIONS reads them: verified, expired and
// not-yet-valid exactly, any other failure against 'invalid'.  A
// difference is written to OUTDIR with both answers; exit 1 on any.
// DIFF_VERBOSE=1 in the environment also prints why the reference
// refused to sign a credential (such ones are skipped and counted).
import {execFileSync} from 'node:child_process';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {seeded} from './seeded.mjs';
import {createPrivateKey} from 'node:crypto';
import {kitLib, kitPackage, kitSigning, KIT_WEB} from './kit.mjs';

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
const {ed25519Multikey, ed25519VerificationKey2020, didKeyFor} = await kitLib('keys.mjs');
const {verifyText} = await kitLib('verify-core.mjs');
const documentLoader = createDocumentLoader({webRoot: KIT_WEB});

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
  const header = {alg: 'EdDSA', typ: 'JWT', kid: issuer.vmId};
  const [change, apply] = chance(0.6) ? JWT_CHANGES[0] : pick(JWT_CHANGES);
  apply(header, payload);
  let jwt = await new jose.SignJWT(payload).setProtectedHeader(header).sign(issuer.jwk);
  if(chance(0.1)) {     // the payload changed after signing
    const [h, b, sig] = jwt.split('.');
    const body = JSON.parse(Buffer.from(b, 'base64url').toString());
    body.jti = 'urn:uuid:tampered';
    jwt = [h, Buffer.from(JSON.stringify(body)).toString('base64url'), sig].join('.');
    return ['tamper', jwt];
  }
  return [change, jwt];
}

const SATCHEL_OF = {ok: 'verified', expired: 'expired', 'not-yet-valid': 'not-yet-valid'};
function expected(r) {
  if(r.verified) return 'verified';
  return SATCHEL_OF[r.reason] || 'invalid';
}

const files = [], want = [], what = [];
let unsigned = 0;
for(let i = 0; i < N; i++) {
  const issuer = issuers[i % issuers.length];
  const cred = credential(i, issuer);
  if(i % 3 === 2) {     // a VC-JWT
    const [change, text] = await signJwt(cred, issuer);
    const file = path.join(OUT, `cred-${i}.jwt`);
    writeFileSync(file, text + '\n');
    const r = await verifyText({text, documentLoader, now: NOW});
    files.push(file);
    want.push(expected(r));
    what.push({change: 'jwt-' + change, reason: r.reason, errors: r.errors});
    continue;
  }
  let signed;
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
  } catch(e) {
    unsigned++;         // the reference will not sign it: nothing to compare
    if(process.env.DIFF_VERBOSE) console.log(`unsigned ${i}: ${e.message}`);
    continue;
  }
  const [change, apply] = chance(0.6) ? CHANGES[0] : pick(CHANGES);
  const text = apply(JSON.parse(JSON.stringify(signed)));
  const file = path.join(OUT, `cred-${i}.json`);
  writeFileSync(file, text);
  const r = await verifyText({text, documentLoader, now: NOW});
  files.push(file);
  want.push(expected(r));
  what.push({change, reason: r.reason, errors: r.errors});
}

let report;
try {
  report = execFileSync(satchel, ['--offline', '--now', NOW, '--json', 'verify', ...files],
    {encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe']});
} catch(e) {
  report = e.stdout;    // exit status 1: some did not verify
}
const got = JSON.parse(report);

// A credential that expires before it is valid does not conform (VC DM
// 2.0 4.9): satchel calls it invalid, the reference looks at each date
// alone ([dates-order]).
// A JWT's nbf and exp bound it too: with bounds that contradict each
// other, which date failure a verifier names first is its order of
// checks ([verdict-order]).
function datesOrder(file) {
  if(file.endsWith('.jwt')) {
    const p = JSON.parse(Buffer.from(readFileSync(file, 'utf8').split('.')[1],
      'base64url').toString());
    return datesOrderOf(p.vc || p, p.nbf, p.exp);
  }
  return datesOrderOf(JSON.parse(readFileSync(file, 'utf8')));
}
function datesOrderOf(c, nbf, exp) {
  const from = Math.max(Date.parse(c.validFrom ?? c.issuanceDate),
    nbf === undefined ? -Infinity : nbf * 1000);
  const until = Math.min(Date.parse(c.validUntil ?? c.expirationDate ?? 'x') || Infinity,
    exp === undefined ? Infinity : exp * 1000);
  return from > until;
}

let agree = 0, differ = 0, known = 0;
const byChange = {};
got.forEach((g, k) => {
  const ch = what[k].change;
  byChange[ch] = (byChange[ch] || 0) + 1;
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
  differ++;
  writeFileSync(files[k] + '.diff', JSON.stringify({reference: want[k], ...what[k],
    satchel: g.verdict, checks: g.checks}, null, 2));
  console.log(`DIFF ${path.basename(files[k])} (${ch}): reference ${want[k]} ` +
    `(${what[k].reason}), satchel ${g.verdict}`);
});
console.log(`${agree} agree, ${known} differ as tests/conformance/DEVIATIONS says, ` +
  `${differ} differ; ${unsigned} the reference would not sign; ` +
  'changes: ' + Object.entries(byChange).map(([k, v]) => `${k} ${v}`).join(', '));
process.exit(differ || got.length !== files.length ? 1 : 0);
