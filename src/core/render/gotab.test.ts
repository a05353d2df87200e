import { describe, expect, it } from 'vitest';
import { CALICOCTL_TABWRITER, KUBECTL_TABWRITER, tabwrite } from './gotab';

describe('tabwrite (Go text/tabwriter)', () => {
  it('pads every terminated cell to max+padding, at least minwidth', () => {
    expect(tabwrite([['NAME', 'ASN'], ['a', '']], CALICOCTL_TABWRITER)).toBe('NAME   ASN   \na      ' + '      \n');
  });

  it('leaves the last cell unpadded when lines are not tab-terminated', () => {
    expect(tabwrite([['NAME', 'AGE', 'IP'], ['p', '3s', '10.0.0.1']], KUBECTL_TABWRITER)).toBe('NAME   AGE   IP\np      3s    10.0.0.1\n');
  });

  it('rejects ragged input and prints nothing for no lines', () => {
    expect(() => tabwrite([['a', 'b'], ['c']], CALICOCTL_TABWRITER)).toThrow();
    expect(tabwrite([], CALICOCTL_TABWRITER)).toBe('');
  });
});

describe('tabwrite input', () => {
  it('refuses rows with a different number of cells', () => {
    expect(() => tabwrite([['a', 'b'], ['c']], KUBECTL_TABWRITER)).toThrow(/same number of cells/);
  });
});
