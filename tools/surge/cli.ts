import { ConfigError, environmentNames, loadConfig } from '../../config/load-config';
import { createAwsClients } from '../aws-checks/aws-clients';
import { parseSurgeArgs, SurgeUsageError } from './args';
import { MAX_OVERRIDE_MINUTES, MIN_OVERRIDE_MINUTES } from './duration';
import { runSurge } from './run-surge';
import { surgeEnvironmentFor } from './surge-environment';

const USAGE = `Usage:
  npm run surge -- --env <name> [--writer <class> | --min-acu <n> --max-acu <n>] [--readers <n>] --for <duration> --reason "<text>" [--dry-run]
  npm run surge -- --env <name> --clear [--dry-run]

An emergency override without a deploy: records a time-bounded capacity target on the environment's
cluster (tags, one AddTagsToResource) that the pre-scaler's next run honours like a campaign in force,
and that expires by itself. Validated like a calendar entry before any AWS call.
  --env       ${environmentNames().join(' | ')}
  --writer    provisioned writer: an instance class of the baseline's family, at least the baseline,
              at most preScaler.reactive.ceiling (e.g. db.r6g.4xlarge)
  --min-acu   Serverless v2 writer: the minimum ACU (at least the baseline minimum; 0.5 steps)
  --max-acu   Serverless v2 writer: the maximum ACU (at least the baseline maximum, at most the ceiling)
  --readers   the reader floor (at least readerAutoScaling.minReplicas, at most maxReplicas)
  --for       how long it holds: ${MIN_OVERRIDE_MINUTES}m to ${MAX_OVERRIDE_MINUTES / 60}h, e.g. 90m, 6h, 1h30m
  --reason    why (required; letters, digits, spaces and _ . : / = + - @ only: it is a tag value)
  --clear     remove the override now (one RemoveTagsFromResource)
  --dry-run   validate, read the cluster and print what would happen; write nothing
Run it with the operators' role aurora-surge-<env>-operators (docs/surge-override.md).
Exit code: 0 done, 1 AWS refused or no such cluster (nothing changed), 2 usage or validation error (nothing changed).`;

async function main(argv: string[]): Promise<number> {
  const args = parseSurgeArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.env === '') throw new SurgeUsageError(`--env is required. Fix: add --env ${environmentNames().join('|')}.`);
  const env = loadConfig(args.env);
  const clients = createAwsClients(env.region);
  const outcome = await runSurge({ env: surgeEnvironmentFor(env), args, clients, now: () => new Date() });
  (outcome.exitCode === 0 ? process.stdout : process.stderr).write(outcome.text);
  return outcome.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof SurgeUsageError) console.error(`surge: ${err.message}\n\n${USAGE}`);
    else if (err instanceof ConfigError) console.error(err.message);
    else console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(2);
  },
);
