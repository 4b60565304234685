import { parseArgs } from 'node:util';
import { ConfigError, environmentNames, loadConfig } from '../../config/load-config';
import { loadCalendar } from '../../config/load-calendar';
import { isValidTimeZone } from '../../lambda/pre-scaler/core';
import { buildPlan } from './build-plan';
import { formatPlanCostMarkdown } from '../review/plan-cost';
import { formatPlanMarkdown, planToJson } from './render-plan-markdown';

const USAGE = `Usage: npm run plan -- --env <name> [--now <ISO time>] [--campaign <id>]... [--days <n>] [--tz <IANA zone>] [--json]

Prints, for the environment's upcoming campaigns, when the pre-scaler starts scaling up, when it fails
over, when capacity is ready (and the margin before the start), and when it scales back.
  --env       ${environmentNames().join(' | ')} (repeat for several)
  --now       simulate from this instant instead of the wall clock, e.g. 2026-11-20T00:00Z
  --campaign  only these campaigns (repeatable)
  --days      how far ahead to look (default 400)
  --tz        print every time in this zone (default: each campaign's own zone, UTC beside)
  --json      machine-readable output`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      env: { type: 'string', multiple: true },
      now: { type: 'string' },
      campaign: { type: 'string', multiple: true },
      days: { type: 'string' },
      tz: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const envs = values.env ?? [];
  if (envs.length === 0) return fail('--env is required.');
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime())) return fail(`--now "${values.now}" is not a date; use ISO-8601 such as 2026-11-20T00:00Z.`);
  const horizonDays = values.days === undefined ? undefined : Number(values.days);
  if (horizonDays !== undefined && !(Number.isInteger(horizonDays) && horizonDays > 0))
    return fail(`--days "${values.days}" must be a whole number of days above 0.`);
  const timeZone = values.tz;
  if (timeZone !== undefined && !isValidTimeZone(timeZone))
    return fail(`--tz "${timeZone}" is not an IANA time zone such as Europe/Paris.`);

  const json: unknown[] = [];
  for (const name of envs) {
    const env = loadConfig(name);
    const { campaigns, warnings } = loadCalendar(env, { now });
    const unknown = (values.campaign ?? []).filter((id) => !campaigns.some((c) => c.id === id));
    if (unknown.length > 0)
      return fail(
        `no campaign ${unknown.map((id) => `"${id}"`).join(', ')} in ${name}. Known: ${campaigns.map((c) => c.id).join(', ') || 'none'}.`,
      );
    const plan = buildPlan(env, campaigns, {
      now,
      ...(values.campaign ? { campaignIds: values.campaign } : {}),
      ...(horizonDays ? { horizonDays } : {}),
    });
    if (values.json) {
      json.push({ ...(planToJson(plan) as object), calendarWarnings: warnings });
    } else {
      process.stdout.write(formatPlanMarkdown(plan, timeZone));
      process.stdout.write(formatPlanCostMarkdown(plan, env, campaigns));
      if (warnings.length > 0) process.stdout.write(`\n${warnings.map((w) => `> ⚠️ ${w}`).join('\n')}\n`);
      process.stdout.write('\n');
    }
  }
  if (values.json) console.log(JSON.stringify(json.length === 1 ? json[0] : json, null, 2));
  return 0;
}

function fail(message: string): number {
  console.error(`plan: ${message}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
