/**
 * Jest `setupFiles`: environment for every test file, before any module loads.
 * - The AWS SDK warns once per process that Node.js 20 support ends; that is about the local Node.js,
 *   not about the test, and would print in every worker.
 * - No CDK CLI started by a test checks for a newer version (no network).
 * - No test app runs CDK's built-in CloudFormation template validation, as `npm run synth` does not
 *   (`CDK_VALIDATION=false`): it costs seconds per worker (building its rule engine) plus a share of
 *   every synth. test/lib/cloudformation-validation.test.ts is its gate: it validates every committed
 *   environment's template and fails on any finding. `testApp()` (test/helpers/synth.ts) already turns it
 *   off; this covers the apps made without it (the diff tool's template helpers, monitoring-only stacks).
 *   @see https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.AppProps.html (builtinCloudFormationValidation)
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.CDK_DISABLE_VERSION_CHECK = '1';
process.env.CDK_VALIDATION = 'false';
