// Seed 002's corrected policies (presets/policies/*.yaml) as one-click examples, bundled as lazy raw imports.
const files = import.meta.glob('../../../presets/policies/*.yaml', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;

export const EXAMPLE_PRESET = 'seed002-policy';

export const EXAMPLES: { name: string; load: () => Promise<string> }[] = Object.keys(files)
  .sort()
  .map((path) => ({ name: path.replace(/^.*\//, '').replace(/\.yaml$/, ''), load: files[path] }));
