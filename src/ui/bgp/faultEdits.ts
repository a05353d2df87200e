// Faults (cnilab/v1 Fault) as scenario edits: a toggle adds the fault or removes the one already there.
// Pure; the store's apply() rebuilds the lab, and undo brings the previous scenario back.
import type { Fault, Scenario } from '../../core/model/scenario';
import type { Edit } from '../../store/edits';

/** What makes two faults the same fault (their names aside). */
export function faultId(f: Omit<Fault, 'name'>): string {
  if (f.type === 'filter' && f.filter) {
    const [a, b] = [...f.filter.between].sort();
    return `filter|${a}|${b}|${f.filter.protocol}|${f.filter.port ?? ''}`;
  }
  return `${f.type}|${f.node ?? ''}|${f.iface ?? ''}|${f.router ?? ''}`;
}

export function faultLabel(f: Omit<Fault, 'name'>): string {
  switch (f.type) {
    case 'nodeDown':
      return `node down ${f.node}`;
    case 'linkDown':
      return `link down ${f.node} ${f.iface}`;
    case 'routerDown':
      return `router down ${f.router}`;
    case 'filter':
      return `filter ${f.filter!.protocol}${f.filter!.port !== undefined ? ` ${f.filter!.port}` : ''} between ${f.filter!.between.join(' and ')}`;
  }
}

function faultName(f: Omit<Fault, 'name'>): string {
  const base = faultLabel(f)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return base.slice(0, 60) || 'fault';
}

export function hasFault(s: Scenario, f: Omit<Fault, 'name'>): boolean {
  const id = faultId(f);
  return s.faults.some((x) => faultId(x) === id);
}

/** Adds the fault, or removes it when the scenario already has it. */
export function toggleFault(f: Omit<Fault, 'name'>): Edit {
  const id = faultId(f);
  return {
    label: faultLabel(f),
    apply(src) {
      const s = structuredClone(src);
      const existing = s.faults.filter((x) => faultId(x) === id);
      if (existing.length) {
        s.faults = s.faults.filter((x) => faultId(x) !== id);
        for (const x of existing) delete s.refs[`Fault/${x.name}`];
        return s;
      }
      let name = faultName(f);
      for (let i = 2; s.faults.some((x) => x.name === name); i++) name = `${faultName(f)}-${i}`;
      s.faults.push({ name, ...structuredClone(f) });
      s.refs[`Fault/${name}`] = { kind: 'Fault', name, doc: -1 };
      return s;
    },
  };
}
