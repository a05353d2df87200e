// Every English template the core has, by id. The app needs them only to fill a message in another
// language where that language has no template of its own (the core already rendered the English text
// into each hop and check), so this rides with the zh-CN chunk (i18n/core loadZh), not the first load.

import { WALK_EN } from '../core/walk/messages';
import { CHECK_EN } from '../core/labs/messages';
import { POLICY_EN, SERVICE_EN } from '../core/policy/messages';
import { PROVENANCE_EN } from '../core/components/messages';

export const CORE_EN: Readonly<Record<string, string>> = { ...WALK_EN, ...CHECK_EN, ...POLICY_EN, ...SERVICE_EN, ...PROVENANCE_EN };
