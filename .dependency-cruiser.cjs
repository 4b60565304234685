/**
 * The layers of aurora-surge, as rules (docs/architecture.md draws them). `npm run lint:deps` checks
 * them, and test/architecture/dependency-rules.test.ts runs the same check inside `npm test`.
 *
 * - core (lambda/pre-scaler/core): the pure planner. zod, luxon and itself, nothing else.
 * - contracts (lambda/<fn>/contract*): what a construct and its function agree on. The core and zod.
 * - Lambda code (lambda/**): never aws-cdk-lib, constructs, config/, lib/, tools/, bin/, test/.
 * - lib/: the constructs. From lambda/ only the core and the contracts, never handlers or adapters.
 * - nothing shipped (lib/, lambda/, tools/, bin/, config/) imports the AGPL simulator or the tests.
 */
const CORE = '^lambda/pre-scaler/core/';
const CONTRACT = '^lambda/[^/]+/contract(/|\\.ts$)';
const LAMBDA = '^lambda/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'The planner core imports nothing but zod, luxon and itself: no AWS SDK, no CDK, no config, lib, adapters or shell.',
      severity: 'error',
      from: { path: CORE },
      to: { pathNot: [CORE, '(^|/)node_modules/(zod|luxon)/', '^node_modules/@types/luxon/'] },
    },
    {
      name: 'contract-imports-only-core',
      comment: 'A contract module is shared by the construct and the function: it imports only the core, zod and other contract files.',
      severity: 'error',
      from: { path: CONTRACT },
      to: { pathNot: [CORE, CONTRACT, '(^|/)node_modules/zod/'] },
    },
    {
      name: 'lambda-has-no-cdk-config-or-lib',
      comment:
        'Lambda code runs in AWS: never aws-cdk-lib, constructs, config/, lib/, tools/, bin/ or test/ (the calendar reaches it as a file).',
      severity: 'error',
      from: { path: LAMBDA },
      to: { path: ['(^|/)node_modules/(aws-cdk-lib|constructs|aws-cdk)/', '^(config|lib|tools|bin|test|bench)/'] },
    },
    {
      name: 'lambdas-are-separate',
      comment: "One function never imports another function's code.",
      severity: 'error',
      from: { path: '^lambda/([^/]+)/' },
      to: { path: LAMBDA, pathNot: ['^lambda/$1/'] },
    },
    {
      name: 'lib-uses-only-core-and-contracts',
      comment: 'Constructs import the core and the contracts, never a handler, an adapter or the shell of a function.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: LAMBDA, pathNot: [CORE, CONTRACT] },
    },
    {
      name: 'config-uses-only-core',
      comment: "config/ validates with the core's schemas and rules; it never reaches into lib/ or a function's shell.",
      severity: 'error',
      from: { path: '^config/' },
      to: { path: ['^lib/', '^tools/', '^bin/', LAMBDA], pathNot: [CORE] },
    },
    {
      name: 'agpl-only-in-tests',
      comment: '@cloud-copilot/iam-simulate is AGPL-3.0: tests may use it, nothing shipped may import it.',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '(^|/)node_modules/@cloud-copilot/iam-simulate/' },
    },
    {
      name: 'nothing-shipped-imports-tests',
      comment: 'Tests import the code, never the other way round.',
      severity: 'error',
      from: { path: '^(lib|lambda|tools|bin|config)/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular-core',
      comment: 'The core is a tree: a cycle there makes the bundle order matter.',
      severity: 'error',
      from: { path: CORE },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^cdk\\.out', '^node_modules'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    moduleSystems: ['cjs', 'es6'],
  },
};
