/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest'],
  },
  setupFilesAfterEnv: ['aws-cdk-lib/testhelpers/jest-autoclean', 'aws-sdk-client-mock-jest'],
  snapshotSerializers: ['<rootDir>/test/helpers/asset-hash-serializer.ts'],
  // Synthesizing stacks (and bundling the Lambdas) is CPU bound: two workers fit a 2-core machine.
  maxWorkers: 2,
  testTimeout: 60_000,
};
