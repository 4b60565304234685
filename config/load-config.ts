import type { z } from 'zod';
import { ENVIRONMENTS, type EnvironmentName } from './environments';
import { environmentSchema, type EnvironmentConfig, type EnvironmentInput } from './schema/environment';
import { EXISTING_DATABASE_RULES, SHARED_DATABASE_FIELDS } from './schema/existing-database-rules';
import { ENVIRONMENT_RULES, type RuleViolation } from './schema/rules';

/** Thrown when an environment's config is invalid; `problems` holds one line per problem. */
export class ConfigError extends Error {
  constructor(
    readonly environment: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Invalid configuration for environment "${environment}" (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

function zodProblems(issues: readonly z.core.$ZodIssue[]): Array<{ field: string; message: string }> {
  return issues.map((issue) => {
    const field = formatPath(issue.path) || '(root)';
    if (issue.code === 'unrecognized_keys') {
      return {
        field,
        message: `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}. Fix: remove them or check the spelling against config/schema.`,
      };
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      return { field, message: "is required. Fix: set it (see the README's configuration reference)." };
    }
    if (issue.code === 'invalid_type') {
      return {
        field,
        message: `must be a ${issue.expected}, but is ${JSON.stringify(issue.input)}. Fix: write it as a ${issue.expected}.`,
      };
    }
    return { field, message: issue.message };
  });
}

/**
 * Validates one environment's config: field checks (zod) and cross-field rules, all problems at once.
 * Returns the frozen, validated config, or throws a {@link ConfigError} listing every problem as
 * `[env] field: what is wrong. Fix: …`.
 */
export function validateEnvironment(input: EnvironmentInput, label: string = (input as { name?: string }).name ?? '?'): EnvironmentConfig {
  // reportInput: zod 4 leaves `issue.input` out unless asked, and it tells "missing" from "wrong type".
  const parsed = environmentSchema.safeParse(input, { reportInput: true });
  const fieldProblems = parsed.success ? [] : zodProblems(parsed.error.issues);
  const failed = fieldProblems.map((p) => p.field);
  const touches = (read: string) =>
    failed.some((f) => f === read || f.startsWith(`${read}.`) || f.startsWith(`${read}[`) || read.startsWith(`${f}.`));
  const env = parsed.success ? parsed.data : input;
  // An existing cluster's block has none of the created cluster's fields (backups, fixed readers…): the rules
  // over those are left out for it, and its own rules run instead.
  const existing = (input as { database?: { kind?: unknown } }).database?.kind === 'existing';
  const createdOnly = (read: string) => read.startsWith('database.') && !SHARED_DATABASE_FIELDS.includes(read);
  const rules: ReadonlyArray<{ readonly reads: readonly string[]; readonly check: (env: never) => RuleViolation[] }> = existing
    ? [...ENVIRONMENT_RULES.filter((rule) => !rule.reads.some(createdOnly)), ...EXISTING_DATABASE_RULES]
    : ENVIRONMENT_RULES;
  const ruleProblems = rules
    .filter((rule) => !rule.reads.some(touches))
    .flatMap((rule) => {
      try {
        return rule.check(env as never);
      } catch {
        return []; // a rule over input whose shape is broken elsewhere: that problem is already reported
      }
    });
  const problems = [...fieldProblems, ...ruleProblems].map((p) => `[${label}] ${p.field}: ${p.message}`);
  if (problems.length > 0 || !parsed.success) throw new ConfigError(label, problems);
  return deepFreeze(parsed.data);
}

/** Loads and validates a committed environment by name. */
export function loadConfig(name: string): EnvironmentConfig {
  if (!Object.hasOwn(ENVIRONMENTS, name)) {
    throw new ConfigError(name, [
      `[${name}] (environment): unknown environment. Fix: use one of ${Object.keys(ENVIRONMENTS).join(', ')}, or add config/environments/${name}.ts.`,
    ]);
  }
  return validateEnvironment(ENVIRONMENTS[name as EnvironmentName], name);
}

export function environmentNames(): EnvironmentName[] {
  return Object.keys(ENVIRONMENTS) as EnvironmentName[];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
