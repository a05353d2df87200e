// cnilab/v1 Fault: something broken on purpose — a node or router down, a link down, or a filter
// dropping traffic between two networks. Each type needs its own fields, and they must name things
// the Topology has.

import type { Fault } from '../model/scenario';
import { finishRoot, listOrNone, readMeta, specOf, type Build, type Doc } from './build';

const TYPES = ['nodeDown', 'linkDown', 'routerDown', 'filter'] as const;
const NEEDS: Record<Fault['type'], readonly ('node' | 'iface' | 'router' | 'filter')[]> = {
  nodeDown: ['node'],
  linkDown: ['node', 'iface'],
  routerDown: ['router'],
  filter: ['filter'],
};

export function readFault(doc: Doc, b: Build): void {
  const meta = readMeta(doc, { namespaced: false, rule: 'free', what: 'Fault' });
  const spec = specOf(doc, true);
  const type = spec.oneOf('type', TYPES, true);
  const node = spec.str('node');
  const iface = spec.str('iface');
  const router = spec.str('router');
  const ff = spec.map('filter');
  let filter: Fault['filter'];
  if (ff) {
    const between = ff.strList('between', true);
    const protocol = ff.oneOf('protocol', ['TCP', 'UDP', 'ICMP'] as const, true);
    const port = ff.int('port', { min: 1, max: 65535 });
    ff.done();
    let ok = true;
    if (between && between.length !== 2) {
      b.rep.error('E119', ff.where('between'), `${ff.at('between')} lists ${between.length} networks`, 'exactly two network names');
      ok = false;
    } else if (between) {
      between.forEach((n, i) => {
        if (b.hasTopology && !b.networkNames.has(n)) {
          b.rep.error('E202', { res: doc.res, path: `${ff.at('between')}[${i}]` }, `${ff.at('between')}[${i}]: network ${JSON.stringify(n)} is not declared in the Topology`, listOrNone([...b.networkNames]));
          ok = false;
        }
      });
      if (between[0] === between[1]) {
        b.rep.error('E119', ff.where('between'), `${ff.at('between')} names ${between[0]} twice`, 'two different networks');
        ok = false;
      }
    }
    if (port !== undefined && protocol === 'ICMP') {
      b.rep.error('E120', ff.where('port'), `${ff.at('port')} cannot be set with protocol ICMP (ICMP has no ports)`, 'port with TCP or UDP only');
      ok = false;
    }
    if (ok && between && protocol) {
      filter = { between: [between[0], between[1]], protocol };
      if (port !== undefined) filter.port = port;
    }
  }
  spec.done();
  finishRoot(doc, spec);
  if (type === undefined) return;

  const given = { node, iface, router, filter: ff ? {} : undefined };
  for (const k of NEEDS[type]) {
    if (given[k] === undefined) spec.missing(k, `a ${type} fault needs ${NEEDS[type].join(' and ')}`);
  }
  for (const k of ['node', 'iface', 'router', 'filter'] as const) {
    if (given[k] !== undefined && !NEEDS[type].includes(k)) b.rep.warn('W108', spec.where(k), `spec.${k} has no effect on a ${type} fault`);
  }
  let ok = NEEDS[type].every((k) => given[k] !== undefined);
  if (node !== undefined && NEEDS[type].includes('node')) ok = b.checkNode(node, spec.where('node'), 'spec.node') && ok;
  if (router !== undefined && type === 'routerDown' && b.hasTopology && !b.routers.has(router)) {
    b.rep.error('E209', spec.where('router'), `spec.router ${JSON.stringify(router)} is not a router of the Topology`, listOrNone([...b.routers.keys()]));
    ok = false;
  }
  if (iface !== undefined && type === 'linkDown' && node !== undefined) {
    const n = b.nodes.get(node);
    if (n && !n.node.interfaces.some((i) => i.name === iface)) {
      b.rep.error('E210', spec.where('iface'), `spec.iface ${JSON.stringify(iface)} is not an interface of node ${node}`, listOrNone(n.node.interfaces.map((i) => i.name)));
      ok = false;
    }
  }
  if (type === 'filter' && !filter) ok = false;
  if (!ok || meta.name === undefined) return;
  if (!b.unique(`Fault/${meta.name}`, { res: doc.res, path: 'metadata.name' }, `Fault ${JSON.stringify(meta.name)}`)) return;
  const fault: Fault = { name: meta.name, type };
  if (NEEDS[type].includes('node') && node !== undefined) fault.node = node;
  if (type === 'linkDown' && iface !== undefined) fault.iface = iface;
  if (type === 'routerDown' && router !== undefined) fault.router = router;
  if (filter) fault.filter = filter;
  b.out.faults.push(fault);
  b.ref('Fault', meta.name, doc.res);
}
