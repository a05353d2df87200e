// The core's messages (core/msg) in the app's language: hop texts and whys of the walk, lab check
// details. The core renders English itself; here the same ids get their zh-CN templates, falling back
// to English for an id without one (and to the core's own string where it sent no id at all: a hook's
// plain text).

import { fill, type Msg } from '../core/msg';
import type { Hop } from '../core/model/packet';
import { WALK_EN } from '../core/walk/messages';
import { CHECK_EN } from '../core/labs/messages';
import type { Lang } from './index';

/** Every English template the core has, by id. */
export const CORE_EN: Readonly<Record<string, string>> = { ...WALK_EN, ...CHECK_EN };

// The zh-CN templates (./core-zh) are not part of the app's first load: an English reader never needs them.
// The app loads them with the language (loadCoreZh, before the switch takes effect); the CLI and the tests
// install them at once. Until they are installed a core message renders in English.
let zhTemplates: Readonly<Record<string, string>> | undefined;

export function installCoreZh(templates: Readonly<Record<string, string>>): void {
  zhTemplates = templates;
}

export function loadCoreZh(): Promise<void> {
  if (zhTemplates) return Promise.resolve();
  return import('./core-zh').then((m) => installCoreZh(m.CORE_ZH));
}

/** A core message in `lang` (nested messages too). */
export function renderMsg(lang: Lang, m: Msg): string {
  const t = (lang === 'zh-CN' ? zhTemplates?.[m.id] : undefined) ?? CORE_EN[m.id];
  return t === undefined ? m.id : fill(t, m.args, (x) => renderMsg(lang, x));
}

/** A hop's one-line text in `lang`. */
export function hopText(lang: Lang, h: Pick<Hop, 'text' | 'msg'>): string {
  return h.msg?.text ? renderMsg(lang, h.msg.text) : h.text;
}

/** A hop's why in `lang`. */
export function hopWhy(lang: Lang, h: Pick<Hop, 'why' | 'msg'>): string {
  return h.msg?.why ? renderMsg(lang, h.msg.why) : h.why;
}
