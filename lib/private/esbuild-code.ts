import * as path from 'node:path';
import { AssetHashType, DockerImage, type ILocalBundling } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { buildSync, type BuildOptions } from 'esbuild';

/** The file the bundle is written to; a function's handler is `index.<export>`. */
const OUTPUT_FILE = 'index.js';

/** esbuild options of one Lambda bundle, except the entry point and the output file. */
export type LambdaBuildOptions = Omit<BuildOptions, 'entryPoints' | 'outfile' | 'outdir' | 'write'>;

/**
 * Bundles a Lambda entry point with the esbuild package **in this process** (never Docker).
 *
 * Why not `NodejsFunction`: it runs esbuild through `npx --no-install esbuild` in a shell, once per
 * function, which costs ~0.6 s per function on a 2-core machine before esbuild starts — more than the
 * build itself (0.1–0.2 s). Every synth and every test that synthesizes a stack paid it; calling
 * esbuild's API directly removes it, with the same options.
 *
 * The asset hash is the bundle's own (`AssetHashType.OUTPUT`): it changes when the code that ships
 * changes, not when a comment in a test does.
 */
export function esbuildCode(entry: string, options: LambdaBuildOptions): lambda.Code {
  const bundler = new LocalEsbuild(entry, options);
  return lambda.Code.fromAsset(path.dirname(entry), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the API, never used: local bundling either succeeds or throws.
      image: DockerImage.fromRegistry('local-esbuild-only'),
      local: bundler,
    },
  });
}

/** The handler string for an export of a bundle built by {@link esbuildCode}. */
export function bundledHandler(exportName: string): string {
  return `${path.basename(OUTPUT_FILE, '.js')}.${exportName}`;
}

/**
 * Local bundling step. Its `entry` and `options` are plain data, so they take part in the asset
 * cache key: two functions with different entries in one folder never share a bundle.
 */
class LocalEsbuild implements ILocalBundling {
  constructor(
    readonly entry: string,
    readonly options: LambdaBuildOptions,
  ) {}

  tryBundle(outputDir: string): boolean {
    const result = buildSync({ ...this.options, entryPoints: [this.entry], outfile: path.join(outputDir, OUTPUT_FILE), write: true });
    if (result.errors.length > 0) {
      throw new Error(`esbuild could not bundle ${this.entry}: ${result.errors.map((e) => e.text).join('; ')}`);
    }
    return true;
  }
}
