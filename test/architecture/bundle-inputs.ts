import type { Metafile } from 'esbuild';

/** What a Lambda bundle must never contain: the CDK, constructs, the synth-time config and the constructs' code. */
const FORBIDDEN_INPUTS: ReadonlyArray<readonly [string, RegExp]> = [
  ['aws-cdk-lib', /(^|\/)node_modules\/aws-cdk-lib\//],
  ['constructs', /(^|\/)node_modules\/constructs\//],
  ['config/', /(^|\/)config\/[^/]+/],
  ['lib/', /(^|\/)lib\/[^/]+\.ts$/],
];

/** The inputs of a bundle (esbuild's metafile) that come from a forbidden place, with the rule they break. */
export function forbiddenBundleInputs(metafile: Metafile): string[] {
  const found: string[] = [];
  for (const input of Object.keys(metafile.inputs)) {
    // This project's own files sit outside node_modules; `lib/` inside a package (zod/lib/…) is that package's.
    const ours = !input.includes('node_modules/');
    for (const [name, pattern] of FORBIDDEN_INPUTS) {
      const applies = name === 'config/' || name === 'lib/' ? ours : true;
      if (applies && pattern.test(input)) found.push(`${input} (${name})`);
    }
  }
  return found;
}
