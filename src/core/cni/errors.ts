import { IpamError } from '../ipam/errors';

/** An error found while resolving (after parsing): names the resource and field so the loader can add file:line. */
export class ResolveError extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
    /** key into scenario.refs, e.g. "Pod/default/web-1" */
    readonly ref?: string,
    readonly path?: string,
  ) {
    super(detail);
    this.name = 'ResolveError';
  }
}

const IPAM_CODES: Record<IpamError['code'], string> = { exhausted: 'E310', 'outside-pools': 'E311', 'in-use': 'E312', 'no-pool': 'E313' };

/** An IPAM failure as the catalogue error for the resource (ref) and field (path) that asked for the address. */
export function asResolveError(e: unknown, ref: string | undefined, path: string): Error {
  if (e instanceof IpamError) return new ResolveError(IPAM_CODES[e.code], e.message, ref, path);
  return e as Error;
}

/** Runs an IPAM call on behalf of ref/path. */
export function wrap<T>(f: () => T, ref: string | undefined, path: string): T {
  try {
    return f();
  } catch (e) {
    throw asResolveError(e, ref, path);
  }
}
