// A namespace entry built the first time someone reads it. A 1,000-node cluster has 30,000 pod namespaces
// and most views only ever open a handful of them, so the build registers how to make each one and the
// record makes it on demand. Reading, `in`, `Object.keys/values/entries`, spreading, JSON and
// structuredClone all see an ordinary property (the getter replaces itself with the value, in the same
// key position, so key order and object identity stay as an eager build would give them).

import type { NetNS } from './kernel';

/**
 * Makes `obj[key]` an accessor that, on first read, replaces itself with `build(arg)` as a data property in
 * the same key position; an assignment first replaces it with the value assigned, unbuilt. One function is
 * both getter and setter (a setter is called with one argument, a getter with none), and `build` takes its
 * input as an argument rather than closing over it: registering 30,000 pod namespaces then costs one
 * closure and one context each, not three closures and two contexts.
 */
function defineLazy<T extends object, K extends keyof T, A>(obj: T, key: K, build: (arg: A) => T[K], arg: A): void {
  const entry = function (this: unknown, ...assigned: T[K][]): T[K] {
    const v = assigned.length ? assigned[0] : build(arg);
    Object.defineProperty(obj, key, { value: v, writable: true, enumerable: true, configurable: true });
    return v;
  };
  Object.defineProperty(obj, key, { configurable: true, enumerable: true, get: entry, set: entry });
}

export function defineLazyNs<A = void>(netns: Record<string, NetNS>, id: string, build: (arg: A) => NetNS, arg?: A): void {
  defineLazy(netns, id, build, arg as A);
}

/**
 * A field made the first time someone reads it — a node's main table: most views print one or two nodes'
 * routes, and a 1,000-node cluster's tables hold a million entries. The field keeps the key position it
 * already has (give the object the key first, as an eager build would), and reading, spreading, JSON,
 * structuredClone and assignment see an ordinary data property.
 */
export function defineLazyField<T extends object, K extends keyof T>(obj: T, key: K, build: () => T[K]): void {
  defineLazy(obj, key, build, undefined);
}

/** Namespace ids whose entries are namespaces of nodes and routers (pods excluded) — without building the
 *  pod namespaces a lazy record has not made yet. */
export function hostNamespaces(netns: Record<string, NetNS>): NetNS[] {
  const out: NetNS[] = [];
  for (const id of Object.keys(netns)) if (!id.startsWith('pod/')) out.push(netns[id]);
  return out;
}
