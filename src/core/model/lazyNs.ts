// A namespace entry built the first time someone reads it. A 1,000-node cluster has 30,000 pod namespaces
// and most views only ever open a handful of them, so the build registers how to make each one and the
// record makes it on demand. Reading, `in`, `Object.keys/values/entries`, spreading, JSON and
// structuredClone all see an ordinary property (the getter replaces itself with the value, in the same
// key position, so key order and object identity stay as an eager build would give them).

import type { NetNS } from './kernel';

// `build` takes its input as an argument rather than closing over it: one closure fewer per pod, which
// halves the cost of registering 30,000 of them.
export function defineLazyNs<A = void>(netns: Record<string, NetNS>, id: string, build: (arg: A) => NetNS, arg?: A): void {
  Object.defineProperty(netns, id, {
    configurable: true,
    enumerable: true,
    get() {
      const ns = build(arg as A);
      Object.defineProperty(netns, id, { value: ns, writable: true, enumerable: true, configurable: true });
      return ns;
    },
    set(ns: NetNS) {
      Object.defineProperty(netns, id, { value: ns, writable: true, enumerable: true, configurable: true });
    },
  });
}

/**
 * A field made the first time someone reads it — a node's main table: most views print one or two nodes'
 * routes, and a 1,000-node cluster's tables hold a million entries. The field keeps the key position it
 * already has (give the object the key first, as an eager build would), and reading, spreading, JSON,
 * structuredClone and assignment see an ordinary data property.
 */
export function defineLazyField<T extends object, K extends keyof T>(obj: T, key: K, build: () => T[K]): void {
  Object.defineProperty(obj, key, {
    configurable: true,
    enumerable: true,
    get() {
      const v = build();
      Object.defineProperty(obj, key, { value: v, writable: true, enumerable: true, configurable: true });
      return v;
    },
    set(v: T[K]) {
      Object.defineProperty(obj, key, { value: v, writable: true, enumerable: true, configurable: true });
    },
  });
}

/** Namespace ids whose entries are namespaces of nodes and routers (pods excluded) — without building the
 *  pod namespaces a lazy record has not made yet. */
export function hostNamespaces(netns: Record<string, NetNS>): NetNS[] {
  const out: NetNS[] = [];
  for (const id of Object.keys(netns)) if (!id.startsWith('pod/')) out.push(netns[id]);
  return out;
}
