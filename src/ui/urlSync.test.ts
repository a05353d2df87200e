// Which address a starting page takes from what the page before it left in sessionStorage (urlSync.ts).
import { describe, expect, it } from 'vitest';
import { addressAfterReload } from './urlSync';

const left = (from: string, hash: string) => JSON.stringify({ from, hash });
const HREF = 'https://lab.example/?autoplay=0#s=OLD';

describe('addressAfterReload', () => {
  it('a reload of the address that was left takes the hash written as it was left', () => {
    expect(addressAfterReload(left(HREF, '#s=NEW'), HREF, 'reload')).toBe('#s=NEW');
  });

  it('only a reload: a link opened, typed or reached by Back keeps its own address', () => {
    for (const nav of ['navigate', 'back_forward', 'prerender', undefined]) expect(addressAfterReload(left(HREF, '#s=NEW'), HREF, nav)).toBeUndefined();
  });

  it('only the address that was left: another lab, query or page of the tab keeps its own', () => {
    expect(addressAfterReload(left(HREF, '#s=NEW'), 'https://lab.example/?autoplay=0#s=OTHER', 'reload')).toBeUndefined();
    expect(addressAfterReload(left(HREF, '#s=NEW'), 'https://lab.example/#s=OLD', 'reload')).toBeUndefined();
    expect(addressAfterReload(left(HREF, '#s=NEW'), 'https://lab.example/?embed=1#s=OLD', 'reload')).toBeUndefined();
  });

  it('nothing left, or something that is not what a page leaves, changes nothing', () => {
    for (const saved of [null, '', 'not json', '[]', 'null', '{"from":"x"}', JSON.stringify({ from: HREF, hash: 7 }), JSON.stringify({ from: 1, hash: '#s=NEW' }), left(HREF, 's=NEW')])
      expect(addressAfterReload(saved, HREF, 'reload')).toBeUndefined();
  });
});
