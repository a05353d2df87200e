import { describe, expect, it } from 'vitest';
import lz from 'lz-string';
import { checkFile, importFiles, openLink } from './links';
import { openText } from '../core/session/session';
import { clusterDump } from '../../test/support/clusterDump';
import { BigLab } from './big';
import { decodeShareHash, MAX_LINK_CHARS } from '../store/share';
import { bigLabYaml } from '../../test/support/bigLab';
import { bomb } from '../../test/support/linkBomb';
import { encodeEdits } from '../store/bigEdits';

const link = (payload: unknown) => '#s=' + lz.compressToEncodedURIComponent(JSON.stringify(payload));

describe('opening a shared link in the worker', () => {
  it('reads a good link: its payload, and the lab size the page picks a path by', () => {
    const stages: string[] = [];
    const r = openLink(link({ schemaVersion: 2, yaml: bigLabYaml(3, 2), preset: 'p', packet: { from: 'node-1', to: 'node-2' }, cursor: 2 }), (s) => stages.push(s));
    expect(stages).toEqual(['inflate', 'read']);
    expect(r).toMatchObject({ kind: 'link', size: { nodes: 3, pods: 6 }, payload: { preset: 'p', packet: { from: 'node-1', to: 'node-2' }, cursor: 2 } });
  });

  it('builds a lab over the page\'s size in the worker and answers with its view, not its state', () => {
    const stages: string[] = [];
    const big = new BigLab();
    const r = openLink(link({ schemaVersion: 2, yaml: bigLabYaml(51, 1) }), (s) => stages.push(s), big);
    expect(stages).toEqual(['inflate', 'read', 'build']);
    expect(r).toMatchObject({ kind: 'big-link', size: { nodes: 51, pods: 51 }, view: { pods: 51, groups: [{ nodes: 51 }] } });
    expect(big.state?.nodes).toHaveLength(51);
    // a lab within the page's size is handed back to be opened there
    expect(openLink(link({ schemaVersion: 2, yaml: bigLabYaml(50, 1) }), undefined, big)).toMatchObject({ kind: 'link', size: { nodes: 50, pods: 50 } });
  });

  it('refuses a 10,000-node topology with the numbered node limit, before building anything', () => {
    const r = openLink(link({ schemaVersion: 2, yaml: bigLabYaml(10_000, 0) }));
    expect(r).toEqual({ kind: 'failed', message: 'shared.yaml:1: E122 the scenario has 10,000 nodes, more than the limit of 2,000 (allowed: at most 2,000 nodes)' });
  });

  it('refuses an over-long link before inflating it, and a damaged one', () => {
    expect(openLink('#s=' + 'A'.repeat(MAX_LINK_CHARS + 1))).toEqual({ kind: 'failed', message: `the shared link is ${MAX_LINK_CHARS + 1} characters long, more than the ${MAX_LINK_CHARS} a lab can need` });
    expect(openLink('#s=%%%')).toMatchObject({ kind: 'failed', message: expect.stringContaining('damaged') });
    expect(openLink('#x=1')).toEqual({ kind: 'failed', message: 'the address holds no shared link' });
  });

  it("replays a big lab's edits from its address: the same lab as the edits made, steps as the page keeps them", () => {
    const yaml = bigLabYaml(51, 1);
    const direct = new BigLab();
    const o = direct.open({ yaml, file: 'shared.yaml', steps: [{ kind: 'encap', encap: 'ipip', mode: 'Never' }] });
    const ran = direct.run({ node: 'node-1' }, 'kubectl label node node-2 zone=b');
    expect(o.ok && ran.step).toBeTruthy();
    const edits = encodeEdits({ steps: [{ encap: 'ipip', mode: 'Never' }, { run: { node: 'node-1' }, line: 'kubectl label node node-2 zone=b' }], packet: { protocol: 'udp' } });
    const stages: string[] = [];
    const big = new BigLab();
    const r = openLink(`${link({ schemaVersion: 2, yaml })}&edits=${edits}`, (s) => stages.push(s), big);
    if (r.kind !== 'big-link') throw new Error(JSON.stringify(r));
    expect(r.edits).toEqual({ steps: [{ kind: 'encap', encap: 'ipip', mode: 'Never' }, ran.step], packet: { protocol: 'udp' } });
    expect(r.view.routes['node-1']).toMatch(/ eth0$/m);
    expect(big.state!.scenario).toEqual(direct.state!.scenario);
    expect(JSON.stringify(big.state!.scenario)).toContain('"zone":"b"');
    expect(r.view.routes).toEqual(direct.view([]).routes);
    // a step that no longer applies: the lab opens with the steps before it, and says which
    const bad = encodeEdits({ steps: [{ encap: 'ipip', mode: 'Never' }, { run: { node: 'node-1' }, line: 'ip route' }] });
    const b = openLink(`${link({ schemaVersion: 2, yaml })}&edits=${bad}`, undefined, new BigLab());
    expect(b).toMatchObject({ kind: 'big-link', edits: { steps: [{ kind: 'encap', encap: 'ipip', mode: 'Never' }], error: expect.stringMatching(/^the shared link's edit 2 no longer applies: `ip route` changed nothing here/) } });
    // a wrong field is refused before anything is built
    expect(openLink(`${link({ schemaVersion: 2, yaml })}&edits=${lz.compressToEncodedURIComponent('{"v":1,"steps":[{"encap":"gre"}]}')}`, undefined, new BigLab())).toEqual({ kind: 'failed', message: 'the shared link\'s edits.steps[0].encap is "gre"; it must be ipip or vxlan' });
  });

  it('stops a short link that would inflate to hundreds of megabytes at the inflated-size limit, numbered', () => {
    const stages: string[] = [];
    expect(openLink('#s=' + bomb(20_000), (s) => stages.push(s))).toEqual({ kind: 'failed', message: 'E122 the shared link inflates to over 2,102,275 characters, more than the limit of 2,101,248 (allowed: at most 2,101,248 characters inflated)' });
    expect(stages).toEqual(['inflate']);
  });

  it('says which field of the payload is wrong, and where the YAML breaks', () => {
    expect(openLink(link({ schemaVersion: 2, yaml: bigLabYaml(2, 0), packet: { port: 'x' } }))).toEqual({ kind: 'failed', message: 'the shared link\'s packet.port is "x"; it must be a port number 0-65535' });
    expect(openLink(link({ schemaVersion: 2, yaml: 'kind: [' }))).toMatchObject({ kind: 'failed', message: expect.stringMatching(/^shared\.yaml:\d+/) });
  });
});

describe('a scenario file checked in the worker before the page loads it', () => {
  it('gives a small lab\'s size, and a big lab the link that opens it as one', () => {
    expect(checkFile(bigLabYaml(4, 2), 'a.yaml')).toEqual({ kind: 'checked', size: { nodes: 4, pods: 8 } });
    expect(checkFile(bigLabYaml(60, 1), 'big.yaml')).toEqual({ kind: 'checked', size: { nodes: 60, pods: 60 } });
    const big = checkFile(bigLabYaml(60, 1), 'big.yaml', undefined, true);
    expect(big).toMatchObject({ kind: 'checked', size: { nodes: 60, pods: 60 } });
    expect(big.kind === 'checked' && decodeShareHash(big.link!)).toEqual({ schemaVersion: 2, yaml: bigLabYaml(60, 1) });
  });

  it('names every error of a broken file, located in it', () => {
    const r = checkFile(bigLabYaml(2, 0).replace('ip: 10.0.0.11/16', 'ip: 10.0.0.300/16'), 'bad.yaml');
    expect(r.kind).toBe('failed');
    expect(r.kind === 'failed' && r.messages).toEqual(['bad.yaml:8 spec.nodes[1].interfaces[0].ip: E113 spec.nodes[1].interfaces[0].ip: "10.0.0.300/16" is not an address in CIDR form: octet 300 is out of range 0-255 (allowed: address/prefix, e.g. 192.168.26.71/24)']);
  });
});

describe('a cluster\'s dumps imported in the worker', () => {
  const dumpOf = (nodes: number) => clusterDump(openText(bigLabYaml(nodes, 1), 'x.yaml').session!.state, { nodeFiles: false });

  it('gives the scenario, its report and size; a cluster over SMALL_LAB comes with the link that opens it as a big lab', () => {
    const small = importFiles(dumpOf(3));
    expect(small).toMatchObject({ kind: 'imported', summary: { nodes: 3, pods: 3 }, size: { nodes: 3, pods: 3 } });
    expect(small.kind === 'imported' && small.link).toBeUndefined();
    const big = importFiles(dumpOf(51));
    expect(big).toMatchObject({ kind: 'imported', summary: { nodes: 51, pods: 51 }, size: { nodes: 51, pods: 51 } });
    expect(big.kind === 'imported' && decodeShareHash(big.link!)?.yaml).toBe(big.kind === 'imported' && big.yaml);
  });

  it('refuses files that hold no cluster, naming why', () => {
    expect(importFiles([{ name: 'x.txt', text: 'hello' }])).toMatchObject({ kind: 'failed', messages: [expect.stringContaining('x.txt')] });
  });
});
