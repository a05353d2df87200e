import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLab, rebuild } from '../../core/session/load';
import { sessionsOf } from '../../core/bgp';
import { hasFault, toggleFault } from './faultEdits';

const lab = loadLab(readFileSync('presets/seed000-ipip.yaml', 'utf8'), 'seed000-ipip.yaml');

describe('fault toggles', () => {
  it('node down is added, takes the node\'s sessions out of Established, and a second toggle removes it', () => {
    const s = lab.scenario!;
    const node = s.topology.nodes[0].name;
    const other = s.topology.nodes[1].name;
    const s2 = toggleFault({ type: 'nodeDown', node }).apply(s);
    expect(hasFault(s2, { type: 'nodeDown', node })).toBe(true);
    const st2 = rebuild(s2, lab.state).state!;
    const sess = sessionsOf(st2, other).find((x) => x.peerName === node)!;
    expect(sess.info).not.toBe('Established');
    const s3 = toggleFault({ type: 'nodeDown', node }).apply(s2);
    expect(s3.faults).toEqual(s.faults);
    expect(sessionsOf(rebuild(s3, st2).state!, other).find((x) => x.peerName === node)!.info).toBe('Established');
  });

  it('a filter is the same fault whichever way round its networks are given', () => {
    const s = lab.scenario!;
    const [a, b] = ['n1', 'n2'];
    const s2 = toggleFault({ type: 'filter', filter: { between: [a, b], protocol: 'TCP', port: 179 } }).apply(s);
    expect(hasFault(s2, { type: 'filter', filter: { between: [b, a], protocol: 'TCP', port: 179 } })).toBe(true);
  });
});
