#!/usr/bin/env node
// Sign N distinct Open Badges 3.0 credentials for the verification benchmark.
//
//   node tests/bench/oracle/sign.mjs OUTDIR [N=2000]
//
// Each credential is an OB 3.0.3 OpenBadgeCredential (VC 2.0 + OB 3.0.3
// contexts) of about 4 KB, shaped like the kit's
// credentials/valid/di-v2-didkey-full.json, with an eddsa-rdfc-2022
// DataIntegrityProof by one of eight did:key issuers.  The issuer keys are
// the kit's seeded keys (lib/keys.mjs, labels "satchel-bench/issuer-K");
// signing uses the kit's libraries and its offline documentLoader
// (lib/loader.mjs).  Ids, names, texts and dates vary with the index and
// everything is derived from it, so a rerun writes byte-identical files.
//
// Output: OUTDIR/000000.json ... (pretty-printed like the kit's corpus), then
// OUTDIR/.complete = {"count": N, ...} once every file is written; a
// directory without that marker (or with another count) is incomplete.
// Dates: validFrom from 2024-01-01 on (3 h apart), proofs created at
// validFrom, validUntil (3 of 4 credentials) in 2089: the credentials
// verify at any instant from 2024-10-01 to 2088.
import fs from 'node:fs';
import path from 'node:path';
import {createHash} from 'node:crypto';
import {kitLib, kitSigning, KIT_WEB} from './kit.mjs';

const [outArg, nArg] = process.argv.slice(2);
const N = parseInt(nArg || '2000', 10);
if(!outArg || !(N > 0)) {
  console.error('usage: node sign.mjs OUTDIR [N=2000]');
  process.exit(2);
}
const OUT = path.resolve(outArg);

const {vc, DataIntegrityProof, eddsaRdfc2022} = await kitSigning();
const {createDocumentLoader, CONTEXTS} = await kitLib('loader.mjs');
const {ed25519Multikey, didKeyFor} = await kitLib('keys.mjs');

const documentLoader = createDocumentLoader({webRoot: KIT_WEB});

// ---- deterministic content ---------------------------------------------
const hex = label => createHash('sha256').update(`satchel-bench/${label}`)
  .digest('hex');
function uuid(label) {
  const h = hex(`uuid/${label}`);
  const variant = (8 + (parseInt(h[16], 16) & 3)).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-` +
    `${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
const pick = (list, i, salt = 0) => list[(i * 7 + salt * 13 + (i >> 3)) % list.length];
const iso = ms => new Date(ms).toISOString().replace('.000Z', 'Z');
const BASE = Date.UTC(2024, 0, 1);
const HOUR = 3600 * 1000;

const COURSES = [
  ['Introduction to Data Science', 'Computer Science', 'DS',
    'statistics, data cleaning and visualisation'],
  ['Grundlagen der Elektrotechnik', 'Electrical Engineering', 'ET',
    'circuits, Kirchhoff\'s laws and measurement in the laboratory'],
  ['Project Management Essentials', 'Business Administration', 'PM',
    'planning, risk registers, stakeholder communication and closing'],
  ['Sustainable Urban Mobility', 'Urban Planning', 'UM',
    'transport demand models, cycling networks and public transit'],
  ['Français professionnel B2', 'Languages', 'FR',
    'business correspondence, meetings and negotiation in French'],
  ['Applied Machine Learning', 'Computer Science', 'ML',
    'supervised learning, model evaluation and responsible deployment'],
  ['Welding Safety and Practice', 'Vocational Training', 'WS',
    'MIG and TIG welding, protective equipment and inspection'],
  ['First Aid at Work', 'Health and Safety', 'FA',
    'resuscitation, wound care and the duties of a first aider'],
  ['Open Source Contribution', 'Software Engineering', 'OS',
    'version control, code review and community collaboration'],
  ['Climate Literacy for Educators', 'Education', 'CL',
    'climate science basics and classroom activities'],
  ['Kommunikation im Team', 'Social Sciences', 'KT',
    'Feedback, Moderation und Konfliktlösung in Arbeitsgruppen'],
];
const ACH_TYPES = ['Certificate', 'Course', 'Badge', 'Competency',
  'CertificateOfCompletion', 'MicroCredential', 'Award', 'Assessment'];
const FRAMEWORKS = [
  ['ESCO', 'https://esco.example.org/skill/', 'ceasn:Competency'],
  ['Example State Standards', 'https://case.example.org/uri/', 'CFItem'],
  ['DigComp 2.2', 'https://digcomp.example.org/competence/', 'CTDL'],
  ['European Qualifications Framework', 'https://eqf.example.org/level/', 'CTDL'],
];
const SKILLS = ['analyse big data', 'apply safety procedures',
  'communicate with stakeholders', 'manage a budget', 'write technical reports',
  'teach in a classroom', 'solve problems with data', 'use digital tools',
  'work in a team', 'evaluate information critically'];
const ISSUERS = ['Example University – Continuing Education',
  'Technische Hochschule Musterstadt', 'Open Skills Academy',
  'Community College of Example County', 'Berufsbildungszentrum Süd',
  'Institut régional de formation', 'City Library Learning Lab',
  'Example Chamber of Crafts'];
const GRADES = ['A', 'B', 'C', 'D', 'F'];

function credential(i, issuer, k) {
  const [course, field, code, topics] = pick(COURSES, i);
  const level = 100 + (i % 400);
  const from = BASE + i * 3 * HOUR;
  const start = from - (40 + i % 30) * 24 * HOUR;
  const end = from - (2 + i % 5) * 24 * HOUR;
  const host = `badges${k}.example.edu`;
  const rd = [uuid(`rd1/${i}`), uuid(`rd2/${i}`)];
  const alignment = [0, 1, 2].slice(0, 2 + i % 2).map(a => {
    const [fw, base, type] = FRAMEWORKS[(i + a) % FRAMEWORKS.length];
    const skill = pick(SKILLS, i, a + 1);
    const id = uuid(`align/${i}/${a}`);
    return {type: ['Alignment'], targetName: `${fw}: ${skill}`,
      targetUrl: `${base}${id}`,
      targetDescription: `Demonstrated the ability to ${skill} (${code}-${level}).`,
      targetFramework: fw, targetCode: id.slice(0, 13), targetType: type};
  });
  const c = {
    '@context': [CONTEXTS.VC_V2, CONTEXTS.OB_303],
    id: `urn:uuid:${uuid(`cred/${i}`)}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `${course} ${code}-${level} – Badge`,
    issuer: {id: issuer.did, type: ['Profile'], name: ISSUERS[k],
      url: `https://${host}`, email: `badges@${host}`},
    validFrom: iso(from),
  };
  if(i % 4) {
    c.validUntil = iso(Date.UTC(2089, i % 12, 1 + i % 28));
  }
  c.credentialSubject = {
    id: `did:example:learner-${hex(`learner/${i}`).slice(0, 12)}`,
    type: ['AchievementSubject'],
    achievement: {
      id: `https://${host}/achievements/${uuid(`ach/${i}`)}`,
      type: ['Achievement'],
      name: `${course} (${code}-${level})`,
      description: `Awarded for completing ${course} (${code}-${level}), ` +
        `covering ${topics}.`,
      criteria: {narrative: `Complete all ${4 + i % 6} modules of ${code}-${level} ` +
        `and pass the final assessment with at least ${50 + i % 40}%.`},
      image: {id: `https://${host}/images/${code.toLowerCase()}-${level}.png`,
        type: 'Image', caption: `${course} badge`},
      achievementType: pick(ACH_TYPES, i, 2),
      alignment,
      creditsAvailable: 1 + i % 10,
      fieldOfStudy: field,
      humanCode: `${code}-${level}`,
      inLanguage: i % 3 ? 'en' : 'de',
      specialization: `${field}, level ${1 + i % 3}`,
      tag: [field.toLowerCase(), code.toLowerCase(), `cohort-${2024 + i % 2}`],
      version: `2024.${1 + i % 9}`,
      resultDescription: [
        {id: `urn:uuid:${rd[0]}`, type: ['ResultDescription'], name: 'Final grade',
          resultType: 'LetterGrade', allowedValue: GRADES, requiredValue: 'C'},
        {id: `urn:uuid:${rd[1]}`, type: ['ResultDescription'], name: 'Project score',
          resultType: 'ScaledScore', valueMin: '0', valueMax: '100'},
      ],
    },
    result: [
      {type: ['Result'], resultDescription: `urn:uuid:${rd[0]}`,
        value: GRADES[i % 3], status: 'Completed'},
      {type: ['Result'], resultDescription: `urn:uuid:${rd[1]}`,
        value: String(60 + (i * 37) % 40 + (i % 2) / 2)},
    ],
    creditsEarned: 1 + i % 10,
    activityStartDate: iso(start),
    activityEndDate: iso(end),
    identifier: [{type: 'IdentityObject', hashed: true,
      identityHash: `sha256$${hex(`email/${i}`)}`, identityType: 'emailAddress',
      salt: `salt-${i}`}],
  };
  c.evidence = [
    {id: `https://${host}/evidence/${uuid(`ev1/${i}`)}`, type: ['Evidence'],
      name: `${code}-${level} capstone project`,
      narrative: `A report on ${topics}, submitted as part of ${course}.`,
      description: 'PDF report and supporting files', genre: 'Research',
      audience: 'Employers'},
    {id: `https://${host}/evidence/${uuid(`ev2/${i}`)}`, type: ['Evidence'],
      name: 'Presentation recording'},
  ];
  return c;
}

// ---- keys, signing, output ----------------------------------------------
const issuers = [];
for(let k = 0; k < 8; k++) {
  const label = `satchel-bench/issuer-${k}`;
  const {did, vmId} = didKeyFor(await ed25519Multikey({label}));
  issuers.push({did, key: await ed25519Multikey({label, id: vmId, controller: did})});
}

fs.mkdirSync(OUT, {recursive: true});
const marker = path.join(OUT, '.complete');
fs.rmSync(marker, {force: true});
for(const f of fs.readdirSync(OUT)) {
  if(f.endsWith('.json')) {
    fs.rmSync(path.join(OUT, f));
  }
}

const t0 = performance.now();
let bytes = 0;
for(let i = 0; i < N; i++) {
  const k = i % issuers.length;
  const cred = credential(i, issuers[k], k);
  const suite = new DataIntegrityProof({signer: issuers[k].key.signer(),
    cryptosuite: eddsaRdfc2022, date: cred.validFrom});
  const signed = await vc.issue({credential: cred, suite, documentLoader});
  bytes += JSON.stringify(signed).length;
  fs.writeFileSync(path.join(OUT, `${String(i).padStart(6, '0')}.json`),
    JSON.stringify(signed, null, 2) + '\n');
}
const seconds = (performance.now() - t0) / 1000;
const summary = {count: N, avgCompactBytes: Math.round(bytes / N),
  issuers: issuers.map(x => x.did), generator: 'tests/bench/oracle/sign.mjs v1'};
fs.writeFileSync(marker, JSON.stringify(summary, null, 2) + '\n');
console.log(`signed ${N} credentials into ${OUT} in ${seconds.toFixed(1)} s ` +
  `(avg ${summary.avgCompactBytes} bytes of compact JSON)`);
