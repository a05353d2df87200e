// Reading scenario files and presets from disk for the CLI. The core never touches the file system.

import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PRESETS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../presets');

export interface PresetInfo {
  name: string;
  file: string;
  /** the preset's leading comment, joined into one paragraph */
  summary: string;
}

export function listPresets(dir = PRESETS_DIR): PresetInfo[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml') || f.endsWith('.json'))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      const text = readFileSync(file, 'utf8');
      const comment: string[] = [];
      for (const line of text.split('\n')) {
        if (!line.startsWith('#')) break;
        comment.push(line.replace(/^#\s?/, ''));
      }
      return { name: basename(f).replace(/\.(ya?ml|json)$/, ''), file, summary: comment.join(' ') };
    });
}

export class InputError extends Error {}

/** FILE, or --preset NAME: returns the text and the name errors should cite. */
export function readScenario(file: string | undefined, preset: string | undefined): { text: string; name: string } {
  if (preset) {
    const p = listPresets().find((x) => x.name === preset);
    if (!p) throw new InputError(`unknown preset "${preset}" (presets: ${listPresets().map((x) => x.name).join(', ')})`);
    return { text: readFileSync(p.file, 'utf8'), name: `presets/${basename(p.file)}` };
  }
  if (!file) throw new InputError('name a scenario: FILE or --preset NAME');
  try {
    return { text: readFileSync(file, 'utf8'), name: file };
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
