/**
 * Jest `setupFiles`: environment for every test file, before any module loads.
 * - The AWS SDK warns once per process that Node.js 20 support ends; that is about the local Node.js,
 *   not about the test, and would print in every worker.
 * - No CDK CLI started by a test checks for a newer version (no network).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.CDK_DISABLE_VERSION_CHECK = '1';
