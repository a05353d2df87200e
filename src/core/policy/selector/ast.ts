// Calico selector expressions as a small tree, evaluated against a label map.
// Mirrors libcalico-go/lib/selector/parser/ast.go: every node kind there has one here, with the
// same truth table (notably `!=` and `not in` are TRUE when the label is absent).

export type Labels = Readonly<Record<string, string>>;

export type Selector =
  | { kind: 'all' }
  /** global(): "not in any namespace". Only meaningful inside a namespaceSelector (see README). */
  | { kind: 'global' }
  | { kind: 'has'; label: string }
  | { kind: 'eq'; label: string; value: string }
  | { kind: 'ne'; label: string; value: string }
  | { kind: 'contains'; label: string; value: string }
  | { kind: 'startsWith'; label: string; value: string }
  | { kind: 'endsWith'; label: string; value: string }
  | { kind: 'in'; label: string; values: readonly string[] }
  | { kind: 'notIn'; label: string; values: readonly string[] }
  | { kind: 'not'; operand: Selector }
  | { kind: 'and'; operands: readonly Selector[] }
  | { kind: 'or'; operands: readonly Selector[] };

export const ALL: Selector = { kind: 'all' };

function has(labels: Labels, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, key);
}

/** Does `sel` select an endpoint carrying `labels`? */
export function matches(sel: Selector, labels: Labels): boolean {
  switch (sel.kind) {
    case 'all':
    case 'global': // like Calico's GlobalNode.Evaluate: true; namespace contexts rewrite it first
      return true;
    case 'has':
      return has(labels, sel.label);
    case 'eq':
      return has(labels, sel.label) && labels[sel.label] === sel.value;
    case 'ne':
      return !has(labels, sel.label) || labels[sel.label] !== sel.value;
    case 'contains':
      return has(labels, sel.label) && labels[sel.label].includes(sel.value);
    case 'startsWith':
      return has(labels, sel.label) && labels[sel.label].startsWith(sel.value);
    case 'endsWith':
      return has(labels, sel.label) && labels[sel.label].endsWith(sel.value);
    case 'in':
      return has(labels, sel.label) && sel.values.includes(labels[sel.label]);
    case 'notIn':
      return !has(labels, sel.label) || !sel.values.includes(labels[sel.label]);
    case 'not':
      return !matches(sel.operand, labels);
    case 'and':
      for (const o of sel.operands) if (!matches(o, labels)) return false;
      return true;
    case 'or':
      for (const o of sel.operands) if (matches(o, labels)) return true;
      return false;
  }
}

function quote(s: string): string {
  // Calico's collectFragments: single quotes only when the value itself holds a double quote.
  return s.includes('"') ? `'${s}'` : `"${s}"`;
}

/** Canonical text, as Calico's Selector.String() prints it (and/or groups parenthesised). */
export function selectorToString(sel: Selector): string {
  switch (sel.kind) {
    case 'all':
      return 'all()';
    case 'global':
      return 'global()';
    case 'has':
      return `has(${sel.label})`;
    case 'eq':
      return `${sel.label} == ${quote(sel.value)}`;
    case 'ne':
      return `${sel.label} != ${quote(sel.value)}`;
    case 'contains':
      return `${sel.label} contains ${quote(sel.value)}`;
    case 'startsWith':
      return `${sel.label} starts with ${quote(sel.value)}`;
    case 'endsWith':
      return `${sel.label} ends with ${quote(sel.value)}`;
    case 'in':
    case 'notIn': {
      // Calico stores set literals sorted and de-duplicated (ConvertToStringSetInPlace).
      const vals = [...new Set(sel.values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return `${sel.label} ${sel.kind === 'in' ? 'in' : 'not in'} {${vals.map(quote).join(', ')}}`;
    }
    case 'not':
      return `!${selectorToString(sel.operand)}`;
    case 'and':
      return `(${sel.operands.map(selectorToString).join(' && ')})`;
    case 'or':
      return `(${sel.operands.map(selectorToString).join(' || ')})`;
  }
}

/**
 * Rewrites label names with a prefix, as Calico's PrefixVisitor does when a namespaceSelector
 * (prefix "pcns.") or a service-account selector (prefix "pcsa.") is folded into an endpoint
 * selector. `all()` / `global()` are replaced by the given nodes (Calico does the same by text
 * replacement in updateprocessors/rules.go).
 */
export function prefixLabels(
  sel: Selector,
  prefix: string,
  replaceAll: Selector = ALL,
  replaceGlobal: Selector = { kind: 'global' },
): Selector {
  const rec = (s: Selector): Selector => {
    switch (s.kind) {
      case 'all':
        return replaceAll;
      case 'global':
        return replaceGlobal;
      case 'has':
        return { ...s, label: prefix + s.label };
      case 'eq':
      case 'ne':
      case 'contains':
      case 'startsWith':
      case 'endsWith':
        return { ...s, label: prefix + s.label };
      case 'in':
      case 'notIn':
        return { ...s, label: prefix + s.label };
      case 'not':
        return { kind: 'not', operand: rec(s.operand) };
      case 'and':
        return { kind: 'and', operands: s.operands.map(rec) };
      case 'or':
        return { kind: 'or', operands: s.operands.map(rec) };
    }
  };
  return rec(sel);
}

/** AND of the given selectors, dropping all() terms (all() && x == x). */
export function and(...parts: Selector[]): Selector {
  const ops: Selector[] = [];
  for (const p of parts) {
    if (p.kind === 'all') continue;
    if (p.kind === 'and') ops.push(...p.operands);
    else ops.push(p);
  }
  if (ops.length === 0) return ALL;
  if (ops.length === 1) return ops[0];
  return { kind: 'and', operands: ops };
}
