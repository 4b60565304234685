import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { productId } from '../shop/transaction-params';
import type { WorkloadStatement } from './workload';
import { hasSeveralStatements, sessionStateConditions } from './session-state';

/**
 * A workload file: the shop's own statements, in the spirit of pgbench's custom scripts. JSON:
 *
 * ```json
 * { "mode": "extend",
 *   "statements": [
 *     { "name": "category-page", "endpoint": "read-only", "weight": 20,
 *       "sql": "SELECT id, name FROM {{schema}}.products WHERE category_id = $1 ORDER BY price_cents LIMIT 20",
 *       "params": [{ "int": { "min": 1, "max": 100 } }] } ] }
 * ```
 *
 * `mode`: `replace` runs only the file's statements; `extend` adds them to the built-in shop workload
 * (whose weights are the mix in percent: 80, 15, 5). `{{schema}}` stands for the run's scratch schema.
 * Parameter generators: `int` (uniform whole number), `choice` (one of a list), `product` (a product id
 * with the shop's hot-product skew), `text` (random letters). Example: tools/rehearse/workloads/example.json.
 */

const SCHEMA_PLACEHOLDER = '{{schema}}';

const paramSchema = z.union([
  z.strictObject({ int: z.strictObject({ min: z.number().int(), max: z.number().int() }) }),
  z.strictObject({ choice: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1, { error: 'must list at least one value' }) }),
  z.strictObject({ product: z.strictObject({}).optional() }),
  z.strictObject({ text: z.strictObject({ length: z.number().int().min(1).max(1000) }) }),
]);

const statementSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,62}$/, { error: 'must be a name of letters, digits, - and _ (starting with a letter)' }),
  endpoint: z.enum(['read-write', 'read-only'], { error: 'must be "read-write" (ProxyEndpoint) or "read-only" (ProxyReadOnlyEndpoint)' }),
  weight: z.number().positive({ error: 'must be a positive number (a relative weight, like pgbench -f file@weight)' }),
  sql: z.string().min(1, { error: 'must hold one SQL statement' }),
  params: z.array(paramSchema).default([]),
});

const fileSchema = z.strictObject({
  description: z.string().optional(),
  mode: z
    .enum(['replace', 'extend'], { error: 'must be "replace" (only these statements) or "extend" (added to the shop workload)' })
    .default('replace'),
  statements: z.array(statementSchema).min(1, { error: 'must list at least one statement' }),
});

export type WorkloadFileStatement = z.output<typeof statementSchema>;
export type ParamGenerator = z.output<typeof paramSchema>;

/** A validated workload file. */
export interface WorkloadFile {
  readonly path: string;
  readonly mode: 'replace' | 'extend';
  readonly description?: string;
  readonly statements: readonly WorkloadFileStatement[];
}

/** Why a workload file cannot be used; lists every problem with its field and fix. */
export class WorkloadFileError extends Error {
  constructor(
    readonly environment: string,
    readonly path: string,
    readonly problems: readonly string[],
  ) {
    super(
      `[${environment}] --workload ${path} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'WorkloadFileError';
  }
}

/** Built-in statement names, reserved in `extend` mode. */
const SHOP_NAMES = ['productRead', 'cartWrite', 'orderWrite'];

function placeholders(sql: string): number[] {
  return [...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
}

/** Validates a parsed workload file. Pure: throws {@link WorkloadFileError} listing every problem. */
export function validateWorkloadFile(raw: unknown, path: string, environment: string): WorkloadFile {
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new WorkloadFileError(
      environment,
      path,
      parsed.error.issues.map((i) => {
        const field = i.path.length
          ? i.path
              .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
              .join('')
              .replace(/^\./, '')
          : '(file)';
        return `${field}: ${i.message}. Fix: see the format in docs/rehearsal.md (example: tools/rehearse/workloads/example.json).`;
      }),
    );
  }
  const file = parsed.data;
  const problems: string[] = [];
  const seen = new Set<string>();
  file.statements.forEach((s, i) => {
    const at = `statements[${i}] (${s.name})`;
    if (seen.has(s.name)) problems.push(`${at}.name: "${s.name}" is used twice. Fix: give each statement its own name.`);
    seen.add(s.name);
    if (file.mode === 'extend' && SHOP_NAMES.includes(s.name))
      problems.push(`${at}.name: "${s.name}" is a built-in shop statement in extend mode. Fix: rename it.`);
    for (const condition of sessionStateConditions(s.sql))
      problems.push(
        `${at}.sql: uses ${condition}, which keeps session state and pins the connection in RDS Proxy. Fix: remove it (set parameters in the proxy's initialization query or the parameter group instead).`,
      );
    if (hasSeveralStatements(s.sql))
      problems.push(`${at}.sql: holds more than one statement. Fix: one statement per entry (split it into several entries).`);
    const used = placeholders(s.sql);
    const highest = used.length ? Math.max(...used) : 0;
    if (highest !== s.params.length)
      problems.push(
        `${at}.params: the SQL uses ${highest === 0 ? 'no placeholder' : `$1…$${highest}`} but params has ${s.params.length} entr${s.params.length === 1 ? 'y' : 'ies'}. Fix: give one generator per placeholder, in order.`,
      );
    for (let n = 1; n <= highest; n++)
      if (!used.includes(n))
        problems.push(`${at}.sql: uses $${highest} but not $${n}. Fix: number the placeholders $1, $2, … without gaps.`);
    s.params.forEach((p, j) => {
      if ('int' in p && p.int.min > p.int.max)
        problems.push(`${at}.params[${j}].int: min ${p.int.min} is above max ${p.int.max}. Fix: swap them.`);
    });
  });
  if (problems.length) throw new WorkloadFileError(environment, path, problems);
  return { path, mode: file.mode, ...(file.description ? { description: file.description } : {}), statements: file.statements };
}

/** Reads and validates a workload file. */
export async function loadWorkloadFile(path: string, environment: string): Promise<WorkloadFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new WorkloadFileError(environment, path, [`cannot read the file: ${(error as Error).message}. Fix: check the path.`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new WorkloadFileError(environment, path, [`is not valid JSON: ${(error as Error).message}. Fix: correct the JSON syntax.`]);
  }
  return validateWorkloadFile(raw, path, environment);
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function generator(p: ParamGenerator, products: number): (random: () => number) => unknown {
  if ('int' in p) {
    const { min, max } = p.int;
    return (random) => min + Math.floor(random() * (max - min + 1));
  }
  if ('choice' in p) {
    const values = p.choice;
    return (random) => values[Math.floor(random() * values.length)] ?? values[0];
  }
  if ('text' in p) {
    const { length } = p.text;
    return (random) => {
      let s = '';
      for (let i = 0; i < length; i++) s += LETTERS[Math.floor(random() * LETTERS.length)];
      return s;
    };
  }
  return (random) => productId(random, products);
}

/** The file's statements for the engine, with `{{schema}}` replaced by the scratch schema (quoted). */
export function workloadFileStatements(file: WorkloadFile, quotedSchema: string, products: number): WorkloadStatement[] {
  return file.statements.map((s) => {
    const generators = s.params.map((p) => generator(p, products));
    return {
      name: s.name,
      text: s.sql.split(SCHEMA_PLACEHOLDER).join(quotedSchema),
      endpoint: s.endpoint === 'read-only' ? 'reader' : 'writer',
      weight: s.weight,
      values: (random: () => number) => generators.map((g) => g(random)),
    };
  });
}
