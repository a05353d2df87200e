// Mutation runs only need to know whether a property fails, not its smallest counterexample: shrinking a
// failure can take longer than the whole test file, once per killed mutant. Only vitest.mutation.config.ts
// loads this; `npm test` keeps shrinking.
import fc from 'fast-check';

fc.configureGlobal({ ...fc.readConfigureGlobal(), endOnFailure: true });
