// Names are plain text: kept exactly as written (never trimmed, escaped or case-folded; the UI renders
// them as text). What is checked is what would stop the real system from accepting them.

import type { Fields } from './fields';

const CONTROL = /[\u0000-\u001f\u007f]/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export type NameRule = 'subdomain' | 'label' | 'free';

/** Why a name cannot be used at all, or undefined. */
export function nameProblem(name: string): string | undefined {
  if (name === '') return 'the name is empty';
  if (CONTROL.test(name)) return 'the name contains a control character (newline, tab, ...)';
  if (name.length > 253) return `the name is ${name.length} characters long (at most 253)`;
  return undefined;
}

/**
 * Reads a required name field. Errors for names nothing could use; a warning for names Kubernetes
 * would reject (RFC 1123), because the lab still shows them faithfully.
 */
export function nameField(f: Fields, key: string, rule: NameRule, what: string): string | undefined {
  const name = f.str(key, true, `the ${what} name`);
  if (name === undefined) return undefined;
  const problem = nameProblem(name);
  if (problem) {
    f.rep.error('E111', f.where(key), `${f.at(key)}: ${problem}`, 'a non-empty name without control characters');
    return undefined;
  }
  if (rule !== 'free') {
    const ok = rule === 'label' ? DNS1123_LABEL.test(name) && name.length <= 63 : DNS1123_SUBDOMAIN.test(name);
    if (!ok) {
      f.rep.warn(
        'W106',
        f.where(key),
        `${f.at(key)}: ${JSON.stringify(name)} is not a valid ${rule === 'label' ? 'RFC 1123 label' : 'RFC 1123 subdomain'}; Kubernetes would reject it (kept as written)`,
      );
    }
  }
  return name;
}

/** Linux interface names: 1-15 bytes, no "/", no whitespace, not "." or ".." (dev_valid_name). */
export function ifaceNameProblem(name: string): string | undefined {
  if (name === '') return 'the name is empty';
  if (utf8Length(name) > 15) return `"${name}" is longer than 15 bytes (Linux IFNAMSIZ)`;
  if (name === '.' || name === '..') return `"${name}" is not a valid interface name`;
  if (/[/\s:]/.test(name)) return `"${name}" contains "/", ":" or whitespace`;
  if (CONTROL.test(name)) return 'the name contains a control character';
  return undefined;
}

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}
