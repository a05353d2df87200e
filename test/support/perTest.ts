// A lab (or any value) built inside the test that first asks for it, again in each test, never while the
// file loads. Why: a mutation run's per-test coverage files code run at load time under no test ("static"),
// and Stryker then runs such a mutant with the mutant switched on only after the file loaded — a lab built
// at the top of a file is computed by the unmutated code, and the tests that read it can never see the
// mutant. Built inside the test, the lab is computed with the mutant on and its coverage names that test.
import { beforeEach } from 'vitest';

export function perTest<T>(make: () => T): () => T {
  let built = false;
  let value: T | undefined;
  beforeEach(() => {
    built = false;
    value = undefined;
  });
  return () => {
    if (!built) {
      value = make();
      built = true;
    }
    return value as T;
  };
}
