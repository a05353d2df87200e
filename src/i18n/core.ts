// The core's messages (core/msg) in the app's language: hop texts and whys of the walk, lab check
// details. The core renders English itself; here the same ids get their zh-CN templates, falling back
// to English for an id without one (and to the core's own string where it sent no id at all: a hook's
// plain text).

import { fill, type Msg } from '../core/msg';
import type { Hop } from '../core/model/packet';
import { installUiZh, type Lang } from './index';

// English needs no templates here: the core wrote each hop's and check's English text itself (Hop.text,
// Hop.why, a check's detail). The English templates (./core-en) only fill in for an id that has no zh-CN
// template, so they arrive with the zh-CN chunk.
let enTemplates: Readonly<Record<string, string>> | undefined;

export function installCoreEn(templates: Readonly<Record<string, string>>): void {
  enTemplates = templates;
}

// The zh-CN templates (./core-zh) are not part of the app's first load: an English reader never needs them.
// The app loads them with the language (loadZh, before the switch takes effect); the CLI and the tests
// install them at once. Until they are installed a core message renders in English.
let zhTemplates: Readonly<Record<string, string>> | undefined;

export function installCoreZh(templates: Readonly<Record<string, string>>): void {
  zhTemplates = templates;
}

let zhLoading: Promise<void> | undefined;

/** Everything zh-CN that is not in the first load: the core's templates and the app's own texts. */
export function loadZh(): Promise<void> {
  zhLoading ??= Promise.all([import('./core-en'), import('./core-zh'), import('./messages-zh')]).then(([en, core, ui]) => {
    installCoreEn(en.CORE_EN);
    installCoreZh(core.CORE_ZH);
    installUiZh(ui.ZH);
  });
  return zhLoading.catch((e: unknown) => {
    zhLoading = undefined; // a failed fetch may be retried by the next switch
    throw e;
  });
}

/** A core message in `lang` (nested messages too); needs the templates installed (loadZh, or the CLI's
 *  installs). English callers use the text the core already wrote (hopText, checkText). */
export function renderMsg(lang: Lang, m: Msg): string {
  const t = (lang === 'zh-CN' ? zhTemplates?.[m.id] : undefined) ?? enTemplates?.[m.id];
  return t === undefined ? m.id : fill(t, m.args, (x) => renderMsg(lang, x));
}

/** A hop's one-line text in `lang`. */
export function hopText(lang: Lang, h: Pick<Hop, 'text' | 'msg'>): string {
  return lang !== 'en' && h.msg?.text ? renderMsg(lang, h.msg.text) : h.text;
}

/** A hop's why in `lang`. */
export function hopWhy(lang: Lang, h: Pick<Hop, 'why' | 'msg'>): string {
  return lang !== 'en' && h.msg?.why ? renderMsg(lang, h.msg.why) : h.why;
}

/** A lab check's detail in `lang`. */
export function checkText(lang: Lang, c: { detail: string; msg?: Msg }): string {
  return lang !== 'en' && c.msg ? renderMsg(lang, c.msg) : c.detail;
}

/** Why a route, device or neighbour entry exists (core/components provenance), in `lang`. */
export function provenanceWhy(lang: Lang, p: { why: string; msg?: Msg }): string {
  return lang !== 'en' && p.msg ? renderMsg(lang, p.msg) : p.why;
}
