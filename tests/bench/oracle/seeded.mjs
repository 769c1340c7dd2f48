// A seeded pseudo-random source for the differential scripts
// (diff-canon.mjs, diff-verify.mjs): the same seed, the same documents,
// so that a difference found once can be found again.
export function seeded(seed) {
  let state = Number(seed || 1) >>> 0 || 1;
  const rand = () => {          // xorshift32
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state / 4294967296;
  };
  return {
    rand,
    pick: a => a[Math.floor(rand() * a.length)],
    chance: p => rand() < p,
  };
}
