// `npx tsx scripts/verify-presets.ts [NAME...]`: `verify` on every preset (or the named ones) against this
// host's kernel; presets whose features the kernel lacks (IPIP without the ipip module) are reported as skipped.
// Prints each preset's summary line and a total; exits 1 when any check disagrees.

import { load } from '../src/cli/commands';
import { listPresets } from '../src/cli/io';
import { verify } from '../src/emulate/verify';

const names = process.argv.slice(2);
const presets = listPresets().filter((p) => names.length === 0 || names.includes(p.name));
let agree = 0;
let total = 0;
let skipped = 0;
for (const p of presets) {
  const { state } = load([], { preset: p.name });
  const out: string[] = [];
  const r = verify(state, `preset:${p.name}`, { out: (s) => out.push(s) });
  if (r.skipped) {
    skipped++;
    process.stdout.write(`${p.name}: ${r.skipped}\n`);
    continue;
  }
  agree += r.agree;
  total += r.total;
  process.stdout.write(`${p.name}: ${r.agree}/${r.total} checks agree with the kernel\n`);
  for (const d of r.diffs) process.stdout.write(`  DIFF ${d.replace(/\n/g, '\n  ')}\n`);
}
process.stdout.write(`all: ${agree}/${total} checks agree with the kernel (${presets.length - skipped} presets verified, ${skipped} skipped)\n`);
process.exitCode = agree === total ? 0 : 1;
