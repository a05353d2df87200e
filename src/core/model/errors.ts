// One numbered catalogue of input and misconfiguration errors. Every error names where it is
// (file, line, field path), what is wrong and what is allowed.

export interface ErrorLocation {
  file: string;
  /** 1-based; 0 when unknown */
  line: number;
  /** field path inside the document, e.g. "spec.nodes[1].interfaces[0].ip" */
  path: string;
}

export class LabError extends Error {
  constructor(
    /** catalogue code, e.g. "E101" */
    readonly code: string,
    readonly detail: string,
    readonly loc?: ErrorLocation,
    readonly allowed?: string,
  ) {
    super(formatError(code, detail, loc, allowed));
    this.name = 'LabError';
  }
}

export function formatError(code: string, detail: string, loc?: ErrorLocation, allowed?: string): string {
  const where = loc ? `${loc.file}:${loc.line}${loc.path ? ` ${loc.path}` : ''}: ` : '';
  return `${where}${code} ${detail}${allowed ? ` (allowed: ${allowed})` : ''}`;
}

/** A validation run's outcome: errors stop the lab from loading; warnings do not. */
export interface Diagnostics {
  errors: LabError[];
  warnings: { code: string; message: string; loc?: ErrorLocation }[];
}
