// Input written to break things (issue 13): selectors that do not parse, pools in ranges no pod can use,
// values of hundreds of kilobytes, alias bombs and terminal escape bytes. Each must end as a numbered error at
// the line that holds it — never as an "internal error", never echoed whole, never reaching a terminal raw.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../src/core/scenario';
import { loadLab } from '../src/core/session/load';
import { loadLabFile } from '../src/core/labs/format';
import { runCli, visible } from '../src/cli/main';

const SEED000 = readFileSync(new URL('../presets/seed000-ipip.yaml', import.meta.url), 'utf8');

/** Seed 000 with its pool's spec replaced: the pool document is the last one that names `kind: IPPool`. */
function withPool(spec: string): string {
  return `${SEED000}\n---\napiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: extra\nspec:\n${spec}`;
}

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.lastIndexOf(needle)).split('\n').length;
}

function errors(text: string): Array<[string, number, string, string]> {
  return parseScenario(text, 'f.yaml').errors.map((e) => [e.code, e.loc?.line ?? 0, e.loc?.path ?? '', e.detail]);
}

describe('selectors are checked where they are written (E121)', () => {
  it.each([
    ['all() && (', /unexpected end of selector/],
    ['é == x', /position 0/],
    ["role == 'rr", /unterminated|end of selector/],
  ])('IPPool nodeSelector %j', (sel, why) => {
    const text = withPool(`  cidr: 10.99.0.0/16\n  nodeSelector: ${JSON.stringify(sel)}\n`);
    const e = errors(text);
    expect(e).toHaveLength(1);
    expect(e[0].slice(0, 3)).toEqual(['E121', lineOf(text, 'nodeSelector'), 'spec.nodeSelector']);
    expect(e[0][3]).toMatch(why);
    // the whole load (as the app and the CLI do it) reports the same, never an internal error
    const load = loadLab(text, 'f.yaml');
    expect(load.errors.map((x) => x.code)).toEqual(['E121']);
  });

  it('BGPPeer nodeSelector and peerSelector', () => {
    const text = `${SEED000}\n---\napiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata:\n  name: p\nspec:\n  nodeSelector: "has(x"\n  peerSelector: "a =="\n`;
    const e = errors(text);
    expect(e.map((x) => x.slice(0, 3))).toEqual([
      ['E121', lineOf(text, 'nodeSelector'), 'spec.nodeSelector'],
      ['E121', lineOf(text, 'peerSelector'), 'spec.peerSelector'],
    ]);
  });
});

describe('pool ranges no pod can use (E408)', () => {
  it.each([
    ['169.254.0.0/24', /overlaps with IPv4 Link Local range 169\.254\.0\.0\/16/],
    ['169.0.0.0/8', /Link Local/],
    ['0.0.0.0/0', /every IPv4 address/],
    ['127.0.0.0/16', /loopback/],
    ['224.0.0.0/8', /multicast/],
    ['240.0.0.0/4', null],
  ])('%s', (cidr, why) => {
    const text = withPool(`  cidr: ${cidr}\n`);
    const e = errors(text).filter((x) => x[0] === 'E408');
    if (why === null) {
      expect(e).toEqual([]);
      return;
    }
    expect(e).toHaveLength(1);
    expect(e[0].slice(0, 3)).toEqual(['E408', lineOf(text, 'cidr:'), 'spec.cidr']);
    expect(e[0][3]).toMatch(why);
  });
});

describe('long values and control characters in messages', () => {
  it('a 400 KB kind is cut to a readable message that still says how long it was', () => {
    const kind = 'K'.repeat(400_000);
    const e = parseScenario(`apiVersion: cnilab/v1\nkind: ${kind}\nmetadata: {name: x}\n`, 'f.yaml').errors;
    const e104 = e.find((x) => x.code === 'E104')!;
    expect(e104.loc?.line).toBe(2);
    expect(e104.detail.length).toBeLessThan(1200);
    expect(e104.detail).toContain('(400000 characters)');
  });

  it('an escape byte in a value is shown, not passed on', () => {
    const e = parseScenario('apiVersion: cnilab/v1\nkind: "To\\u001b[2Jpology"\nmetadata: {name: x}\n', 'f.yaml').errors;
    const msg = e.map((x) => x.detail).join('\n');
    expect(msg).not.toMatch(/\x1b/);
  });

  it('a lab file with an alias bomb is refused at line 1 as a YAML error', () => {
    const bomb = ['apiVersion: cnilab/v1', 'kind: Lab', 'metadata: {name: x}', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e']]) bomb.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    const r = loadLabFile(bomb.join('\n') + '\n', 'bomb.yaml');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].code).toBe('E601');
    expect(r.errors[0].loc).toEqual({ file: 'bomb.yaml', line: 1, path: '' });
    expect(r.errors[0].detail).toMatch(/alias/i);
  });

  it('the CLI never writes a control character other than newline and tab', () => {
    expect(visible('a\x1b[31mb\tc\nd\x07\x9b')).toBe('a\\x1b[31mb\tc\nd\\x07\\x9b');
    const r = runCli(['lab', '--preset', 'nope\x1b[2J']);
    expect(r.stdout + r.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  });
});

describe('size limits are checked before the work they bound (E122)', () => {
  const topo = (n: number) =>
    `apiVersion: cnilab/v1\nkind: Topology\nmetadata: {name: big}\nspec:\n  networks: [{name: lan, cidr: 10.0.0.0/8}]\n  nodes:\n${Array.from({ length: n }, (_, i) => `    - {name: n${i}, interfaces: [{name: eth0, network: lan, ip: 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${(i & 255) + 1}/8}]}`).join('\n')}\n`;

  it('nodes: 2,001 is refused, naming the limit and the value', () => {
    const e = parseScenario(topo(2001), 'big.yaml').errors;
    expect(e).toHaveLength(1);
    expect([e[0].code, e[0].loc?.line, e[0].detail]).toEqual(['E122', 1, 'the scenario has 2,001 nodes, more than the limit of 2,000']);
    expect(parseScenario(topo(3), 'small.yaml').errors.filter((x) => x.code === 'E122')).toEqual([]);
  });

  it('bytes: a file over 2 MiB is refused before YAML parsing', () => {
    const text = `# ${'x'.repeat(2 * 1024 * 1024)}\n${topo(2)}`;
    const e = parseScenario(text, 'huge.yaml').errors;
    expect(e.map((x) => x.code)).toEqual(['E122']);
    expect(e[0].detail).toBe(`the scenario has 2,097,${text.length - 2_097_000} characters, more than the limit of 2,097,152`);
  });

  it('pods: Deployments whose replicas add up past 60,000', () => {
    const deployments = Array.from({ length: 7 }, (_, i) => `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d${i}}\nspec:\n  replicas: 9000\n  selector: {matchLabels: {app: d${i}}}\n  template:\n    metadata: {labels: {app: d${i}}}\n    spec: {containers: [{name: c, image: x}]}\n`).join('');
    const e = parseScenario(`${topo(3)}${deployments}`, 'pods.yaml').errors;
    expect(e.map((x) => [x.code, x.detail])).toEqual([['E122', 'the scenario has 63,000 pods, more than the limit of 60,000']]);
  });
});
