import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../model/scenario';
import { parseScenario, scenarioToYaml } from './index';
import { withDocs } from '../../../test/support/diagnostics';

const FULL = readFileSync(join(__dirname, '../../../test/fixtures/scenario/full.yaml'), 'utf8');
const PRESETS = join(__dirname, '../../../presets');

function parse(text: string): Scenario {
  const r = parseScenario(text, 'x.yaml');
  expect(r.errors.map((e) => e.message)).toEqual([]);
  return r.scenario!;
}

/** Refs say where things sat in a particular file, so they are not part of the round trip. */
const noRefs = ({ refs: _refs, ...rest }: Scenario) => rest;

function roundTrip(text: string): { first: Scenario; second: Scenario; yaml: string } {
  const first = parse(text);
  const yaml = scenarioToYaml(first);
  const second = parse(yaml);
  return { first, second, yaml };
}

describe('scenarioToYaml', () => {
  it('round-trips the full scenario to an equal Scenario', () => {
    const { first, second } = roundTrip(FULL);
    expect(noRefs(second)).toEqual(noRefs(first));
  });

  it('is stable: writing the re-read scenario gives the same text', () => {
    const { second, yaml } = roundTrip(FULL);
    expect(scenarioToYaml(second)).toBe(yaml);
  });

  it('writes a Deployment once and not its pods', () => {
    const { first, yaml } = roundTrip(FULL);
    expect(first.pods).toHaveLength(4);
    expect(yaml.match(/^kind: Pod$/gm)).toHaveLength(1);
    expect(yaml.match(/^kind: Deployment$/gm)).toHaveLength(1);
    expect(yaml).not.toContain('pod-template-hash');
  });

  it('does not write what the parser derives: the default pool, implicit namespaces', () => {
    const text = withDocs('apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: team}\nspec:\n  nodeName: n1\n  containers: [{name: c}]\n');
    const { first, second, yaml } = roundTrip(text);
    expect(first.ippools.map((p) => p.name)).toEqual(['default-ipv4-ippool']);
    expect(yaml).not.toContain('kind: IPPool');
    expect(yaml).not.toContain('kind: Namespace');
    expect(noRefs(second)).toEqual(noRefs(first));
    expect(first.refs['IPPool/default-ipv4-ippool'].kind).toBe('Topology');
    expect(second.refs['IPPool/default-ipv4-ippool'].kind).toBe('Cluster'); // the export writes the Cluster out
  });

  it('moves the flannel ConfigMap net-conf into the Cluster', () => {
    const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kube-flannel-cfg, namespace: kube-flannel}\ndata:\n  net-conf.json: '{"Network": "10.244.0.0/16", "Backend": {"Type": "vxlan", "DirectRouting": true}}'\n`;
    const { first, second, yaml } = roundTrip(withDocs(cm));
    expect(yaml).not.toContain('ConfigMap');
    expect(yaml).toContain('DirectRouting: true');
    expect(noRefs(second)).toEqual(noRefs(first));
  });

  it('keeps odd names byte for byte', () => {
    const name = 'a: b # "c" \'d\' <e>';
    const text = withDocs(`apiVersion: cnilab/v1\nkind: Fault\nmetadata: {name: ${JSON.stringify(name)}}\nspec: {type: nodeDown, node: n1}\n`);
    const { first, second } = roundTrip(text);
    expect(second.faults[0].name).toBe(name);
    expect(noRefs(second)).toEqual(noRefs(first));
  });

  it('keeps foreign resources (name and namespace)', () => {
    const text = withDocs('apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: kube-system}\n', 'apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata: {name: default}\n');
    const { first, second } = roundTrip(text);
    expect(second.foreign).toEqual(first.foreign);
  });

  it('round-trips every preset', () => {
    const files = readdirSync(PRESETS).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const r = parseScenario(readFileSync(join(PRESETS, f), 'utf8'), f);
      if (!r.scenario) continue; // the presets' own test reports those
      const again = parseScenario(scenarioToYaml(r.scenario), f);
      expect(again.errors.map((e) => e.message), f).toEqual([]);
      expect(noRefs(again.scenario!), f).toEqual(noRefs(r.scenario));
    }
  });
});
