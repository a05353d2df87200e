import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { caliVethName, calicoVtepMac, containerId, flannelVethName, flannelVtepMac, nicMac } from './names';

const sha = (s: string) => createHash('sha1').update(Buffer.from(s, 'utf8')).digest();
const hex = (s: string) => sha(s).toString('hex');
const mac = (bytes: number[]) => bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');

describe('deterministic names', () => {
  it('caliVethName is cali + 11 hex chars of SHA-1("<ns>.<pod>") (Calico VethNameForWorkload)', () => {
    expect(caliVethName('default', 'nginx-6799fc88d8-2x7kq')).toBe('cali' + hex('default.nginx-6799fc88d8-2x7kq').slice(0, 11));
    expect(caliVethName('kube-system', 'coredns')).toBe('cali' + hex('kube-system.coredns').slice(0, 11));
    expect(caliVethName('default', 'web', 'wl')).toBe('wl' + hex('default.web').slice(0, 11));
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 60 }), (ns, pod) =>
        /^cali[0-9a-f]{11}$/.test(caliVethName(ns, pod)),
      ),
      { seed: 11, numRuns: 100 },
    );
  });

  it('calicoVtepMac is 0x66 + SHA-1(node)[0:5] (Felix vtepMACForHost), "-v6" suffix for IPv6', () => {
    const h = sha('k8s-node1');
    expect(calicoVtepMac('k8s-node1')).toBe(mac([0x66, ...h.subarray(0, 5)]));
    const h6 = sha('k8s-node1-v6');
    expect(calicoVtepMac('k8s-node1', 6)).toBe(mac([0x66, ...h6.subarray(0, 5)]));
    expect(calicoVtepMac('node-2')).toMatch(/^66(:[0-9a-f]{2}){5}$/);
  });

  it('flannelVtepMac is a locally administered unicast MAC from SHA-1("flannel.1/<node>")', () => {
    const h = sha('flannel.1/node-1');
    expect(flannelVtepMac('node-1')).toBe(mac([(h[0] & 0xfe) | 2, ...h.subarray(1, 6)]));
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (node) => {
        const first = parseInt(flannelVtepMac(node).slice(0, 2), 16);
        return (first & 3) === 2 && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(flannelVtepMac(node));
      }),
      { seed: 12, numRuns: 100 },
    );
  });

  it('nicMac is 52:54:00 (QEMU/KVM OUI) + SHA-1("<node>/<ifname>")[0:3]', () => {
    const h = sha('master-1/ens33');
    expect(nicMac('master-1', 'ens33')).toBe(mac([0x52, 0x54, 0x00, ...h.subarray(0, 3)]));
    expect(nicMac('master-1', 'ens34')).not.toBe(nicMac('master-1', 'ens33'));
  });

  it('flannelVethName is veth + 8 hex chars of SHA-1("<ns>/<pod>")', () => {
    expect(flannelVethName('default', 'busybox')).toBe('veth' + hex('default/busybox').slice(0, 8));
    expect(flannelVethName('default', 'busybox')).toMatch(/^veth[0-9a-f]{8}$/);
  });

  it('containerId is 64 hex chars: SHA-1("<ns>/<pod>#0") + SHA-1("<ns>/<pod>#1")[0:24]', () => {
    const id = containerId('default', 'busybox');
    expect(id).toBe(hex('default/busybox#0') + hex('default/busybox#1').slice(0, 24));
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(containerId('default', 'busybox2')).not.toBe(id);
    // "<ns>/<pod>" keeps namespace and pod apart: a/b-c and a-b/c differ.
    expect(containerId('a', 'b-c')).not.toBe(containerId('a-b', 'c'));
  });
});
