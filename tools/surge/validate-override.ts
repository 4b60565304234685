import { MAX_TAG_VALUE_LENGTH, TAG_VALUE_PATTERN } from '../../lambda/pre-scaler/contract/surge-tags';
import { compareClasses, knownClassesHint, type PlannerSettings, type WriterCapacity } from '../../lambda/pre-scaler/core';
import type { SurgeArgs } from './args';
import { MAX_OVERRIDE_MINUTES, MIN_OVERRIDE_MINUTES, parseOverrideDuration } from './duration';

/** What `npm run surge` checks a request against: the environment's planner settings and one config fact. */
export interface OverrideRules {
  /** The environment's planner settings: baseline, catalogue, and the reactive ceiling when configured. */
  readonly settings: PlannerSettings;
  /** `readerAutoScaling.maxReplicas`: a floor above it could never be set. */
  readonly readerMaxReplicas: number;
}

/** A valid request: set an override, or clear it. */
export type OverrideRequest =
  | {
      readonly kind: 'set';
      /** @default - the writer is left to the calendar and the surge */
      readonly writer?: WriterCapacity;
      /** @default - the reader floor is left to the calendar and the surge */
      readonly readerFloor?: number;
      readonly durationMinutes: number;
      readonly reason: string;
    }
  | { readonly kind: 'clear' };

export type OverrideValidation =
  | { readonly ok: true; readonly request: OverrideRequest }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Serverless v2 capacity limits: 0.5–256 ACU in steps of 0.5. */
const MAX_ACU = 256;
const ACU_STEP = 0.5;

/**
 * Checks a request the way a calendar entry is checked, before any AWS call, and returns every
 * problem at once, each naming the environment, the flag and the fix:
 * - the writer kind matches the environment's (`--writer` for provisioned, `--min-acu`/`--max-acu` for Serverless v2);
 * - the class is in the catalogue, of the baseline's family, at least the baseline and at most the
 *   reactive ceiling (`preScaler.reactive.ceiling`, when the environment has one);
 * - ACU in 0.5 steps, at least the baseline range, at most 256 and the ceiling;
 * - the reader floor at least the baseline floor and at most `readerAutoScaling.maxReplicas`;
 * - `--for` between 15 minutes and 24 hours; `--reason` present and tag-safe.
 */
export function validateOverrideRequest(args: SurgeArgs, rules: OverrideRules): OverrideValidation {
  const env = rules.settings.environment;
  const file = `config/environments/${env}.ts`;
  const problems: string[] = [];
  const problem = (flag: string, text: string) => problems.push(`[${env}] ${flag}: ${text}`);
  const setting = [args.writer, args.minAcu, args.maxAcu, args.readers, args.for, args.reason].some((v) => v !== undefined);

  if (args.clear) {
    if (setting)
      problem('--clear', 'cannot be combined with --writer, --min-acu, --max-acu, --readers, --for or --reason. Fix: run --clear alone.');
    return problems.length > 0 ? { ok: false, problems } : { ok: true, request: { kind: 'clear' } };
  }

  const base = rules.settings.baseline.writer;
  const ceiling = rules.settings.reactive?.ceiling;
  let writer: WriterCapacity | undefined;

  if (args.writer !== undefined) {
    if (base.kind !== 'provisioned') {
      problem(
        '--writer',
        `the ${env} writer is Serverless v2 (${base.minCapacity}–${base.maxCapacity} ACU), not an instance class. Fix: use --min-acu and/or --max-acu instead.`,
      );
    } else {
      writer = checkInstanceClass(args.writer, base.instanceClass, ceiling, rules.settings, file, (t) => problem('--writer', t));
    }
  }
  if (args.minAcu !== undefined || args.maxAcu !== undefined) {
    if (base.kind !== 'serverless-v2') {
      problem(
        args.minAcu !== undefined ? '--min-acu' : '--max-acu',
        `the ${env} writer is provisioned (${base.instanceClass}), not Serverless v2. Fix: use --writer <instance class> instead.`,
      );
    } else {
      writer = checkAcuRange(args, base, ceiling, env, problem);
    }
  }

  let readerFloor: number | undefined;
  if (args.readers !== undefined) {
    const floor = rules.settings.baseline.readerFloor;
    const max = rules.readerMaxReplicas;
    const n = /^\d{1,2}$/.test(args.readers) ? Number(args.readers) : undefined;
    if (n === undefined)
      problem('--readers', `"${args.readers}" is not a whole number of readers. Fix: e.g. --readers ${Math.min(max, floor + 1)}.`);
    else if (n < floor)
      problem(
        '--readers',
        `${n} is below the ${env} reader floor ${floor} (readerAutoScaling.minReplicas); an override only adds capacity. Fix: use ${floor} or more.`,
      );
    else if (n > max)
      problem(
        '--readers',
        `${n} is above the ${env} reader autoscaling maximum (readerAutoScaling.maxReplicas = ${max}), so the floor could never be set. Fix: use ${max} or fewer, or raise readerAutoScaling.maxReplicas in ${file} and deploy.`,
      );
    else readerFloor = n;
  }
  if (args.writer === undefined && args.minAcu === undefined && args.maxAcu === undefined && args.readers === undefined) {
    problem(
      '--writer/--readers',
      `nothing to raise. Fix: add ${base.kind === 'provisioned' ? '--writer <instance class>' : '--min-acu <n> and/or --max-acu <n>'} and/or --readers <n> (or --clear to remove the override).`,
    );
  }

  let durationMinutes: number | undefined;
  if (args.for === undefined)
    problem(
      '--for',
      `is required: the override expires by itself. Fix: e.g. --for 6h (${MIN_OVERRIDE_MINUTES}m to ${MAX_OVERRIDE_MINUTES / 60}h).`,
    );
  else {
    const minutes = parseOverrideDuration(args.for);
    if (minutes === undefined) problem('--for', `"${args.for}" is not a duration. Fix: write it like 90m, 6h or 1h30m.`);
    else if (minutes < MIN_OVERRIDE_MINUTES || minutes > MAX_OVERRIDE_MINUTES)
      problem(
        '--for',
        `${args.for} is outside ${MIN_OVERRIDE_MINUTES}m–${MAX_OVERRIDE_MINUTES / 60}h. Fix: use a duration in that range; for longer, add a campaign to config/campaigns.ts.`,
      );
    else durationMinutes = minutes;
  }

  const reason = checkReason(args.reason, (t) => problem('--reason', t));

  if (problems.length > 0 || durationMinutes === undefined || reason === undefined) return { ok: false, problems };
  return {
    ok: true,
    request: { kind: 'set', ...(writer ? { writer } : {}), ...(readerFloor !== undefined ? { readerFloor } : {}), durationMinutes, reason },
  };
}

function family(instanceClass: string): string {
  return instanceClass.split('.').slice(0, 2).join('.');
}

function checkInstanceClass(
  name: string,
  baseline: string,
  ceiling: NonNullable<PlannerSettings['reactive']>['ceiling'] | undefined,
  settings: PlannerSettings,
  file: string,
  problem: (text: string) => void,
): WriterCapacity | undefined {
  const env = settings.environment;
  const catalogue = settings.instanceClassSizes;
  if (!catalogue[name]) {
    problem(
      `"${name}" is not an instance class in this project's catalogue. Fix: use one of ${knownClassesHint(baseline, catalogue)} (or add it to config/instance-classes.ts).`,
    );
    return undefined;
  }
  if (family(name) !== family(baseline)) {
    problem(
      `${name} is not of the ${env} writer's family ${family(baseline)} (baseline ${baseline}); a class change across families is a deploy, not an emergency step. Fix: use one of ${knownClassesHint(baseline, catalogue)}.`,
    );
    return undefined;
  }
  if ((compareClasses(settings, name, baseline) ?? 0) < 0) {
    problem(
      `${name} is smaller than the ${env} baseline writer ${baseline}; an override only adds capacity. Fix: use ${baseline} or larger.`,
    );
    return undefined;
  }
  if (ceiling?.kind === 'provisioned' && (compareClasses(settings, name, ceiling.instanceClass) ?? 0) > 0) {
    problem(
      `${name} is above the ${env} ceiling ${ceiling.instanceClass} (preScaler.reactive.ceiling). Fix: use ${ceiling.instanceClass} or smaller, or raise the ceiling in ${file} and deploy.`,
    );
    return undefined;
  }
  return { kind: 'provisioned', instanceClass: name };
}

function parseAcu(text: string): number | undefined {
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isInteger(n / ACU_STEP) ? n : undefined;
}

function checkAcuRange(
  args: SurgeArgs,
  base: Extract<WriterCapacity, { kind: 'serverless-v2' }>,
  ceiling: NonNullable<PlannerSettings['reactive']>['ceiling'] | undefined,
  env: string,
  problem: (flag: string, text: string) => void,
): WriterCapacity | undefined {
  const file = `config/environments/${env}.ts`;
  const cap = ceiling?.kind === 'serverless-v2' ? Math.min(ceiling.maxCapacity, MAX_ACU) : MAX_ACU;
  const capText =
    ceiling?.kind === 'serverless-v2' ? `the ceiling ${cap} ACU (preScaler.reactive.ceiling)` : `the Serverless v2 maximum ${MAX_ACU} ACU`;
  const capFix =
    ceiling?.kind === 'serverless-v2' ? `use ${cap} or less, or raise the ceiling in ${file} and deploy` : `use ${MAX_ACU} or less`;
  const read = (flag: '--min-acu' | '--max-acu', text: string | undefined, floor: number, floorName: string): number | undefined => {
    if (text === undefined) return undefined;
    const n = parseAcu(text);
    if (n === undefined) {
      problem(flag, `"${text}" is not a capacity in ACU (steps of 0.5). Fix: e.g. ${flag} ${Math.max(floor * 2, 1)}.`);
      return undefined;
    }
    if (n < floor) {
      problem(flag, `${n} ACU is below the ${floorName} ${floor} ACU; an override only adds capacity. Fix: use ${floor} or more.`);
      return undefined;
    }
    if (n > cap) {
      problem(flag, `${n} ACU is above ${capText}. Fix: ${capFix}.`);
      return undefined;
    }
    return n;
  };
  const min = read('--min-acu', args.minAcu, base.minCapacity, `${env} baseline minimum`);
  const max = read('--max-acu', args.maxAcu, base.maxCapacity, `${env} baseline maximum`);
  if ((args.minAcu !== undefined && min === undefined) || (args.maxAcu !== undefined && max === undefined)) return undefined;
  const minCapacity = min ?? base.minCapacity;
  const maxCapacity = max ?? Math.max(base.maxCapacity, minCapacity);
  if (minCapacity > maxCapacity) {
    problem('--max-acu', `${maxCapacity} ACU is below --min-acu ${minCapacity} ACU. Fix: set --max-acu to ${minCapacity} or more.`);
    return undefined;
  }
  return { kind: 'serverless-v2', minCapacity, maxCapacity };
}

/** The first character RDS refuses in a tag value, with its code point. */
function firstBadCharacter(text: string): string | undefined {
  const bad = [...text].find((ch) => !TAG_VALUE_PATTERN.test(ch));
  return bad === undefined ? undefined : `"${bad}" (U+${(bad.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')})`;
}

function checkReason(reason: string | undefined, problem: (text: string) => void): string | undefined {
  if (reason === undefined || reason.trim() === '') {
    problem('is required: it is recorded on the cluster for whoever reads it next. Fix: add --reason "what is happening and who decided".');
    return undefined;
  }
  const text = reason.trim();
  const bad = firstBadCharacter(text);
  if (bad) {
    problem(
      `contains ${bad}, which an RDS tag value cannot hold. Fix: use only letters, digits, spaces and _ . : / = + - @ (e.g. replace quotes and commas with spaces).`,
    );
    return undefined;
  }
  if (text.length > MAX_TAG_VALUE_LENGTH) {
    problem(
      `is ${text.length} characters; an RDS tag value holds ${MAX_TAG_VALUE_LENGTH}. Fix: shorten it (link the incident instead of describing it).`,
    );
    return undefined;
  }
  if (/^(aws|rds):/i.test(text)) {
    problem('starts with "aws:" or "rds:", which RDS reserves. Fix: reword the start.');
    return undefined;
  }
  return text;
}
