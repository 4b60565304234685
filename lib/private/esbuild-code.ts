import * as fs from 'node:fs';
import * as path from 'node:path';
import { AssetHashType, DockerImage, type ILocalBundling } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { buildSync, type BuildOptions, type OutputFile } from 'esbuild';

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
 *
 * `files` are written next to the bundle (name → text), such as the pre-scaler's calendar file: they
 * are part of the asset, so of its hash, and of the bundling cache key (two environments with two
 * calendars never share an asset). The bundle itself is built once per process per entry and options.
 */
export function esbuildCode(entry: string, options: LambdaBuildOptions, files: Readonly<Record<string, string>> = {}): lambda.Code {
  const bundler = new LocalEsbuild(entry, options, files);
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
    readonly files: Readonly<Record<string, string>>,
  ) {}

  tryBundle(outputDir: string): boolean {
    for (const file of bundleOf(this.entry, this.options)) {
      fs.writeFileSync(path.join(outputDir, path.basename(file.path)), file.contents);
    }
    for (const [name, text] of Object.entries(this.files)) {
      if (name === OUTPUT_FILE || path.basename(name) !== name)
        throw new Error(`esbuildCode: "${name}" cannot be written next to the bundle`);
      fs.writeFileSync(path.join(outputDir, name), text);
    }
    return true;
  }
}

/** Bundles already built in this process, by entry and options (the same code for every environment). */
const built = new Map<string, readonly OutputFile[]>();

function bundleOf(entry: string, options: LambdaBuildOptions): readonly OutputFile[] {
  const key = JSON.stringify({ entry, options });
  const cached = built.get(key);
  if (cached) return cached;
  const result = buildSync({ ...options, entryPoints: [entry], outfile: path.join(path.dirname(entry), OUTPUT_FILE), write: false });
  if (result.errors.length > 0) {
    throw new Error(`esbuild could not bundle ${entry}: ${result.errors.map((e) => e.text).join('; ')}`);
  }
  built.set(key, result.outputFiles);
  return result.outputFiles;
}
