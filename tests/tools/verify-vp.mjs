#!/usr/bin/env node
// Verifies a presentation with the reference stack (the oracle kit's
// @digitalbazaar/vc, its suites and offline document loader):
//   node tests/tools/verify-vp.mjs FILE CHALLENGE [DOMAIN]
// FILE is a presentation or satchel's bundle (its first presentation).
// Prints {"verified", "presentation", "credentials": [..], "error"}; exit 1
// when not verified, 3 when the kit is not installed.
import fs from 'node:fs';
import {kitPackage, kitLib, KIT_WEB} from '../bench/oracle/kit.mjs';

const [file, challenge, domain] = process.argv.slice(2);
const vc = await kitPackage('@digitalbazaar/vc');
const {makeSuites} = await kitLib('verify-core.mjs');
const {createDocumentLoader} = await kitLib('loader.mjs');
const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
const presentation = doc.presentations ? doc.presentations[0] : doc;
let out;
try {
  const r = await vc.verify({
    presentation, challenge, domain, suite: makeSuites(),
    documentLoader: createDocumentLoader({webRoot: KIT_WEB})
  });
  out = {
    verified: r.verified,
    presentation: r.presentationResult ? r.presentationResult.verified : null,
    credentials: (r.credentialResults || []).map(c => c.verified),
    error: r.error ? String(r.error.message || r.error) : null
  };
} catch(e) {
  out = {verified: false, error: String(e && e.message || e)};
}
console.log(JSON.stringify(out));
process.exit(out.verified ? 0 : 1);
