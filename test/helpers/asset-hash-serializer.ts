/**
 * Jest snapshot serializer: replaces asset hashes (64 hex characters, alone or as `<hash>.zip`) with a
 * placeholder, so a snapshot changes when infrastructure changes, not when a Lambda's code does.
 * Bundling still runs: a Lambda that fails to bundle still fails the test.
 */
const ASSET_HASH = /[0-9a-f]{64}/g;
const HAS_ASSET_HASH = /[0-9a-f]{64}/;
const PLACEHOLDER = '[ASSET-HASH]';

export function test(value: unknown): boolean {
  return typeof value === 'string' && HAS_ASSET_HASH.test(value) && !value.includes(PLACEHOLDER);
}

export function serialize(
  value: string,
  _config: unknown,
  _indentation: string,
  _depth: number,
  _refs: unknown,
  printer: (v: unknown, ...rest: unknown[]) => string,
): string {
  return printer(value.replace(ASSET_HASH, PLACEHOLDER), _config, _indentation, _depth, _refs);
}
