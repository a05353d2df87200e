// Go's regexp (RE2) as calico-node uses it: unanchored MatchString. RE2's syntax is close to a subset of
// JavaScript's for the patterns people write here (eth.*, ^ens3[23]$, (en|eth)0); constructs RE2 refuses
// (backreferences, lookaround) are refused here too, so a pattern that works in the lab works in Calico.

export function compileGoRegex(pattern: string): RegExp {
  if (/\\[1-9]|\(\?[=!<]/.test(pattern)) {
    throw new Error(`invalid Go regexp ${JSON.stringify(pattern)}: backreferences and lookaround are not supported by RE2`);
  }
  try {
    return new RegExp(pattern);
  } catch (e) {
    throw new Error(`invalid Go regexp ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
}
