import { ConfigError, validateEnvironment, type EnvironmentInput } from '../../config';

/** A change to an environment's input, applied to a deep copy. */
export type Patch = (env: any) => void;

/** A deep copy of a committed environment with one change applied. */
export function variant(base: EnvironmentInput, patch: Patch): EnvironmentInput {
  const copy = structuredClone(base);
  patch(copy);
  return copy;
}

/** The problems `validateEnvironment` reports for an input it must reject. */
export function problemsOf(input: EnvironmentInput): string[] {
  try {
    validateEnvironment(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return [...(e as ConfigError).problems];
  }
  throw new Error('expected the config to be rejected');
}
