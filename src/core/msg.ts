// Messages: the core's human sentences as a stable id plus parameters, so a front end can show them in
// another language while the core stays language-free in its logic. The core keeps one English
// template per id (the only source of its English text: CLI output and tests read the rendered
// string); src/i18n holds the other languages' templates under the same ids.
//
// A template is plain text with {name} holes. An argument is a string or number put in verbatim
// (addresses, device names, route lines, tool output: never translated), or another Msg rendered in
// the same language (a clause that is itself a sentence).

export type MsgArg = string | number | Msg;

export interface Msg {
  id: string;
  args: Record<string, MsgArg>;
}

/** The hole names of a template literal type: Holes<'{a} to {b}'> = 'a' | 'b'. */
export type Holes<S extends string> = S extends `${string}{${infer H}}${infer R}` ? H | Holes<R> : never;

/** The arguments a template takes: exactly its holes. */
export type ArgsOf<S extends string> = { [K in Holes<S>]: MsgArg };

/** The hole names of a template at run time, sorted (for the tests comparing languages). */
export function holesOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

// Every walk hop renders two templates: splitting each template once (text, hole, text, …) and joining
// is several times cheaper than a regex replace per call. Bounded: templates are a catalogue's few hundred.
const compiled = new Map<string, string[]>();

function compile(template: string): string[] {
  let parts = compiled.get(template);
  if (parts) return parts;
  parts = [];
  let last = 0;
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    parts.push(template.slice(last, m.index), m[1]);
    last = m.index + m[0].length;
  }
  parts.push(template.slice(last));
  if (compiled.size > 5_000) compiled.clear();
  compiled.set(template, parts);
  return parts;
}

/** Fills a template's holes; nested messages are rendered by `render`, unknown holes are kept. */
export function fill(template: string, args: Record<string, MsgArg>, render: (m: Msg) => string): string {
  const parts = compile(template);
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i];
    if (k in args) {
      const v = args[k];
      out += typeof v === 'object' ? render(v) : String(v);
    } else out += `{${k}}`;
    out += parts[i + 1];
  }
  return out;
}

// Every catalogue's English, so a message nests one from another catalogue (a walk hop whose text a
// policy hook wrote, a lab check quoting that hop) and still renders. A catalogue registers when its
// module loads, which is before any of its messages can exist.
const catalogues: Readonly<Record<string, string>>[] = [];

function template(id: string): string | undefined {
  for (const t of catalogues) {
    const s = t[id];
    if (s !== undefined) return s;
  }
  return undefined;
}

/** The English of any core message, whichever catalogue its id (and its nested ids) come from. */
export function coreEnglish(m: Msg): string {
  const t = template(m.id);
  return t === undefined ? m.id : fill(t, m.args, coreEnglish);
}

/** A typed constructor for one catalogue: msg('walk.x', {…}) only accepts the template's holes. */
export function catalogue<T extends Record<string, string>>(table: T) {
  catalogues.push(table);
  const make = <K extends keyof T & string>(id: K, args: ArgsOf<T[K]>): Msg => ({ id, args: args as Record<string, MsgArg> });
  const english = (m: Msg): string => {
    const t = (table[m.id] as string | undefined) ?? template(m.id);
    return t === undefined ? m.id : fill(t, m.args, english);
  };
  return { make, english };
}

/** A text that is either already a string (a hook's own English) or a message. */
export type Txt = string | Msg;
