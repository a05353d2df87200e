// Wireshark agrees with the walks themselves (not hand-built stacks): for each datapath mode, the pcap of a
// pod-to-pod ping across nodes, written by core/tools.pcapOf from the walk's wire segments, dissects into
// every layer with good checksums and no malformed packets, and the underlay frames have the sizes a real
// kernel sends: 98 bytes without encapsulation, 118 with IPIP, 148 with VXLAN (56-byte ping).
// Needs tshark: skipped with a note when missing, except in CI where a missing tshark fails.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../../src/core/session/load';
import { buildCluster } from '../../src/core/resolve';
import type { ClusterState } from '../../src/core/model/cluster';
import { pcapOf, runWalk } from '../../src/core/tools';
import { generateCluster } from '../../bench/generate';

const hasTshark = spawnSync('tshark', ['-v'], { encoding: 'utf8' }).status === 0;
const CI = !!process.env.CI;

const preset = (name: string): ClusterState => {
  const r = loadLab(readFileSync(join(__dirname, '../../presets', `${name}.yaml`), 'utf8'), name);
  if (!r.state) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.state;
};

interface Case {
  name: string;
  state: () => ClusterState;
  from: string;
  to: string;
  /** the underlay frame size of the request */
  underlay: number;
  /**
   * the VXLAN destination port every underlay frame must carry, from the field's defaults, not from the
   * code: Felix's VXLANPort defaults to 4789 (IANA); flanneld leaves Port 0, so the kernel's 8472 applies
   */
  vxlanPort?: number;
  /** the tunnel device and its VNI (Felix: vxlan.calico 4096; flannel: flannel.1, VNI 1) */
  vxlanDevice?: { name: string; vni: number };
  /** protocols tshark must report for an underlay frame */
  protocols: string;
}

const CASES: Case[] = [
  { name: 'Calico IPIP (seed 000)', state: () => preset('seed000-ipip'), from: '', to: '172.20.84.129', underlay: 118, protocols: 'eth:ethertype:ip:ip:icmp:data' },
  { name: 'Calico no encapsulation (seed 000, ipipMode Never)', state: () => preset('seed000-no-encap'), from: '', to: '172.20.84.129', underlay: 98, protocols: 'eth:ethertype:ip:icmp:data' },
  { name: 'Calico CrossSubnet on one subnet (seed 002)', state: () => preset('seed002-calico-crosssubnet'), from: 'default/pod-client', to: 'default/pod-deployment-76dd67889b-zn5hp', underlay: 98, protocols: 'eth:ethertype:ip:icmp:data' },
  {
    name: 'Calico VXLAN (4789)',
    state: () => buildCluster(generateCluster({ nodes: 2, podsPerNode: 1, ipipMode: 'Never', vxlanMode: 'Always' })),
    from: 'default/pod-1-1',
    to: 'default/pod-2-1',
    underlay: 148,
    protocols: 'eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:icmp:data',
    vxlanPort: 4789,
    vxlanDevice: { name: 'vxlan.calico', vni: 4096 },
  },
  {
    name: 'Flannel VXLAN (8472, seed 002)',
    state: () => preset('seed002-flannel-vxlan'),
    from: 'default/pod-client',
    to: 'default/pod-test',
    underlay: 148,
    protocols: 'eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:icmp:data',
    vxlanPort: 8472,
    vxlanDevice: { name: 'flannel.1', vni: 1 },
  },
];

describe.skipIf(!hasTshark && !CI)('tshark dissects the pcaps of real walks', () => {
  it('tshark is installed (the test command installs it)', () => {
    expect(hasTshark).toBe(true);
  });

  for (const c of CASES) {
    it(c.name, () => {
      const st = c.state();
      const from = c.from || `default/${st.pods.find((p) => p.node === 'node-2')!.name}`;
      const r = runWalk(st, { from, to: c.to, protocol: 'icmp', size: 56, reply: true });
      expect(r.verdict.kind).toBe('delivered');
      expect(r.reply?.verdict.kind).toBe('delivered');
      const dir = mkdtempSync(join(tmpdir(), 'cnilab-walk-'));
      const file = join(dir, 'walk.pcap');
      writeFileSync(file, pcapOf(r));
      const out = spawnSync(
        'tshark',
        ['-r', file, '-d', 'udp.port==8472,vxlan', '-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-T', 'fields', '-E', 'separator=|', '-e', 'frame.len', '-e', 'frame.protocols', '-e', 'ip.checksum.status', '-e', '_ws.malformed', '-e', '_ws.expert.severity', '-e', 'udp.dstport'],
        { encoding: 'utf8' },
      );
      expect(out.status, out.stderr).toBe(0);
      const rows = out.stdout.trim().split('\n').map((l) => l.split('|'));
      // veth segments (98 bytes) and the underlay segment(s), request and reply
      expect(rows.length).toBeGreaterThanOrEqual(4);
      for (const [len, protocols, ipStatus, malformed, severity] of rows) {
        expect(malformed, `${c.name}: malformed frame ${len} ${protocols}`).toBe('');
        expect(severity, `${c.name}: expert info on ${len} ${protocols}`).toBe('');
        for (const s of ipStatus.split(',')) expect(['1', '2', ''], `${c.name}: ip checksum status ${ipStatus}`).toContain(s);
        expect(ipStatus.split(',')).not.toContain('0');
      }
      const underlay = rows.filter(([len]) => Number(len) === c.underlay);
      expect(underlay.length, `${c.name}: underlay frames of ${c.underlay} bytes`).toBeGreaterThanOrEqual(2);
      for (const [, protocols] of underlay) expect(protocols).toBe(c.protocols);
      // the port on the wire as tshark reads it (with -d 8472 decoding, a VXLAN moved to the wrong port
      // would still dissect as VXLAN: only the port itself tells)
      if (c.vxlanPort !== undefined) for (const row of underlay) expect(row[5], `${c.name}: UDP destination port`).toBe(String(c.vxlanPort));
      else for (const row of underlay) expect(row[5], `${c.name}: no UDP in the underlay frame`).toBe('');
      // and the device the dataplane built for it: its port and VNI, on every node
      if (c.vxlanDevice) {
        const devs = Object.values(st.netns).flatMap((ns) => ns.links.filter((l) => l.name === c.vxlanDevice!.name));
        expect(devs.length, `${c.name}: a ${c.vxlanDevice.name} per node`).toBe(st.nodes.length);
        for (const d of devs) expect([d.vxlan?.port, d.vxlan?.vni]).toEqual([c.vxlanPort, c.vxlanDevice.vni]);
      }
      // the pods' own frames on their veths are plain 98-byte Ethernet/IPv4/ICMP
      expect(rows.some(([len, protocols]) => len === '98' && protocols === 'eth:ethertype:ip:icmp:data')).toBe(true);
    });
  }
});
