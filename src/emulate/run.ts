// Running ip/bridge/sysctl/bird inside the lab's namespaces. Every command names its namespace explicitly
// (`ip -n NS …` or `ip netns exec NS …`): nothing here ever runs against the root namespace's links or routes.

import { spawnSync } from 'node:child_process';

export class EmulateError extends Error {}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], opts: { check?: boolean; timeoutMs?: number; input?: string } = {}): RunResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: opts.timeoutMs ?? 30_000, ...(opts.input !== undefined ? { input: opts.input } : {}) });
  const res = { code: r.status ?? (r.error ? 127 : 1), stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error ? String(r.error.message) : '') };
  if ((opts.check ?? true) && res.code !== 0) {
    throw new EmulateError(`${cmd} ${args.join(' ')}: ${res.stderr.trim() || `exit ${res.code}`}`);
  }
  return res;
}

/** `ip -n NS ARGS…` (never without -n: the root namespace is not ours). */
export function ipn(ns: string, args: string[], check = true): RunResult {
  return run('ip', ['-n', ns, ...args], { check });
}

/** A command inside a namespace (sysctl, bridge, bird, ping, traceroute). */
export function nsExec(ns: string, args: string[], opts: { check?: boolean; timeoutMs?: number } = {}): RunResult {
  return run('ip', ['netns', 'exec', ns, ...args], opts);
}

export function sysctl(ns: string, key: string, value: string | number): void {
  nsExec(ns, ['sysctl', '-q', '-w', `${key}=${value}`]);
}

export function haveCommand(name: string): boolean {
  return run('sh', ['-c', `command -v ${name}`], { check: false }).code === 0;
}

export function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** stdout and stderr through one pipe, in the order the tool wrote them (as a terminal shows them). */
export function nsExecMerged(ns: string, args: string[], timeoutMs = 30_000): string {
  return nsExec(ns, ['sh', '-c', 'exec "$@" 2>&1', 'sh', ...args], { check: false, timeoutMs }).stdout;
}
