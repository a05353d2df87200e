import { describe, expect, it } from 'vitest';
import lz from 'lz-string';
import { openLink } from './links';
import { BigLab } from './big';
import { MAX_LINK_CHARS } from '../store/share';
import { bigLabYaml } from '../../test/support/bigLab';

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

  it('says which field of the payload is wrong, and where the YAML breaks', () => {
    expect(openLink(link({ schemaVersion: 2, yaml: bigLabYaml(2, 0), packet: { port: 'x' } }))).toEqual({ kind: 'failed', message: 'the shared link\'s packet.port is "x"; it must be a port number 0-65535' });
    expect(openLink(link({ schemaVersion: 2, yaml: 'kind: [' }))).toMatchObject({ kind: 'failed', message: expect.stringMatching(/^shared\.yaml:\d+/) });
  });
});
