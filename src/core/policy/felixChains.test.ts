// felixChains: the iptables-like view of one endpoint, read off the compiled policies.
import { describe, expect, it } from 'vitest';
import { compilePolicies } from './compile';
import { felixChains, felixChainsText } from './felixChains';
import { netpolPod, netpolWorld, np } from '../../../test/support/netpol-model';

const xa = netpolPod('x/a');
const ya = netpolPod('y/a');
const denyAllX = np('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
const allowSameNs = np('x', 'allow-same-ns', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port: 80 }] }] });

describe('felixChains', () => {
  it('jumps to each selecting policy in evaluation order, then the tier drop and the profile', () => {
    const c = compilePolicies(netpolWorld([xa, ya], { policies: [denyAllX, allowSameNs] }));
    const chains = felixChains(c, 'x/a', 'cali0123456789a')!;
    expect(chains.map((ch) => ch.name)).toEqual([
      'cali-tw-cali0123456789a',
      'cali-pi-default/knp.default.allow-same-ns',
      'cali-pi-default/knp.default.deny-all',
      'cali-fw-cali0123456789a',
      'cali-po-default/knp.default.deny-all',
    ]);
    const tw = chains[0].rules;
    expect(tw[0]).toBe('-A cali-tw-cali0123456789a -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
    const jumps = tw.filter((r) => / -j cali-pi-/.test(r));
    expect(jumps).toEqual([
      '-A cali-tw-cali0123456789a -m mark --mark 0x0/0x20000 -j cali-pi-default/knp.default.allow-same-ns',
      '-A cali-tw-cali0123456789a -m mark --mark 0x0/0x20000 -j cali-pi-default/knp.default.deny-all',
    ]);
    expect(tw.some((r) => r.includes('End of tier default. Drop if no policies passed packet') && r.endsWith('-j DROP'))).toBe(true);
    const allow = chains[1].rules[0];
    expect(allow).toMatch(/^-A cali-pi-default\/knp\.default\.allow-same-ns -p tcp -m set --match-set cali40s:".*projectcalico.org\/namespace == \\?"x\\?".*" src -m multiport --dports 80 -m comment --comment "ingress rule 0 Allow" -j MARK --set-xmark 0x10000\/0x10000$/);
    expect(chains[2].rules).toEqual([]);
    expect(felixChainsText(chains)).toContain(':cali-fw-cali0123456789a - [0:0]');
  });

  it('a pod no policy selects goes straight to its profile; Flannel programs no policy', () => {
    const c = compilePolicies(netpolWorld([xa, ya], { policies: [denyAllX] }));
    const chains = felixChains(c, 'y/a', 'caliy')!;
    expect(chains.map((ch) => ch.name)).toEqual(['cali-tw-caliy', 'cali-fw-caliy']);
    expect(chains[0].rules).toContain('-A cali-tw-caliy -j cali-pri-kns.y');
    const fl = felixChains(compilePolicies(netpolWorld([xa, ya], { policies: [denyAllX], enforced: false })), 'x/a', 'calix')!;
    expect(fl.map((ch) => ch.name)).toEqual(['cali-tw-calix', 'cali-fw-calix']);
    expect(felixChains(c, 'z/none', 'x')).toBeUndefined();
  });
});
