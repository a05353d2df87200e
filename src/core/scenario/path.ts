// Field paths as errors print them: `spec.nodes[1].interfaces[0].ip`. Keys that are not plain
// identifiers (label keys such as `kubernetes.io/metadata.name`) are written in brackets with JSON
// quotes, so a path can always be split back into its segments.

export type Segment = string | number;

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

export function joinPath(base: string, seg: Segment): string {
  if (typeof seg === 'number') return `${base}[${seg}]`;
  if (PLAIN_KEY.test(seg)) return base === '' ? seg : `${base}.${seg}`;
  return `${base}[${JSON.stringify(seg)}]`;
}

/** Joins a resource's base path (`items[2]`) and a path inside the resource (`spec.cidr`). */
export function concatPath(base: string, rest: string): string {
  if (base === '') return rest;
  if (rest === '') return base;
  return rest.startsWith('[') ? `${base}${rest}` : `${base}.${rest}`;
}

/** Splits a path into segments; returns undefined for a malformed path. */
export function parsePath(path: string): Segment[] | undefined {
  const segs: Segment[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      if (i === 0 || i === path.length - 1) return undefined;
      i++;
      continue;
    }
    if (c === '[') {
      const close = findClose(path, i);
      if (close < 0) return undefined;
      const inner = path.slice(i + 1, close);
      if (/^\d+$/.test(inner)) segs.push(Number(inner));
      else if (inner.startsWith('"')) {
        try {
          const k: unknown = JSON.parse(inner);
          if (typeof k !== 'string') return undefined;
          segs.push(k);
        } catch {
          return undefined;
        }
      } else return undefined;
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
    segs.push(path.slice(i, j));
    i = j;
  }
  return segs;
}

function findClose(path: string, open: number): number {
  let inString = false;
  for (let k = open + 1; k < path.length; k++) {
    const ch = path[k];
    if (inString) {
      if (ch === '\\') k++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === ']') return k;
  }
  return -1;
}
