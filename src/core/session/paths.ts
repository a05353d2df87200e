// Field paths of `patch:` and `set:` actions: `spec.ipipMode`, `metadata.labels["route-reflector"]`,
// `networks[lan].mtu`, `nodes[1].interfaces[eth0].mtu`. A bracket after a list selects an item by index
// (digits) or by its `name`; after a mapping it is a key (for keys with dots or slashes). Writing creates
// missing mappings on the way; `null` removes the field, as a JSON merge patch does.

export type PathSeg = { kind: 'key'; key: string } | { kind: 'sel'; sel: string };

/** The segments of a path, or what is wrong with it. */
export function parseFieldPath(path: string): PathSeg[] | string {
  const segs: PathSeg[] = [];
  let i = 0;
  if (path === '') return 'the path is empty';
  while (i < path.length) {
    const c = path[i];
    if (c === '[') {
      let j = i + 1;
      let sel: string;
      if (path[j] === '"') {
        let k = j + 1;
        while (k < path.length && path[k] !== '"') k += path[k] === '\\' ? 2 : 1;
        if (k >= path.length) return `unclosed quote at character ${j + 1}`;
        try {
          sel = JSON.parse(path.slice(j, k + 1)) as string;
        } catch {
          return `bad quoted key at character ${j + 1}`;
        }
        j = k + 1;
        if (path[j] !== ']') return `expected "]" at character ${j + 1}`;
      } else {
        const k = path.indexOf(']', j);
        if (k < 0) return `unclosed "[" at character ${i + 1}`;
        sel = path.slice(j, k).trim();
        j = k;
      }
      if (sel === '') return `empty [] at character ${i + 1}`;
      segs.push({ kind: 'sel', sel });
      i = j + 1;
      if (i < path.length && path[i] !== '.' && path[i] !== '[') return `expected "." or "[" at character ${i + 1}`;
      if (path[i] === '.') {
        i++;
        if (i >= path.length) return 'the path ends with "."';
      }
      continue;
    }
    let j = i;
    while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
    const key = path.slice(i, j);
    if (key === '') return `empty field name at character ${i + 1}`;
    segs.push({ kind: 'key', key });
    i = j;
    if (path[i] === '.') {
      i++;
      if (i >= path.length) return 'the path ends with "."';
    }
  }
  return segs;
}

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function describeSeg(s: PathSeg): string {
  return s.kind === 'key' ? s.key : `[${s.sel}]`;
}

/**
 * Writes `value` at `segs` inside `root` (in place), creating mappings on the way. Returns an error
 * text when a list item does not exist or a scalar is in the way.
 */
export function writePath(root: Record<string, unknown>, segs: PathSeg[], value: unknown): string | undefined {
  let cur: unknown = root;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    const last = i === segs.length - 1;
    const where = segs.slice(0, i).map(describeSeg).join('.') || 'the top';
    if (Array.isArray(cur)) {
      if (seg.kind === 'key') return `${where} is a list: select an item with [index] or [name] before "${seg.key}"`;
      const idx = /^\d+$/.test(seg.sel) ? Number(seg.sel) : cur.findIndex((x) => isMapping(x) && x.name === seg.sel);
      if (idx < 0 || idx >= cur.length) {
        const names = cur.map((x, k) => (isMapping(x) && typeof x.name === 'string' ? x.name : String(k)));
        return `${where} has no item ${JSON.stringify(seg.sel)} (it has ${names.join(', ') || 'none'})`;
      }
      if (last) {
        if (value === null) cur.splice(idx, 1);
        else cur[idx] = value;
        return undefined;
      }
      cur = cur[idx];
      continue;
    }
    if (!isMapping(cur)) return `${where} is a value, not a mapping`;
    const key = seg.kind === 'key' ? seg.key : seg.sel;
    if (last) {
      if (value === null) delete cur[key];
      else Object.defineProperty(cur, key, { value, enumerable: true, writable: true, configurable: true });
      return undefined;
    }
    if (cur[key] === undefined || cur[key] === null) {
      if (segs[i + 1].kind === 'sel' && /^\d+$/.test((segs[i + 1] as { sel: string }).sel)) return `${[where, key].join('.')} does not exist`;
      Object.defineProperty(cur, key, { value: {}, enumerable: true, writable: true, configurable: true });
    }
    cur = cur[key];
  }
  return undefined;
}

/** A deep copy of plain data (YAML values). */
export function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clone) as T;
  if (isMapping(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) Object.defineProperty(out, k, { value: clone(v[k]), enumerable: true, writable: true, configurable: true });
    return out as T;
  }
  return v;
}
