// Presets are data files in /presets. The default lab is bundled with the first paint; the others are
// separate chunks fetched when picked.

import defaultText from '../../presets/seed000-ipip.yaml?raw';

export const DEFAULT_PRESET = 'seed000-ipip';

const lazy = import.meta.glob('../../presets/*.yaml', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;

const nameOf = (path: string) => path.replace(/^.*\//, '').replace(/\.ya?ml$/, '');

export const PRESET_NAMES: string[] = Object.keys(lazy).map(nameOf).sort();

export function defaultPresetText(): string {
  return defaultText;
}

export async function presetText(name: string): Promise<string> {
  if (name === DEFAULT_PRESET) return defaultText;
  const entry = Object.entries(lazy).find(([p]) => nameOf(p) === name);
  if (!entry) throw new Error(`unknown preset "${name}"`);
  return entry[1]();
}
