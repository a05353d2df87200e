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

export class UsageError extends Error {}
