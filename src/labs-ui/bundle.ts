// The lab files, bundled as lazy raw imports: each is its own small chunk, fetched when picked.
const lazy = import.meta.glob('../../labs/*.yaml', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;

const nameOf = (path: string) => path.replace(/^.*\//, '').replace(/\.ya?ml$/, '');

/** Guided labs first (in the order of their numbers in labs/README.md), troubleshooting gyms after. */
const ORDER = ['ipip-vs-bgp', 'crosssubnet', 'mesh-to-rr', 'which-nic', 'overhead-mtu', 'flannel-modes', 'policy'];
export const LAB_NAMES: string[] = Object.keys(lazy)
  .map(nameOf)
  .sort((a, b) => {
    const ia = ORDER.indexOf(a);
    const ib = ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });

export async function labText(name: string): Promise<string> {
  const entry = Object.entries(lazy).find(([p]) => nameOf(p) === name);
  if (!entry) throw new Error(`unknown lab "${name}"`);
  return entry[1]();
}

/** Every lab's title (lab files are small chunks; the labs engine parses them), for the picker. A lab that
 *  does not load is left out: the picker shows its name. */
export async function labTitles(): Promise<Record<string, import('../core/labs').I18n>> {
  const { loadLabFile } = await import('../core/labs');
  const out: Record<string, import('../core/labs').I18n> = {};
  await Promise.all(
    LAB_NAMES.map(async (n) => {
      const lab = loadLabFile(await labText(n), `labs/${n}.yaml`).lab;
      if (lab) out[n] = lab.title;
    }),
  );
  return out;
}
