// One line per warning, in the same shape as LabError messages: `file:line path: CODE message`.

import { formatError, type Diagnostics } from '../model/errors';

export function formatWarning(w: Diagnostics['warnings'][number]): string {
  return formatError(w.code, w.message, w.loc);
}
