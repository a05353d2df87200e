// kube-proxy's nat rules as iptables-save prints them. Chain names are checked against names every
// kubeadm cluster shows for CoreDNS and the API server Service (kube-proxy hashes ServicePortName +
// protocol: sha256, base32, first 16 characters), not against this code's own output.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLab } from '../session/load';
import { base32, sha256 } from '../hash/sha256';
import { kubeProxyNatSave, probabilityText } from './iptablesSave';

describe('sha256 / base32', () => {
  it('FIPS 180-4 test vectors', () => {
    const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
    expect(hex(sha256('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(sha256(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });
  it('RFC 4648 base32 vectors', () => {
    const b = (s: string) => base32(new TextEncoder().encode(s));
    expect(b('f')).toBe('MY======');
    expect(b('foob')).toBe('MZXW6YQ=');
    expect(b('foobar')).toBe('MZXW6YTBOI======');
  });
});

describe('iptables-save -t nat', () => {
  const text = readFileSync(join(__dirname, '../../../presets/seed002-policy.yaml'), 'utf8');
  const out = kubeProxyNatSave(loadLab(text, 'seed002-policy.yaml').state!);

  it("CoreDNS's chains carry the names real clusters show", () => {
    expect(out).toContain('-A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU');
    expect(out).toContain('-j KUBE-SVC-ERIFXISQEP7F7OF4'); // kube-dns:dns-tcp
    expect(out).toContain('-j KUBE-SVC-JD5MR3NA4I4DYORP'); // kube-dns:metrics
  });

  it('three endpoints: 1/3 then 1/2 then the rest, each SEP masquerading its own hairpin before the DNAT', () => {
    const svc = out.split('\n').filter((l) => l.startsWith('-A KUBE-SVC-') && l.includes('develop/pod-deployment'));
    expect(svc).toHaveLength(3);
    expect(svc[0]).toContain('"develop/pod-deployment -> 10.244.5.3:80" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-');
    expect(svc[1]).toContain('--probability 0.50000000000');
    expect(svc[2]).not.toContain('statistic');
    const sep = /-j (KUBE-SEP-[A-Z2-7]{16})$/.exec(svc[0])![1];
    expect(out).toContain(`-A ${sep} -s 10.244.5.3/32 -m comment --comment "develop/pod-deployment" -j KUBE-MARK-MASQ\n-A ${sep} -p tcp -m comment --comment "develop/pod-deployment" -m tcp -j DNAT --to-destination 10.244.5.3:80\n`);
  });

  it('layout: *nat, built-in chains, user chains in name order, the nodeports rule last in KUBE-SERVICES, COMMIT', () => {
    const lines = out.trimEnd().split('\n');
    expect(lines[1]).toBe('*nat');
    expect(lines[lines.length - 1]).toBe('COMMIT');
    const user = lines.filter((l) => /^:KUBE-/.test(l)).map((l) => l.slice(1).split(' ')[0]);
    expect(user).toEqual([...user].sort());
    const services = lines.filter((l) => l.startsWith('-A KUBE-SERVICES'));
    expect(services[services.length - 1]).toContain('-m addrtype --dst-type LOCAL -j KUBE-NODEPORTS');
    expect(out).toContain('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully');
  });

  it("probabilities as iptables-save reads them back from the kernel's fixed point", () => {
    expect(probabilityText(2)).toBe('0.50000000000');
    expect(probabilityText(3)).toBe('0.33333333349');
    expect(probabilityText(4)).toBe('0.25000000000');
  });
});
