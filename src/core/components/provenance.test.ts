// Who programmed each line of seed 000's node-2 table (IPIP, BIRD) and of seed 002's flannel vxlan node1.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../session/load';
import { formatRoute } from '../render';
import { linkProvenance, routeProvenance } from './provenance';

const load = (preset: string) => loadLab(readFileSync(new URL(`../../../presets/${preset}.yaml`, import.meta.url), 'utf8'), `${preset}.yaml`).state!;

describe('Calico IPIP (seed 000, node-2)', () => {
  const ns = load('seed000-ipip').netns['node/node-2'];
  const by = (line: RegExp) => {
    const r = ns.routes.find((x) => line.test(formatRoute(x)));
    if (!r) throw new Error(`no route ${line}`);
    return routeProvenance(ns, r);
  };

  it('names BIRD for a remote block via tunl0 and for its own blackhole', () => {
    expect(by(/^172\.20\.84\.128\/26 via 192\.168\.2\.25 dev tunl0 proto bird onlink/)).toMatchObject({ by: 'BIRD', pod: 'calico-node' });
    expect(by(/^172\.20\.84\.128\/26/).why).toContain('through tunl0');
    expect(by(/^blackhole 172\.20\.247\.0\/26 proto bird/)).toMatchObject({ by: 'BIRD' });
  });

  it("names Felix for a local pod's /32 and says which pod", () => {
    const p = by(/^172\.20\.247\.1 dev cali/);
    expect(p.by).toBe('Felix');
    expect(p.why).toContain('default/web-kbtv4l6gq8-xmgwx');
  });

  it('names the kernel for connected routes and the host for the default route', () => {
    expect(by(/^192\.168\.2\.0\/24 dev ens33 proto kernel/).by).toBe('kernel');
    expect(by(/^default via 192\.168\.2\.1/).by).toBe('host network configuration');
  });

  it('names Felix for tunl0 and the container runtime for docker0', () => {
    expect(linkProvenance(ns, ns.links.find((l) => l.name === 'tunl0')!).by).toBe('Felix');
    expect(linkProvenance(ns, ns.links.find((l) => l.name === 'docker0')!).by).toBe('container runtime');
  });
});

describe('Flannel vxlan (seed 002, node1)', () => {
  const state = load('seed002-flannel-vxlan');
  const ns = state.netns['node/node1'];

  it('names flanneld for the routes through flannel.1 and for the device', () => {
    const r = ns.routes.find((x) => x.dev === 'flannel.1')!;
    expect(routeProvenance(ns, r)).toMatchObject({ by: 'flanneld', pod: 'kube-flannel' });
    expect(linkProvenance(ns, ns.links.find((l) => l.name === 'flannel.1')!).why).toContain('UDP 8472');
    expect(linkProvenance(ns, ns.links.find((l) => l.name === 'cni0')!).by).toBe('CNI plugin');
  });
});
