// The `extraRoutes` extension holds routes in `ip route` syntax, as a distribution adds them
// ("169.254.0.0/16 dev ens33 scope link metric 1000"). Only the subset iproute2 prints for such
// routes is read; this checks the syntax and that `dev` names an interface of the node.

import { parseCidrLoose, parseIp } from '../util/ipv4';
import { cidrProblem, ipProblem } from './net';

const TYPES = ['unicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'local', 'broadcast', 'multicast'];
const WITH_ARG = ['via', 'dev', 'proto', 'scope', 'src', 'metric', 'mtu', 'table'];
const FLAGS = ['onlink', 'linkdown'];
const SCOPES = ['host', 'link', 'global', 'universe', 'site', 'nowhere'];

export interface RouteLineProblem {
  code: 'E119' | 'E210';
  detail: string;
}

export function routeLineProblems(line: string, ifaces: ReadonlySet<string>): RouteLineProblem[] {
  const bad = (detail: string): RouteLineProblem => ({ code: 'E119', detail });
  const t = line.trim().split(/\s+/).filter((x) => x !== '');
  if (t.length === 0) return [bad('the route is empty')];
  let i = 0;
  const type = TYPES.includes(t[0]) ? t[i++] : 'unicast';
  const dest = t[i++];
  if (dest === undefined) return [bad('the destination is missing')];
  const out: RouteLineProblem[] = [];
  if (dest !== 'default') {
    const c = parseCidrLoose(dest);
    if (!c) out.push(bad(`destination ${JSON.stringify(dest)}: ${dest.includes('/') ? cidrProblem(dest) : ipProblem(dest)}`));
    else if (dest.includes('/')) {
      const mask = c.prefixLen === 0 ? 0 : (0xffffffff << (32 - c.prefixLen)) >>> 0;
      if (((c.ip & mask) >>> 0) !== c.ip) out.push(bad(`destination ${dest} has host bits set (ip route refuses it: "Invalid prefix for given prefix length")`));
    }
  }
  let hasDev = false;
  let hasVia = false;
  while (i < t.length) {
    const kw = t[i++];
    if (FLAGS.includes(kw)) continue;
    if (!WITH_ARG.includes(kw)) {
      out.push(bad(`unknown keyword ${JSON.stringify(kw)} (known: ${[...WITH_ARG, ...FLAGS].join(', ')})`));
      break;
    }
    const arg = t[i++];
    if (arg === undefined) {
      out.push(bad(`${kw} needs a value`));
      break;
    }
    if (kw === 'via' || kw === 'src') {
      if (kw === 'via') hasVia = true;
      if (parseIp(arg) === undefined) out.push(bad(`${kw} ${JSON.stringify(arg)}: ${ipProblem(arg)}`));
    } else if (kw === 'dev') {
      hasDev = true;
      if (!ifaces.has(arg)) out.push({ code: 'E210', detail: `dev ${JSON.stringify(arg)} is not an interface of this node (interfaces: ${[...ifaces].join(', ')})` });
    } else if (kw === 'metric' || kw === 'mtu' || kw === 'table') {
      if (!/^\d+$/.test(arg) && !(kw === 'table' && /^[a-z]+$/.test(arg))) out.push(bad(`${kw} ${JSON.stringify(arg)} is not a number`));
    } else if (kw === 'scope') {
      if (!SCOPES.includes(arg) && !/^\d+$/.test(arg)) out.push(bad(`scope ${JSON.stringify(arg)} (known: ${SCOPES.join(', ')})`));
    } else if (kw === 'proto') {
      if (!/^([a-z][a-z0-9._-]*|\d{1,3})$/.test(arg)) out.push(bad(`proto ${JSON.stringify(arg)} is not a protocol name or number`));
    }
  }
  if (type === 'unicast' && !hasDev && !hasVia && out.length === 0) out.push(bad('a unicast route needs `dev IFACE` or `via ADDRESS`'));
  return out;
}
