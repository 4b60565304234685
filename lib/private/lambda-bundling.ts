import * as path from 'node:path';
import type { BuildOptions } from 'esbuild';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { LambdaBuildOptions } from './esbuild-code';

/**
 * How the Lambdas are built, in one place for the constructs (through `esbuildCode`) and the
 * benchmark (`npm run bench:lambda`, which calls esbuild with the same options to measure the bundle).
 *
 * - The local `esbuild` package bundles, in process (never Docker).
 * - `external: []`: the pinned, tested AWS SDK v3 clients are bundled, not the runtime's copy;
 *   only the commands the code imports survive tree-shaking (`mainFields` prefers the ES module builds).
 * - Minified, no source map, CommonJS for the Node.js runtime.
 */
export const PRE_SCALER_ENTRY = path.join(__dirname, '..', '..', 'lambda', 'pre-scaler', 'handler.ts');
/** The auto-scaled replica clean-up's handler (the custom resource's onEvent and isComplete). */
export const REPLICA_CLEANUP_ENTRY = path.join(__dirname, '..', '..', 'lambda', 'autoscaled-replica-cleanup', 'handler.ts');

/** The newest Node.js runtime aws-cdk-lib 2.276 offers; arm64 (Graviton) is cheaper per GB-second. */
export const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_24_X;
export const LAMBDA_ARCHITECTURE = lambda.Architecture.ARM_64;
/** esbuild's target for {@link LAMBDA_RUNTIME}. */
export const ESBUILD_TARGET = 'node24';
const MAIN_FIELDS = ['module', 'main'];

/** The esbuild options of every Lambda of the stack. */
export const LAMBDA_BUILD_OPTIONS: LambdaBuildOptions = {
  bundle: true,
  platform: 'node',
  target: ESBUILD_TARGET,
  format: 'cjs',
  minify: true,
  sourcemap: false,
  mainFields: MAIN_FIELDS,
  external: [],
  logLevel: 'warning',
};

/** The pre-scaler's build as the construct does it, writing to `outfile`, with esbuild's metafile (the benchmark, the bundle test). */
export function preScalerEsbuildOptions(outfile: string): BuildOptions {
  return lambdaEsbuildOptions(PRE_SCALER_ENTRY, outfile);
}

/** Any Lambda's build as its construct does it, writing to `outfile`, with esbuild's metafile. */
export function lambdaEsbuildOptions(entry: string, outfile: string): BuildOptions {
  return { ...LAMBDA_BUILD_OPTIONS, entryPoints: [entry], outfile, metafile: true };
}
