// A node's own view, which the API server does not hold: the output of `ip -o addr` (and, when the user
// adds them, `ip -o link` and `ip route`; the multi-line `ip addr` / `ip link` forms read too). It gives the
// NICs in ifindex order with their names, addresses, MTUs and MACs, the default gateway and the routes the
// distribution adds. A file is one node's: named NODE.ip-addr.txt, or starting with `# node: NAME`.

import { LabError } from '../model/errors';
import { parseCidrLoose, parseIp } from '../util/ipv4';
import type { DumpFile } from './types';

export interface NodeLink {
  index: number;
  name: string;
  mtu?: number;
  mac?: string;
  /** NO-CARRIER: up without a carrier (docker0 with no containers) */
  noCarrier?: boolean;
  /** ip/prefix, in the order printed */
  addrs: string[];
}

export interface NodeRoute {
  line: number;
  text: string;
  dst: string;
  via?: string;
  dev?: string;
  proto?: string;
  metric?: number;
  linkdown: boolean;
}

export interface NodeFile {
  node: string;
  file: string;
  links: NodeLink[];
  routes: NodeRoute[];
}

const SUFFIX = '.ip-addr.txt';

/** The node a file is about, or undefined when it is not a node file (then it is a dump). */
export function nodeFileOwner(f: DumpFile): string | undefined {
  const first = f.text.split('\n').find((l) => l.trim() !== '');
  const m = first?.match(/^#\s*node:\s*(\S+)\s*$/);
  if (m) return m[1];
  const base = f.name.split(/[\\/]/).pop() ?? f.name;
  return base.endsWith(SUFFIX) && base.length > SUFFIX.length ? base.slice(0, -SUFFIX.length) : undefined;
}

const LINK = /^(\d+):\s+([^\s:@]+)(?:@\S+)?:\s+<([^>]*)>(.*)$/;
const OADDR = /^(\d+):\s+([^\s:]+)\s+(inet6?)\s+(\S+)/;
const ROUTE = /^(default|blackhole|unreachable|prohibit|local|broadcast|\d+\.\d+\.\d+\.\d+(?:\/\d+)?)(\s|$)/;

export function readNodeFile(f: DumpFile, node: string, errors: LabError[]): NodeFile {
  const out: NodeFile = { node, file: f.name, links: [], routes: [] };
  const byIndex = new Map<number, NodeLink>();
  const link = (index: number, name: string) => {
    let l = byIndex.get(index);
    if (!l) {
      l = { index, name, addrs: [] };
      byIndex.set(index, l);
      out.links.push(l);
    }
    return l;
  };
  const bad = (line: number, what: string) => errors.push(new LabError('E906', what, { file: f.name, line, path: '' }, '`ip -o addr`, `ip -o link` or `ip route` output as printed'));
  const addAddr = (l: NodeLink, value: string, line: number) => {
    const p = parseCidrLoose(value);
    if (!p) return bad(line, `"${value}" on ${l.name} is not an IPv4 address with a prefix length`);
    l.addrs.push(value);
  };
  let current: NodeLink | undefined;
  f.text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const text = raw.replace(/\r$/, '');
    const t = text.trim();
    // comments, the commands themselves and shell prompts are not output
    if (t === '' || t.startsWith('#') || /^(.*[$#]\s+)?(sudo\s+)?ip(\s|$)/.test(t)) return;
    let m = text.match(LINK);
    if (m) {
      current = link(Number(m[1]), m[2]);
      const flags = m[3].split(',');
      if (flags.includes('NO-CARRIER')) current.noCarrier = true;
      const mtu = m[4].match(/\bmtu (\d+)/);
      if (mtu) current.mtu = Number(mtu[1]);
      const mac = m[4].match(/link\/ether ([0-9a-fA-F:]{17})/);
      if (mac) current.mac = mac[1].toLowerCase();
      return;
    }
    m = text.match(OADDR);
    if (m) {
      current = link(Number(m[1]), m[2]);
      if (m[3] === 'inet') addAddr(current, m[4], line);
      return;
    }
    if (/^\s/.test(text)) {
      const inet = t.match(/^inet\s+(\S+)/);
      if (inet) {
        if (!current) return bad(line, 'an inet line before any interface line');
        return addAddr(current, inet[1], line);
      }
      const ether = t.match(/^link\/ether ([0-9a-fA-F:]{17})/);
      if (ether && current) current.mac = ether[1].toLowerCase();
      // inet6, valid_lft, altname, link/ipip … say nothing the lab needs
      return;
    }
    m = t.match(ROUTE);
    if (m) {
      const words = t.split(/\s+/);
      const after = (k: string) => {
        const j = words.indexOf(k);
        return j >= 0 ? words[j + 1] : undefined;
      };
      const dst = words[0] === 'blackhole' || words[0] === 'unreachable' || words[0] === 'prohibit' ? words[1] ?? '' : words[0];
      if (dst !== 'default' && !parseCidrLoose(dst.includes('/') ? dst : `${dst}/32`)) return bad(line, `route destination "${dst}" is not an IPv4 address or CIDR`);
      const via = after('via');
      if (via !== undefined && parseIp(via) === undefined) return bad(line, `route gateway "${via}" is not an IPv4 address`);
      const metric = after('metric');
      out.routes.push({
        line,
        text: t,
        dst,
        ...(via ? { via } : {}),
        ...(after('dev') ? { dev: after('dev') } : {}),
        ...(after('proto') ? { proto: after('proto') } : {}),
        ...(metric !== undefined && /^\d+$/.test(metric) ? { metric: Number(metric) } : {}),
        linkdown: words.includes('linkdown'),
      });
      return;
    }
    bad(line, `"${t.length > 60 ? `${t.slice(0, 60)}…` : t}" is not a line of ip addr, ip link or ip route output`);
  });
  out.links.sort((a, b) => a.index - b.index);
  return out;
}
