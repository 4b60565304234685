import { ConfigError, environmentNames, loadConfig } from '../../config/load-config';
import { loadCalendar } from '../../config/load-calendar';
import { ambientRegion, createAwsClients } from '../aws-checks/aws-clients';
import { parseChecklistArgs, UsageError } from '../aws-checks/cli-args';
import { checklistJson, renderChecklist, reportPassed } from '../aws-checks/render-checklist';
import { runPreflight } from './run-preflight';
import { synthesizeStack } from './synthesize-stack';

const USAGE = `Usage: npm run preflight -- --env <name> [--json] [--allow-during-campaign]

Checks the real account before \`cdk deploy\`, with read-only AWS calls: placeholders left in config
(needs no credentials), account and region, the imported VPC, orderable instance classes (every
campaign's too), quotas, CloudFormation schemas, the service-linked role and CDK bootstrap, a campaign
in force, drift on the cluster.
  --env                    ${environmentNames().join(' | ')}
  --json                   machine-readable report
  --allow-during-campaign  do not fail because a campaign is in force (says what to do instead)
Exit code: 0 every check passed, 1 a check failed (or no credentials), 2 usage or config error.`;

async function main(argv: string[]): Promise<number> {
  const args = parseChecklistArgs(argv, ['allow-during-campaign']);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const env = loadConfig(args.env);
  const now = new Date();
  const calendar = loadCalendar(env, { now });
  const report = await runPreflight({
    env,
    campaigns: calendar.campaigns,
    now,
    clients: createAwsClients(env.region),
    shellRegion: await ambientRegion(),
    synthesize: (partition) => synthesizeStack(env, calendar, partition),
    allowDuringCampaign: args.flags['allow-during-campaign'] === true,
  });
  process.stdout.write(args.json ? checklistJson(report) : renderChecklist(report));
  return reportPassed(report) ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) console.error(`preflight: ${err.message}\n\n${USAGE}`);
    else if (err instanceof ConfigError) console.error(err.message);
    else console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(2);
  },
);
