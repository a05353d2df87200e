// core/scenario: scenario files (YAML or JSON) → typed Scenario, with every problem located as
// file:line field; and back (scenarioToYaml). README.md documents the format.

export { parseScenario, SCENARIO_LIMITS, type Locator, type ParseResult } from './parse';
export { scenarioToYaml } from './toYaml';
export { CATALOGUE, catalogueEntry, type CatalogueEntry, type Code } from '../model/catalogue';
export { formatWarning } from './format';
export { chooseDefaultPool, DEFAULT_POOL_NAME } from './checks';
export { candidateNodes, podTemplateHash, replicaPodName, NAME_ALPHABET } from './schedule';
export { MODELLED, FOREIGN } from './kinds';
