// Syntax of IP_AUTODETECTION_METHOD as calico-node reads it (autodetection_methods.go): the method
// prefixes are case-sensitive; list values are split on commas and trimmed; an unknown method is
// fatal for calico-node, so it is an error here. Only the syntax is checked: which address a method
// picks on which node is core/autodetect's job.

import { compileGoRegex } from '../util/goRegex';
import { cidrProblem, ipProblem } from './net';

export const AUTODETECT_METHODS = 'first-found, kubernetes-internal-ip, can-reach=IP, interface=REGEX[,REGEX], skip-interface=REGEX[,REGEX], cidr=CIDR[,CIDR]';

/** Why the method string would stop calico-node, or undefined when it is valid. */
export function autodetectProblem(method: string): string | undefined {
  if (method === '' || method === 'first-found' || method === 'kubernetes-internal-ip') return undefined;
  const eq = method.indexOf('=');
  const prefix = eq < 0 ? method : method.slice(0, eq);
  const value = eq < 0 ? '' : method.slice(eq + 1);
  switch (prefix) {
    case 'can-reach': {
      const dest = value.trim();
      if (dest === '') return 'can-reach= needs a destination address';
      const why = ipProblem(dest);
      // Real calico-node also accepts a DNS name; the lab has no DNS, so it needs an address.
      return why ? `can-reach=${dest}: ${why} (host names cannot be resolved in the lab; use an IPv4 address)` : undefined;
    }
    case 'interface':
    case 'skip-interface':
      return listProblem(prefix, value, (item) => {
        try {
          compileGoRegex(item);
          return undefined;
        } catch (e) {
          return (e as Error).message;
        }
      });
    case 'cidr':
      return listProblem(prefix, value, (item) => {
        const why = cidrProblem(item);
        return why ? `${JSON.stringify(item)} is not a CIDR: ${why}` : undefined;
      });
    default:
      return `${JSON.stringify(method)} is not an IP autodetection method`;
  }
}

function listProblem(prefix: string, value: string, check: (item: string) => string | undefined): string | undefined {
  const items = value.split(',').map((s) => s.trim());
  if (items.every((s) => s === '')) return `${prefix}= needs at least one value`;
  for (const item of items) {
    if (item === '') return `${prefix}=${value}: empty list item`;
    const why = check(item);
    if (why) return `${prefix}=: ${why}`;
  }
  return undefined;
}
