import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kubectlGetPodsWide, PING_ICMP_TEXT, pingLines, pingTime, rttFor, ssBird, traceroute } from './tools';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/seed-output/${name}`, import.meta.url), 'utf8');
const trimLines = (s: string) => s.split('\n').map((l) => l.trimEnd()).join('\n');

describe('traceroute', () => {
  it('reproduces seed 004 (Linux traceroute in a pod, reverse-DNS name on hop 1)', () => {
    const out = traceroute(
      '10.244.5.194',
      [
        { hop: 1, addr: '192.168.26.71', rtts: [0.049, 0.009, 0.007] },
        { hop: 2, addr: '10.244.5.192', rtts: [0.477, 0.414, 0.378] },
        { hop: 3, addr: '10.244.5.194', rtts: [0.615, 0.577, 0.54] },
      ],
      { variant: 'linux', names: { '192.168.26.71': '192-168-26-71.kubernetes.default.svc.cluster.local' } },
    );
    expect(out).toBe(fixture('004_traceroute.txt'));
  });

  it('reproduces seed 000 (BusyBox, 46-byte packets) up to the spaces pasted after the last hop', () => {
    const out = traceroute(
      '172.20.84.129',
      [
        { hop: 1, addr: '192.168.2.26', rtts: [0.005, 0.006, 0.004] },
        { hop: 2, addr: '172.20.84.128', rtts: [0.212, 0.27, 1.071] },
        { hop: 3, addr: '172.20.84.129', rtts: [0.335, 0.572, 0.583] },
      ],
      { variant: 'busybox', names: { '192.168.2.26': '192-168-2-26.node-local-dns.kube-system.svc.cluster.local' } },
    );
    expect(out).toBe(trimLines(fixture('000_traceroute_busybox.txt')));
  });

  it('prints -n form, unanswered probes and unreachable markers', () => {
    const out = traceroute(
      '10.244.2.7',
      [
        { hop: 1, addr: '192.168.2.21', rtts: [0.05, null, 0.01] },
        { hop: 2, rtts: [] },
        { hop: 3, addr: '192.168.2.1', rtts: [1.5, 1.25, 1.0625], annotation: '!H' },
      ],
      { variant: 'linux', numeric: true },
    );
    expect(out).toBe(
      'traceroute to 10.244.2.7 (10.244.2.7), 30 hops max, 60 byte packets\n' +
        ' 1  192.168.2.21  0.050 ms *  0.010 ms\n' +
        ' 2  * * *\n' +
        // 1.0625 is exactly representable: %.3f rounds the tie to even (1.062), as glibc does
        ' 3  192.168.2.1  1.500 ms !H  1.250 ms !H  1.062 ms !H\n',
    );
  });

  it('right-aligns two-digit hop numbers', () => {
    expect(traceroute('1.1.1.1', [{ hop: 12, rtts: [] }], { variant: 'linux', maxHops: 64, packetSize: 52 })).toBe(
      'traceroute to 1.1.1.1 (1.1.1.1), 64 hops max, 52 byte packets\n12  * * *\n',
    );
  });
});

describe('rttFor', () => {
  it('is deterministic and depends on the seed key', () => {
    expect(rttFor(2, 1, 'lab-a')).toBe(rttFor(2, 1, 'lab-a'));
    const a = [0, 1, 2].map((p) => rttFor(3, p, 'lab-a'));
    const b = [0, 1, 2].map((p) => rttFor(3, p, 'lab-b'));
    expect(a).not.toEqual(b);
  });

  it('has the shape of the seeds: first probe slower, later hops slower', () => {
    for (const key of ['x', 'vms71/pod1→pod2', 'k8s-master']) {
      const h1 = [0, 1, 2].map((p) => rttFor(1, p, key));
      expect(h1[0]).toBeGreaterThanOrEqual(0.048);
      expect(h1[0]).toBeLessThanOrEqual(0.05);
      expect(h1[1]).toBeGreaterThanOrEqual(0.008);
      expect(h1[1]).toBeLessThanOrEqual(0.01);
      const h2 = rttFor(2, 1, key);
      const h3 = rttFor(3, 1, key);
      expect(h2).toBeGreaterThanOrEqual(0.3);
      expect(h2).toBeLessThanOrEqual(0.375);
      expect(h3).toBeGreaterThan(h2 - 0.0001);
      expect(Number.isInteger(Math.round(h3 * 1000))).toBe(true);
    }
  });
});

describe('ping', () => {
  it('reproduces seed 001 reply lines (three decimals below 1 ms, two from 1 to 10 ms)', () => {
    const out = pingLines(
      '10.244.169.163',
      [
        { kind: 'reply', seq: 1, ttl: 63, timeMs: 4.57 },
        { kind: 'reply', seq: 2, ttl: 63, timeMs: 0.306 },
        { kind: 'reply', seq: 3, ttl: 63, timeMs: 0.722 },
      ],
      { summary: false },
    );
    expect(out).toBe(fixture('001_ping.txt'));
  });

  it('reproduces seed 002 single pings', () => {
    const one = (timeMs: number) => pingLines('10.244.6.3', [{ kind: 'reply', seq: 1, ttl: 63, timeMs }], { summary: false });
    expect(one(0.493)).toBe(fixture('002_ping_ipip.txt'));
    expect(one(1.5)).toBe(fixture('002_ping_bgp.txt'));
  });

  it('prints the statistics block with integer-microsecond mdev', () => {
    const out = pingLines('10.244.169.163', [
      { kind: 'reply', seq: 1, ttl: 63, timeMs: 4.57 },
      { kind: 'reply', seq: 2, ttl: 63, timeMs: 0.306 },
      { kind: 'reply', seq: 3, ttl: 63, timeMs: 0.722 },
    ]);
    expect(out.split('\n').slice(4).join('\n')).toBe(
      '\n--- 10.244.169.163 ping statistics ---\n' +
        '3 packets transmitted, 3 received, 0% packet loss, time 2000ms\n' +
        'rtt min/avg/max/mdev = 0.306/1.866/4.570/1.919 ms\n',
    );
  });

  it('prints ICMP and local errors, counts them, and ends with an empty line when nothing came back', () => {
    const out = pingLines(
      '10.244.2.9',
      [
        { kind: 'icmp-error', seq: 1, from: '192.168.2.21', text: PING_ICMP_TEXT.fragNeeded(1450) },
        { kind: 'local-error', seq: 2, mtu: 1450 },
        { kind: 'lost', seq: 3 },
      ],
      { size: 1472 },
    );
    expect(out).toBe(
      'PING 10.244.2.9 (10.244.2.9) 1472(1500) bytes of data.\n' +
        'From 192.168.2.21 icmp_seq=1 Frag needed and DF set (mtu = 1450)\n' +
        'ping: local error: message too long, mtu=1450\n' +
        '\n--- 10.244.2.9 ping statistics ---\n' +
        '3 packets transmitted, 0 received, +2 errors, 100% packet loss, time 2000ms\n\n',
    );
  });

  it('prints fractional loss with %g', () => {
    const out = pingLines('10.0.0.1', [
      { kind: 'reply', seq: 1, ttl: 64, timeMs: 0.1 },
      { kind: 'lost', seq: 2 },
      { kind: 'reply', seq: 3, ttl: 64, timeMs: 0.1 },
    ]);
    expect(out).toContain('3 packets transmitted, 2 received, 33.3333% packet loss, time 2000ms\n');
    expect(out).toContain('rtt min/avg/max/mdev = 0.100/0.100/0.100/0.000 ms\n');
  });

  it('formats reply times like gather_statistics', () => {
    expect(pingTime(0.049)).toBe('0.049');
    expect(pingTime(12.34)).toBe('12.3');
    expect(pingTime(9.996)).toBe('10.0');
    expect(pingTime(123.4)).toBe('123');
  });
});

describe('ss -antp | grep bird', () => {
  it('reproduces seed 001 mesh sockets on all three nodes', () => {
    expect(
      ssBird([
        { local: '192.168.179.102', localPort: 179, peer: '192.168.179.104', peerPort: 36323, pid: 3517, fd: 8 },
        { local: '192.168.179.102', localPort: 179, peer: '192.168.179.103', peerPort: 33128, pid: 3517, fd: 9 },
      ]),
    ).toBe(fixture('001_ss_master.txt'));
    expect(
      ssBird([
        { local: '192.168.179.103', localPort: 179, peer: '192.168.179.104', peerPort: 41043, pid: 3098, fd: 8 },
        { local: '192.168.179.103', localPort: 33128, peer: '192.168.179.102', peerPort: 179, pid: 3098, fd: 9 },
      ]),
    ).toBe(fixture('001_ss_node1.txt'));
    expect(
      ssBird([
        { local: '192.168.179.104', localPort: 36323, peer: '192.168.179.102', peerPort: 179, pid: 2320, fd: 8 },
        { local: '192.168.179.104', localPort: 41043, peer: '192.168.179.103', peerPort: 179, pid: 2320, fd: 9 },
      ]),
    ).toBe(fixture('001_ss_node2.txt'));
  });

  it('reproduces seed 001 route-reflector sockets', () => {
    expect(ssBird([{ local: '192.168.179.102', localPort: 179, peer: '192.168.179.104', peerPort: 57580, pid: 3147, fd: 8 }])).toBe(
      fixture('001_ss_master_rr.txt'),
    );
    expect(
      ssBird([
        { local: '192.168.179.104', localPort: 179, peer: '192.168.179.103', peerPort: 49411, pid: 2320, fd: 8 },
        { local: '192.168.179.104', localPort: 47748, peer: '192.168.179.102', peerPort: 179, pid: 2320, fd: 9 },
      ]),
    ).toBe(fixture('001_ss_node2_rr.txt'));
  });

  it('pads ports to 18 columns (an IPv4 address is never shorter than the 7-column address field)', () => {
    expect(ssBird([{ local: '1.2.3.4', localPort: 179, peer: '10.0.0.1', peerPort: 5, pid: 1, fd: 3 }], { state: 'SYN-SENT' })).toBe(
      `SYN-SENT   0      0      1.2.3.4:179${' '.repeat(16)}10.0.0.1:5${' '.repeat(19)}users:(("bird",pid=1,fd=3))\n`,
    );
  });
});

describe('kubectl get pods -o wide', () => {
  it('matches seed 004 in the columns its author kept (NAME … NODE)', () => {
    const out = kubectlGetPodsWide([
      { name: 'pod1', ip: '10.244.118.193', node: 'vms71.rhce.cc', age: '3s' },
      { name: 'pod2', ip: '10.244.5.194', node: 'vms72.rhce.cc', age: '3s' },
    ]);
    const seed = [
      'NAME   READY   STATUS    RESTARTS   AGE   IP               NODE',
      'pod1   1/1     Running   0          3s    10.244.118.193   vms71.rhce.cc',
      'pod2   1/1     Running   0          3s    10.244.5.194     vms72.rhce.cc',
    ];
    const lines = out.split('\n');
    seed.forEach((s, i) => expect(lines[i].startsWith(s)).toBe(true));
    expect(out).toBe(
      'NAME   READY   STATUS    RESTARTS   AGE   IP               NODE            NOMINATED NODE   READINESS GATES\n' +
        'pod1   1/1     Running   0          3s    10.244.118.193   vms71.rhce.cc   <none>           <none>\n' +
        'pod2   1/1     Running   0          3s    10.244.5.194     vms72.rhce.cc   <none>           <none>\n',
    );
  });

  it('prints <none> for a pod without IP or node', () => {
    const out = kubectlGetPodsWide([{ name: 'pending-pod', status: 'Pending', ready: '0/1', age: '1s' }]);
    expect(out.split('\n')[1]).toBe('pending-pod   0/1     Pending   0          1s    <none>   <none>   <none>           <none>');
  });
});

describe('render tools: edges', () => {
  it('traceroute: a hop with no address is "* * *" whatever its times; missing probes are "*"; a name defaults to the address', () => {
    const out = traceroute(
      '10.0.0.9',
      [
        { hop: 1, addr: '10.0.0.1', rtts: [0.25] },
        { hop: 2, rtts: [0.5, 0.5, 0.5] },
      ],
      { variant: 'linux' },
    );
    expect(out.split('\n').slice(1)).toEqual([' 1  10.0.0.1 (10.0.0.1)  0.250 ms * *', ' 2  * * *', '']);
  });

  it('rttFor hashes the seed key as UTF-8: one-, two-, three- and four-byte characters and their boundaries', () => {
    // expected: FNV-1a-32 over Python's s.encode('utf-8') and the documented formula (hop 40, probe 1:
    // 6.000 × (1 + 0.25 × hash/2^32)), computed outside this code base
    const keys: [string, number][] = [
      ['\x7f', 6.034],
      ['\x80', 6.74],
      ['\u07ff', 7.34],
      ['\u0800', 7.355],
      ['\uffff', 6.952],
      ['\u{10000}', 6.322],
      ['é', 6.154],
      ['中', 7.094],
      ['😀', 6.762],
    ];
    for (const [key, rtt] of keys) expect(rttFor(40, 1, key), JSON.stringify(key)).toBe(rtt);
  });

  it('pingTime switches decimals exactly at iputils\' thresholds (99950, 9995 and 1000 µs)', () => {
    expect(pingTime(99.95)).toBe('100');
    expect(pingTime(99.949)).toBe('99.9');
    expect(pingTime(9.995)).toBe('10.0');
    expect(pingTime(1)).toBe('1.00');
    expect(pingTime(1.04)).toBe('1.04');
    expect(pingTime(0.999)).toBe('0.999');
  });

  it('ping: sendmsg errors are printed but not counted; nothing sent prints no loss', () => {
    const out = pingLines('10.0.0.2', [{ kind: 'send-error', seq: 1, message: 'No buffer space available' }, { kind: 'lost', seq: 2 }]);
    expect(out).toBe(
      'PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.\n' +
        'ping: sendmsg: No buffer space available\n' +
        '\n--- 10.0.0.2 ping statistics ---\n' +
        '2 packets transmitted, 0 received, 100% packet loss, time 1000ms\n\n',
    );
    expect(pingLines('10.0.0.2', [])).toBe('PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.\n\n--- 10.0.0.2 ping statistics ---\n0 packets transmitted, 0 received\n\n');
  });

  it('ping statistics: min and max wherever they are; mdev by finish()\'s two formulas (tsum below INT_MAX µs or not)', () => {
    const stats = (times: number[]) =>
      pingLines('10.0.0.3', times.map((timeMs, i) => ({ kind: 'reply' as const, seq: i + 1, ttl: 64, timeMs }))).trimEnd().split('\n').pop();
    // 500, 900, 700 µs: var = (1550000 − 4410000/3)/3 = 26666, √ → 163
    expect(stats([0.5, 0.9, 0.7])).toBe('rtt min/avg/max/mdev = 0.500/0.700/0.900/0.163 ms');
    // 1 and 2 µs: (5 − 9/2)/2 = 0 in integers, where tsum2/n − avg² would give 1
    expect(stats([0.001, 0.002])).toBe('rtt min/avg/max/mdev = 0.001/0.001/0.002/0.000 ms');
    // tsum = 2147483647 = INT_MAX: the second formula, tsum2/n − avg² = 1073741823, √ → 32767
    expect(stats([1073741.823, 1073741.824])).toBe('rtt min/avg/max/mdev = 1073741.823/1073741.823/1073741.824/32.767 ms');
    // 1100000000 and 1100000001 µs: tsum2/n − avg² = 1100000000, √ → 33166 (the first formula would say 0)
    expect(stats([1100000, 1100000.001])).toBe('rtt min/avg/max/mdev = 1100000.000/1100000.000/1100000.001/33.166 ms');
  });

  it('kubectl get pods -A: a pod without a namespace is in default', () => {
    expect(kubectlGetPodsWide([{ name: 'a' }], { allNamespaces: true, wide: false })).toBe(
      'NAMESPACE   NAME   READY   STATUS    RESTARTS   AGE\n' + 'default     a      1/1     Running   0          5m\n',
    );
  });
});
