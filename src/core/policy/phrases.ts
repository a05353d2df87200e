// Small pieces of the policy messages (core/policy/messages) that several sentences share.

import type { Msg, MsgArg } from '../msg';
import { pm } from './messages';

export const dirMsg = (dir: 'egress' | 'ingress'): Msg => pm(dir === 'egress' ? 'policy.dir.egress' : 'policy.dir.ingress', {});

/** "a, b, c" as nested list messages (the separator is the language's). */
export function listMsg(items: readonly MsgArg[]): MsgArg {
  let acc = items[0] ?? '';
  for (let i = 1; i < items.length; i++) acc = pm('policy.list', { head: acc, last: items[i] });
  return acc;
}
