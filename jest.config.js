/**
 * Two tiers (README, "Tests and benchmarks"):
 * - `unit`: the pure code (planner core, config and calendar, tools, Lambda handlers against mocked
 *   SDK clients, the simulator). No stack is synthesized, no PostgreSQL is started:
 *   `npm run test:unit`, seconds.
 * - `stack`: everything else, i.e. synthesized stacks (test/lib, IAM, guard rules), the diff tool end to
 *   end and the rehearsal against a real PostgreSQL. A new test folder lands here unless it is listed
 *   in UNIT_FOLDERS or UNIT_FILES below, so a slow test never slips into the fast tier by default.
 * `npm test` runs both.
 */
const UNIT_FOLDERS = ['config', 'lambda', 'tools/plan', 'tools/simulator'];
const UNIT_FILES = {
  'tools/rehearse': [
    'args',
    'extended-statement',
    'mix',
    'plan',
    'profile',
    'progress',
    'query-insights',
    'report',
    'tool-load',
    'verdict',
    'workload-file',
  ],
  'tools/diff': [
    'args',
    'assembly-findings',
    'calendar-diff',
    'classify-rules',
    'findings',
    'guard-exceptions',
    'plan-section',
    'render-findings',
    'render-report',
    'workflows',
  ],
};
const UNIT_GLOBS = [
  ...UNIT_FOLDERS.map((folder) => `<rootDir>/test/${folder}/**/*.test.ts`),
  ...Object.entries(UNIT_FILES).map(([folder, names]) => `<rootDir>/test/${folder}/{${names.join(',')}}.test.ts`),
];
const UNIT_PATTERNS = [
  ...UNIT_FOLDERS.map((folder) => `/test/${folder}/`),
  ...Object.entries(UNIT_FILES).map(([folder, names]) => `/test/${folder}/(${names.join('|')})\\.test\\.ts$`),
];

/** @type {import('jest').Config} */
const shared = {
  // The Node environment, measuring each file's CPU seconds for `npm run bench:test` when asked to.
  testEnvironment: '<rootDir>/test/helpers/cpu-measuring-environment.ts',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest'],
  },
  setupFiles: ['<rootDir>/test/helpers/quiet-environment.ts'],
  setupFilesAfterEnv: ['aws-cdk-lib/testhelpers/jest-autoclean', 'aws-sdk-client-mock-jest'],
  snapshotSerializers: ['<rootDir>/test/helpers/asset-hash-serializer.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: UNIT_GLOBS },
    {
      ...shared,
      displayName: 'stack',
      testPathIgnorePatterns: ['/node_modules/', ...UNIT_PATTERNS],
      // One folder per run where each committed environment's template is synthesized once and shared
      // between suites (test/helpers/committed-environment-templates.ts).
      globalSetup: '<rootDir>/test/helpers/template-cache-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/template-cache-teardown.ts',
    },
  ],
  // Synthesizing stacks is CPU bound: two workers fit a 2-core machine.
  maxWorkers: 2,
  // A safety net against a hang, not a speed verdict: generous enough for a loaded 2-core machine.
  testTimeout: 300_000,
};
