// Policy and Service hops in zh-CN: every id the policy code names has an English and a Chinese template
// with the same holes; the evaluator's reason as a message says exactly what the evaluator says; walks
// that meet every kind of policy and Service hop carry messages whose English is the hop's text and whose
// Chinese has no English phrase and no stray space; a few hops read exactly as written here by hand.
import { describe, expect, it } from 'vitest';
import { holesOf, type Msg } from '../../src/core/msg';
import { POLICY_EN, SERVICE_EN, policyEnglish } from '../../src/core/policy/messages';
import { policyRuntime } from '../../src/core/policy/cluster';
import { decide, decideReply, evaluateEndpoint, toPacket } from '../../src/core/policy/evaluate';
import type { Flow } from '../../src/core/policy/types';
import type { Hop } from '../../src/core/model/packet';
import { runWalk } from '../../src/core/tools';
import { hopText, hopWhy, installCoreEn, installCoreZh, renderMsg } from '../../src/i18n/core';
import { CORE_EN } from '../../src/i18n/core-en';
import { CORE_ZH, POLICY_ZH, SERVICE_ZH } from '../../src/i18n/core-zh';
import { hookStates, hookWalks } from './hookCorpus';
import { englishIn, idsUsed, strayIn, zhSkeleton } from './zhText';

installCoreEn(CORE_EN);
installCoreZh(CORE_ZH);

const states = hookStates();
const stateNamed = (name: string) => states.find((s) => s.name === name)!.state;

describe('policy and Service messages', () => {
  it('every id the policy and Service code names has an English and a Chinese template with the same holes, and every template is used', () => {
    for (const [prefix, en, zh] of [
      ['policy', POLICY_EN, POLICY_ZH],
      ['svc', SERVICE_EN, SERVICE_ZH],
    ] as [string, Record<string, string>, Record<string, string>][]) {
      const used = idsUsed('policy', prefix);
      expect(used.length).toBeGreaterThan(30);
      for (const id of used) expect(en, id).toHaveProperty([id]);
      for (const id of Object.keys(en)) expect(used, id).toContain(id);
      expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
      for (const [id, t] of Object.entries(en)) {
        expect(holesOf(zh[id]), id).toEqual(holesOf(t));
        expect(strayIn(zh[id]), id).toBeUndefined();
        // the template's own words, its holes blanked: no English phrase (tool syntax in "quotes" may stay)
        expect(englishIn(zh[id].replace(/\{\w+\}/g, '§')), `${id}: ${zh[id]}`).toBeUndefined();
      }
    }
  });

  it("the evaluator's reason is its message's English, and every kind of reason reads in Chinese, for every pod pair of every policy lab", () => {
    let n = 0;
    const kinds = new Set<string>();
    for (const { state } of states) {
      const c = policyRuntime(state).compiled;
      if (!c.enforced) continue;
      for (let a = 0; a < c.endpoints.length; a++)
        for (let b = 0; b < c.endpoints.length; b++)
          for (const [protocol, port] of [['TCP', 80], ['UDP', 53], ['ICMP', undefined]] as const) {
            const flow = { src: { ip: c.endpoints[a].pod.ip }, dst: { ip: c.endpoints[b].pod.ip }, protocol, ...(port ? { port, srcPort: 40000 } : {}) };
            for (const [ep, dir] of [[a, 'egress'], [b, 'ingress']] as const) {
              const v = evaluateEndpoint(c, ep, dir, toPacket(c, flow));
              const m = v.why;
              kinds.add(m.id);
              expect(policyEnglish(m)).toBe(v.reason);
              const zh = renderMsg('zh-CN', m);
              expect(strayIn(zh), zh).toBeUndefined();
              expect(englishIn(zhSkeleton(m)), zh).toBeUndefined();
              n++;
            }
          }
    }
    expect(n).toBeGreaterThan(1000);
    expect([...kinds].sort()).toEqual(['policy.reason.implicitDeny', 'policy.reason.passed', 'policy.reason.profile', 'policy.reason.rule']);
  });

  it("decide()'s line is its message's English, in Chinese too: pods, hostNetwork pods, nodes, loopback, Flannel, replies", () => {
    const kinds = new Set<string>();
    let n = 0;
    for (const { state } of states) {
      const c = policyRuntime(state).compiled;
      const ends: Flow['src'][] = [
        ...state.scenario.pods.map((p) => ({ ip: state.pods.find((x) => x.namespace === p.namespace && x.name === p.name)?.ip ?? state.nodes[0].address?.ip ?? '10.0.0.1', pod: `${p.namespace}/${p.name}` })),
        ...state.nodes.flatMap((x) => (x.address ? [{ ip: x.address.ip }] : [])),
      ].slice(0, 14);
      for (const src of ends)
        for (const dst of ends)
          for (const [protocol, port] of [['TCP', 80], ['UDP', 53]] as const) {
            const flow: Flow = { src, dst, protocol, port, srcPort: 40000 };
            for (const d of [decide(c, flow), decideReply(c, flow)]) {
              const m = d.why;
              kinds.add(m.id);
              expect(policyEnglish(m), JSON.stringify(flow)).toBe(d.reason);
              const zh = renderMsg('zh-CN', m);
              expect(strayIn(zh), zh).toBeUndefined();
              expect(englishIn(zhSkeleton(m)), zh).toBeUndefined();
              n++;
            }
          }
    }
    expect(n).toBeGreaterThan(1000);
    expect([...kinds].sort()).toEqual(['policy.decision.allowed', 'policy.decision.denied', 'policy.decision.flannel', 'policy.decision.loopback', 'policy.decision.noReply', 'policy.decision.reply']);
  });

  it('walks meeting policy and Service hooks: each hook hop carries messages, English as written, Chinese without English phrases or stray spaces', () => {
    const seen = new Set<string>();
    let hookHops = 0;
    const collect = (m: Msg) => {
      seen.add(m.id);
      for (const v of Object.values(m.args)) if (typeof v === 'object') collect(v);
    };
    const check = (h: Hop, label: string) => {
      for (const m of [h.msg?.text, h.msg?.why]) if (m) collect(m);
      const fromHook = (h.msg?.text?.id ?? '').startsWith('policy.') || (h.msg?.text?.id ?? '').startsWith('svc.');
      if (h.kind === 'policy' || (h.kind === 'nat' && !h.msg?.text?.id.startsWith('walk.')) || fromHook) {
        // every hop a hook wrote is a message now: nothing stays English in zh-CN
        expect(h.msg?.text, `${label}: ${h.text}`).toBeDefined();
        expect(h.msg?.why, `${label}: ${h.why}`).toBeDefined();
      }
      if (!fromHook) return;
      hookHops++;
      expect(renderMsg('en', h.msg!.text!)).toBe(h.text);
      expect(renderMsg('en', h.msg!.why!)).toBe(h.why);
      for (const m of [h.msg!.text!, h.msg!.why!]) {
        const sk = zhSkeleton(m);
        expect(englishIn(sk), `${label}: ${sk}`).toBeUndefined();
      }
      for (const s of [hopText('zh-CN', h), hopWhy('zh-CN', h)]) {
        expect(strayIn(s), s).toBeUndefined();
        expect(s).toMatch(/[\u4e00-\u9fff]/);
      }
    };
    for (const { label, walk } of hookWalks(states)) for (let w: typeof walk | undefined = walk; w; w = w.reply) for (const h of w.hops) check(h, label);
    expect(hookHops).toBeGreaterThan(3500);
    // the corpus reaches every policy and Service hop but the reply ones (asymmetric paths, asked of the hook
    // directly in test/policy/walk.test.ts), Flannel with several policies stored, a Local Service without any
    // endpoint behind a load balancer, and a named targetPort that resolves
    // (decide()'s line and its not-a-pod reasons are a lab check's words, never a hop's)
    const unseen = [...Object.keys(POLICY_EN), ...Object.keys(SERVICE_EN)].filter((id) => !seen.has(id) && !/^policy\.(decision\.|reason\.(noEndpoint|notPod))/.test(id));
    expect(unseen.sort()).toEqual([
      'policy.flannel.why',
      'policy.noReply.text',
      'policy.noReply.why',
      'policy.reply.text',
      'policy.reply.why',
      'svc.extDrop.nowhere',
      'svc.lb.none.whyLocal',
      'svc.target.named',
    ]);
  });

  it('a policy-denied packet reads in Chinese as written', () => {
    // seed 002's policy lab under deny-all: coredns (10.244.0.2, master1) pings pod-deployment-…-wqnvm
    // (10.244.5.3, on node1 behind cali6435f7d10c0), whose ingress the deny-all-ingress policy selects
    const st = stateNamed('seed002-policy+seed002-05-deny-all.yaml');
    const r = runWalk(st, { from: 'kube-system/coredns-78fcd69978-4kq8r', to: 'develop/pod-deployment-76dd67889b-wqnvm', protocol: 'icmp' });
    expect(r.verdict.kind).toBe('dropped');
    const h = r.hops.find((x) => x.kind === 'policy' && x.msg?.text?.id === 'policy.judge.text' && x.text.includes('denied'))!;
    expect(hopText('zh-CN', h)).toBe('node1：cali6435f7d10c0 上 develop/pod-deployment-76dd67889b-wqnvm 的入站策略：ICMP 10.244.0.2 → 10.244.5.3：拒绝，层级 default 中没有规则匹配，隐式拒绝');
    expect(hopWhy('zh-CN', h)).toBe(
      '发往 develop/pod-deployment-76dd67889b-wqnvm 的数据包从它在宿主机上的 veth 离开时，由 Felix 在 cali-tw-cali6435f7d10c0 里判定。' +
        '在入站方向选中 develop/pod-deployment-76dd67889b-wqnvm 的策略（按评估顺序）：knp.default.deny-all-ingress（层级 default，order 1000）。' +
        '这些策略中没有任何规则匹配，于是按层级的默认动作拒绝。',
    );
    // the drop hop after it, and a lab check quoting the verdict, are Chinese too
    expect(hopText('zh-CN', r.hops[r.hops.length - 1])).toBe('node1：被网络策略丢弃');
    expect(r.verdict.kind === 'dropped' && r.verdict.msg && renderMsg('zh-CN', r.verdict.msg)).toBe(hopText('zh-CN', h));
  });

  it('an allowing rule is named with its text, "from" and "to" in Chinese', () => {
    const st = stateNamed('seed002-policy+seed002-06-allow-all.yaml');
    const r = runWalk(st, { from: 'kube-system/coredns-78fcd69978-4kq8r', to: 'develop/pod-deployment-76dd67889b-wqnvm', protocol: 'icmp' });
    const h = r.hops.find((x) => x.kind === 'policy' && x.text.includes('ingress policy'))!;
    expect(hopText('zh-CN', h)).toBe('node1：cali6435f7d10c0 上 develop/pod-deployment-76dd67889b-wqnvm 的入站策略：ICMP 10.244.0.2 → 10.244.5.3：放行，knp.default.deny-all-ingress 的入站规则 0（Allow）');
    expect(hopWhy('zh-CN', h)).toContain('由第一条匹配的规则决定：knp.default.deny-all-ingress 的入站规则 0（Allow），规则内容为 Allow。');
  });

  it('a Service packet reads in Chinese as written: ClusterIP, and NodePort with externalTrafficPolicy Local', () => {
    // seed 002's Calico cluster with Services: web (10.96.0.80, 3 pod-test endpoints), web-local (nodePort 30081,
    // Local; node1 runs one endpoint, …-zn5hp at 10.244.5.4; master1 runs none); the outside gateway is 10.0.0.2
    const st = stateNamed('calico-ipip+services');
    const c = runWalk(st, { from: 'kube-system/coredns-78fcd69978-4kq8r', to: '10.96.0.80', protocol: 'tcp', port: 80 });
    const dnat = c.hops.find((h) => h.kind === 'nat')!;
    expect(hopText('zh-CN', dnat)).toMatch(/^master1：kube-proxy DNAT 10\.96\.0\.80:80 → 10\.244\.\d+\.\d+:80（Service default\/web，3 个端点中的第 [123] 个：default\/pod-deployment-76dd67889b-\w+）$/);
    expect(hopWhy('zh-CN', dnat)).toMatch(/^iptables nat PREROUTING → KUBE-SERVICES 匹配 10\.96\.0\.80:80\/TCP（Service default\/web）；它的 KUBE-SVC 链从 3 个端点中选一个，/);
    expect(hopWhy('zh-CN', dnat)).toContain('有 3 条规则，按顺序尝试：1) --probability 0.33333333349 → KUBE-SEP-');
    expect(hopWhy('zh-CN', dnat)).toMatch(/对 3 取模得 [012]，所以命中第 [123] 条规则。$/);

    const np = runWalk(st, { from: '10.0.0.2', to: '10.0.0.15', protocol: 'tcp', port: 30081 });
    expect(hopText('zh-CN', np.hops.find((h) => h.kind === 'nat')!)).toBe(
      'node1：kube-proxy DNAT 10.0.0.15:30081 → 10.244.5.4:80（Service default/web-local 的 NodePort，1 个本节点端点中的第 1 个：default/pod-deployment-76dd67889b-zn5hp），保留客户端源地址（externalTrafficPolicy Local）',
    );
    const drop = runWalk(st, { from: '10.0.0.2', to: '10.0.0.12', protocol: 'tcp', port: 30081 });
    expect(drop.verdict.kind).toBe('dropped');
    const h = drop.hops.find((x) => x.kind === 'policy')!;
    expect(hopText('zh-CN', h)).toBe('master1：Service default/web-local 在本节点没有端点（externalTrafficPolicy Local）：kube-proxy DROP 10.0.0.12:30081/TCP（filter KUBE-EXTERNAL-SERVICES）');
    expect(hopWhy('zh-CN', h)).toContain('而 Service default/web-local 没有任何端点运行在 master1 上（端点都在 node1, node2 上）。');
  });
});
