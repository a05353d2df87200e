// What a CLI command is: its flags, its run function, and the error that means "you called it wrong" (main.ts
// adds the usage line). Shared by the command table and the command groups it gathers (policy.ts, lab.ts),
// which would otherwise import the table that imports them.

export type Flags = Record<string, string | boolean | string[] | undefined>;

export interface CommandSpec {
  name: string;
  args: string;
  summary: string;
  /** flag name → parseArgs option */
  flags: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;
  /** stdout, or stdout plus a report for stderr (the command still succeeds) */
  run(ctx: { positional: string[]; flags: Flags }): string | { stdout: string; stderr: string };
}

/** A command that builds network namespaces and runs processes (src/emulate; Linux, root): main.ts hands it to
 *  the emulate CLI before the pure table, and the README's table lists it with the others. */
export interface ProcessCommandSpec {
  name: string;
  args: string;
  summary: string;
}

export const PROCESS_COMMANDS: ProcessCommandSpec[] = [
  {
    name: 'emulate',
    args: 'up|down FILE | exec FILE NODE|NS/POD|ROUTER -- CMD...',
    summary:
      'The scenario on this Linux kernel (root): every node, pod and router a `cnilab-` network namespace, segments as bridges, BIRD 2 and the CNI daemons\' routes; exec runs a command inside one, down removes it all',
  },
  {
    name: 'verify',
    args: 'FILE | --seed N [--keep]',
    summary:
      "Build it with emulate, ask the simulator and the kernel the same questions (ip route, ip route get, ping -M do at the MTU boundaries, traceroute -n), PASS/DIFF per check, then `N/M checks agree with the kernel` (exit 1 on a DIFF); --seed N verifies CI's generated scenario N",
  },
];

export class UsageError extends Error {}
