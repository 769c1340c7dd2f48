// Locating and importing the reference oracle kit (shared/oracle, copied
// to build/oracle by tests/bench/run.sh, `npm ci` run there).
//
// The kit's packages are imported from the kit's own node_modules and its
// helpers (lib/loader.mjs, lib/keys.mjs, lib/verify-core.mjs) from its lib/,
// so these scripts run exactly the library code the kit runs, one module
// instance each.  ORACLE_KIT overrides the kit folder (default: build/oracle
// of this checkout).
import fs from 'node:fs';
import path from 'node:path';
import {createRequire} from 'node:module';
import {fileURLToPath, pathToFileURL} from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const KIT = fs.realpathSync(path.resolve(
  process.env.ORACLE_KIT || path.join(HERE, '..', '..', '..', 'build', 'oracle')));

if(!fs.existsSync(path.join(KIT, 'node_modules', '@digitalbazaar', 'vc'))) {
  console.error(`oracle kit not installed: ${KIT}/node_modules is missing ` +
    '(copy shared/oracle there and run `npm ci`)');
  process.exit(3);
}

const kitRequire = createRequire(path.join(KIT, 'package.json'));

// A package of the kit's node_modules, as an ES module namespace.
export function kitPackage(name) {
  return import(pathToFileURL(kitRequire.resolve(name)).href);
}

// One of the kit's own helper modules (lib/NAME).
export function kitLib(name) {
  return import(pathToFileURL(path.join(KIT, 'lib', name)).href);
}

// The kit corpus's web/ folder (stands in for https:// and did:web).
export const KIT_WEB = path.join(KIT, 'corpus', 'web');

// What signing an eddsa-rdfc-2022 credential takes from the kit: the vc
// package, DataIntegrityProof and the cryptosuite.
export async function kitSigning() {
  const vc = await kitPackage('@digitalbazaar/vc');
  const {DataIntegrityProof} = await kitPackage('@digitalbazaar/data-integrity');
  const {cryptosuite: eddsaRdfc2022} =
    await kitPackage('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
  return {vc, DataIntegrityProof, eddsaRdfc2022};
}
