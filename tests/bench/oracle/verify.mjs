#!/usr/bin/env node
// Verify every credential of a folder with the reference stack, in one
// process, and print the rate.
//
//   node tests/bench/oracle/verify.mjs DIR [--now ISO-8601] [--warmup K]
//
// DIR's *.json files are verified in name order with the kit's own
// verification (lib/verify-core.mjs verifyText: @digitalbazaar/vc
// verifyCredential with DataIntegrityProof/eddsa-rdfc-2022 and
// Ed25519Signature2020, the kit's offline documentLoader), i.e. what the
// kit's verify.mjs does for an embedded proof.  First K files (default 50)
// are verified untimed as a warm-up (JIT, context cache); then every file is
// timed, including reading it and JSON.parse (as satchel's run is).
//
// Prints one JSON line: {"count","seconds","rate","failures","cpuSeconds",
// "cpuRate",...} (seconds: wall clock; cpuSeconds: user + system time of the
// process over the timed loop, which a busy shared core inflates less);
// exit status 1 when any credential fails to verify.
import fs from 'node:fs';
import path from 'node:path';
import {kitLib, KIT_WEB} from './kit.mjs';

const args = process.argv.slice(2);
function opt(name, def) {
  const i = args.indexOf(name);
  return i < 0 ? def : args.splice(i, 2)[1];
}
const now = opt('--now', undefined);
const warmup = parseInt(opt('--warmup', '50'), 10);
if(args.length !== 1) {
  console.error('usage: node verify.mjs DIR [--now ISO-8601] [--warmup K]');
  process.exit(2);
}
const dir = path.resolve(args[0]);
const files = fs.readdirSync(dir).filter(f => f.endsWith('.json')).sort()
  .map(f => path.join(dir, f));
if(files.length === 0) {
  console.error(`verify.mjs: no *.json files in ${dir}`);
  process.exit(2);
}

const {createDocumentLoader} = await kitLib('loader.mjs');
const {verifyText} = await kitLib('verify-core.mjs');
const documentLoader = createDocumentLoader({webRoot: KIT_WEB});

async function verifyFile(file) {
  const text = fs.readFileSync(file, 'utf8');
  return verifyText({text, documentLoader, now});
}

for(let i = 0; i < Math.min(warmup, files.length); i++) {
  await verifyFile(files[i]);
}

const failed = [];
const c0 = process.cpuUsage();
const t0 = performance.now();
for(const file of files) {
  const r = await verifyFile(file);
  if(!r.verified) {
    failed.push({file: path.basename(file), reason: r.reason, error: r.errors[0]});
  }
}
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(c0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const out = {count: files.length, seconds: +seconds.toFixed(4),
  rate: +(files.length / seconds).toFixed(1), failures: failed.length,
  cpuSeconds: +cpuSeconds.toFixed(4), cpuRate: +(files.length / cpuSeconds).toFixed(1),
  warmup: Math.min(warmup, files.length), now: now ?? null, node: process.version};
if(failed.length) {
  out.failureExamples = failed.slice(0, 5);
}
console.log(JSON.stringify(out));
process.exit(failed.length ? 1 : 0);
