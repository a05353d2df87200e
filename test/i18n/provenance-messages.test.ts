// Who made a route, a device or a neighbour entry, in zh-CN: every id the components code names has an English
// and a Chinese template with the same holes; over every preset each provenance carries a message whose
// English is its `why` and whose Chinese has no English phrase and no stray space; a few read as written here.
import { describe, expect, it } from 'vitest';
import { holesOf } from '../../src/core/msg';
import { PROVENANCE_EN } from '../../src/core/components/messages';
import { linkProvenance, neighProvenance, routeProvenance, type Provenance } from '../../src/core/components/provenance';
import { formatRoute } from '../../src/core/render';
import { listPresets, readScenario } from '../../src/cli/io';
import { loadLab } from '../../src/core/session/load';
import { installCoreEn, installCoreZh, provenanceWhy, renderMsg } from '../../src/i18n/core';
import { CORE_EN } from '../../src/i18n/core-en';
import { CORE_ZH, PROVENANCE_ZH } from '../../src/i18n/core-zh';
import { englishIn, idsUsed, strayIn, zhSkeleton } from './zhText';

installCoreEn(CORE_EN);
installCoreZh(CORE_ZH);

const load = (preset: string) => {
  const { text, name } = readScenario(undefined, preset);
  return loadLab(text, name).state;
};

describe('provenance in zh-CN', () => {
  it('every id the components code names has an English and a Chinese template with the same holes, and every template is used', () => {
    const used = idsUsed('components', 'prov');
    for (const id of used) expect(PROVENANCE_EN, id).toHaveProperty([id]);
    for (const id of Object.keys(PROVENANCE_EN)) expect(used, id).toContain(id);
    expect(Object.keys(PROVENANCE_ZH).sort()).toEqual(Object.keys(PROVENANCE_EN).sort());
    for (const [id, en] of Object.entries(PROVENANCE_EN)) {
      const zh = PROVENANCE_ZH[id as keyof typeof PROVENANCE_ZH];
      expect(holesOf(zh), id).toEqual(holesOf(en));
      expect(strayIn(zh), id).toBeUndefined();
      expect(englishIn(zh), `${id}: ${zh}`).toBeUndefined();
    }
  });

  it('every route, device and neighbour entry of every preset: its why in English as the core wrote it, in Chinese without English phrases', () => {
    const seen = new Set<string>();
    let n = 0;
    const check = (p: Provenance, what: string) => {
      n++;
      seen.add(p.msg.id);
      expect(renderMsg('en', p.msg), what).toBe(p.why);
      expect(provenanceWhy('en', p)).toBe(p.why);
      const zh = provenanceWhy('zh-CN', p);
      expect(zh, what).toMatch(/[\u4e00-\u9fff]/);
      expect(strayIn(zh), `${what}: ${zh}`).toBeUndefined();
      expect(englishIn(zhSkeleton(p.msg)), `${what}: ${zh}`).toBeUndefined();
    };
    for (const preset of listPresets()) {
      const st = load(preset.name);
      if (!st) continue;
      for (const ns of Object.values(st.netns)) {
        for (const r of ns.routes) check(routeProvenance(ns, r), `${preset.name} ${ns.id} ${formatRoute(r)}`);
        for (const l of ns.links) check(linkProvenance(ns, l), `${preset.name} ${ns.id} ${l.name}`);
        for (const e of ns.neigh) check(neighProvenance(ns, e), `${preset.name} ${ns.id} neigh ${e.ip}`);
      }
    }
    expect(n).toBeGreaterThan(1000);
    expect(seen.size).toBeGreaterThan(15);
  });

  it('reads as written: a BIRD route through tunl0 and tunl0 itself (seed 000, node-2), a flannel.1 route (seed 002)', () => {
    const st = load('seed000-ipip')!;
    const ns = st.netns['node/node-2'];
    const r = ns.routes.find((x) => /^172\.20\.84\.128\/26 via 192\.168\.2\.25 dev tunl0 proto bird onlink/.test(formatRoute(x)))!;
    expect(provenanceWhy('zh-CN', routeProvenance(ns, r))).toBe('BIRD 通过 BGP 从对等体 192.168.2.25 学到 172.20.84.128/26 并装入路由表（proto bird）；地址池要求封装（IPIP），所以它经 tunl0 发出，并带 onlink。');
    const tunl0 = linkProvenance(ns, ns.links.find((l) => l.name === 'tunl0')!);
    expect(provenanceWhy('zh-CN', tunl0)).toBe('当某个 IP 地址池使用 IPIP 时，Felix 会启用 tunl0，并配上 calico-node 为本节点分配的隧道地址；BIRD 把远端的块路由到它上面。');
    const fl = load('seed002-flannel-vxlan')!.netns['node/node1'];
    const fr = fl.routes.find((x) => x.dev === 'flannel.1')!;
    expect(provenanceWhy('zh-CN', routeProvenance(fl, fr))).toBe(
      `flanneld 读取了另一节点的子网租约 ${fr.dst}，经 flannel.1 把它路由到那个节点的 VTEP 地址（${fr.via}），并把这个地址写进了邻居表和 FDB。`,
    );
  });
});
