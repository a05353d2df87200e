// StrykerJS for the pure core (issue #16): `npm run mutation` (scripts/mutation.sh) runs it one folder at a
// time — walk, wire, policy, bgp, ipam, dataplane, render — never in CI (it takes long). Each run mutates that
// folder's sources only and runs only the tests that exercise it (vitest.mutation.config.ts picks them by
// CNI_LAB_MUTATE), one test process at a time, incrementally: a second run re-tests only mutants whose code
// or tests changed. Reports go to reports/mutation/ (git-ignored); test/MUTATION.md keeps the scores.
const folder = process.env.CNI_LAB_MUTATE ?? 'ipam';
// one file of the folder (`npm run mutation bgp/config.ts`): a folder too long for one sitting is run file by
// file, each with its own incremental file and reports
const file = process.env.CNI_LAB_MUTATE_FILE;
// a file in a subfolder (`policy/selector/parser.ts`) is named with dashes (`policy-selector-parser`), so its
// reports stay flat in reports/mutation/
const name = file ? `${folder}-${file.replace(/\.ts$/, '').replaceAll('/', '-')}` : folder;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: file ? [`src/core/${folder}/${file}`] : [`src/core/${folder}/**/*.ts`, `!src/core/${folder}/**/*.test.ts`, `!src/core/${folder}/**/README.md`],
  coverageAnalysis: 'perTest',
  // TypeScript 7's API has no parseConfigFileTextToJson, which Stryker's tsconfig rewriting calls; nothing
  // here needs it (no project references, no type checker: vitest strips types), so point it at no file
  tsconfigFile: 'tsconfig.stryker-absent.json',
  concurrency: 1,
  incremental: true,
  incrementalFile: `reports/mutation/${name}.incremental.json`,
  // a mutant that loops (a `<` turned `<=` in a walk) is cut off rather than left to run for minutes
  timeoutMS: 20000,
  timeoutFactor: 2,
  ignoreStatic: true,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  // the sandbox needs the sources, tests, presets and seeds' fixtures — not the builds, screenshots or labs' UI
  ignorePatterns: ['dist', 'artifacts', 'test-results', 'reports', 'e2e', 'public', '.stryker-tmp'],
  thresholds: { high: 90, low: 85, break: null },
};
