import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, environmentNames, loadConfig } from '../../config/load-config';
import { loadCalendar } from '../../config/load-calendar';
import { createAwsClients } from '../aws-checks/aws-clients';
import { parseChecklistArgs, UsageError } from '../aws-checks/cli-args';
import { checklistJson, renderChecklist, reportPassed } from '../aws-checks/render-checklist';
import { runVerify } from './run-verify';

const USAGE = `Usage: npm run verify -- --env <name> [--json]

Checks a deployed environment after \`cdk deploy\`. It changes state only here, and reversibly:
  - one alarm per topic is put into ALARM with SetAlarmState (the reason says it is a test; the
    subscribers get one test notification, then an OK), and set back;
  - the pre-scaler is invoked once with { "dryRun": true }: it decides and changes nothing.
It then reads: the pre-scaler's schedule and last run, the proxy's targets and endpoints, the secret's
rotation, the reader scalable target's tag and range.
  --env   ${environmentNames().join(' | ')}
  --json  machine-readable report
Exit code: 0 every check passed, 1 a check failed (or no credentials), 2 usage or config error.`;

async function main(argv: string[]): Promise<number> {
  const args = parseChecklistArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const env = loadConfig(args.env);
  const calendar = loadCalendar(env, { now: new Date() });
  const report = await runVerify({
    env,
    campaigns: calendar.campaigns,
    clients: createAwsClients(env.region),
    waiting: { now: () => new Date(), sleep: (ms) => sleep(ms).then(() => undefined) },
  });
  process.stdout.write(args.json ? checklistJson(report) : renderChecklist(report));
  return reportPassed(report) ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) console.error(`verify: ${err.message}\n\n${USAGE}`);
    else if (err instanceof ConfigError) console.error(err.message);
    else console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(2);
  },
);
