/**
 * `npm run rehearse -- --env staging --campaign <id> --endpoint <host> [--read-endpoint <host>] [--duration 20m]`
 *
 * Rehearses a marketing campaign against an environment's RDS Proxy endpoints and writes a report with a
 * verdict. See docs/rehearsal.md. The exit code is the verdict: 0 held, 1 did not hold, 2 could not run,
 * 130 interrupted (the report is still written).
 */
import { ConfigError, loadConfig } from '../../config';
import { parseRehearsalArgs, USAGE, UsageError, type RehearsalArgs } from './args';
import { CampaignLookupError, findCampaign } from './campaign-lookup';
import { CredentialsError, credentialsFromEnvironment } from './credentials';
import type { EndpointSettings } from './driver/driver';
import { driverForEngine, UnsupportedEngineError } from './driver/driver-for-engine';
import { planRehearsal, RehearsalPlanError, type RehearsalPlan } from './plan';
import { createProgressDisplay, silentProgress, type ProgressDisplay } from './progress';
import { writeReport } from './report/write-report';
import { RehearsalSetupError, runRehearsal } from './run-rehearsal';
import { exitCodeFor } from './verdict';

const EXIT_CANNOT_RUN = 2;
const EXIT_INTERRUPTED = 130;
const KNOWN_ERRORS = [
  UsageError,
  ConfigError,
  UnsupportedEngineError,
  CampaignLookupError,
  RehearsalPlanError,
  CredentialsError,
  RehearsalSetupError,
];

function describePlan(plan: RehearsalPlan, args: RehearsalArgs): string {
  const p = plan.profile;
  return [
    `Rehearsing ${plan.campaignId ?? 'an ad-hoc peak'} in ${plan.environment} for ${Math.round(p.durationMs / 1000)} s:`,
    `  baseline ${p.baseline.connections} connections / ${p.baseline.transactionsPerSecond} tps → peak ${p.peak.connections} connections / ${Number(p.peak.transactionsPerSecond.toFixed(1))} tps`,
    ...plan.notes.map((n) => `  ${n}`),
    `  read/write ${args.endpoint}, read-only ${args.readEndpoint ?? args.endpoint}, TLS ${args.tls}`,
    '  Ctrl-C stops the load cleanly and still writes the report.',
  ].join('\n');
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseRehearsalArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig(args.env);
  const driver = driverForEngine(config.name, config.database.engine);
  const campaign = args.campaign ? await findCampaign(args.campaign) : undefined;
  const plan = planRehearsal(config, args, campaign);
  const credentials = credentialsFromEnvironment(env, config.name);
  const endpoint = (host: string): EndpointSettings => ({
    host,
    port: args.port,
    database: args.database ?? config.database.databaseName,
    user: credentials.user,
    password: credentials.password,
    tls: args.tls,
    ...(args.caFile ? { caFile: args.caFile } : {}),
  });

  console.error(describePlan(plan, args));
  const abort = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) {
      console.error('\nSecond Ctrl-C: exiting now; the scratch schema may be left behind.');
      process.exit(EXIT_INTERRUPTED);
    }
    console.error('\nStopping: finishing in-flight transactions, cleaning up and writing the report (Ctrl-C again to quit at once)…');
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  // Created at the first live figures, so set-up messages are not drawn over.
  let display: ProgressDisplay | undefined;
  const progress: ProgressDisplay = {
    update: (f) => {
      display ??= args.quiet ? silentProgress : createProgressDisplay(plan.profile.durationMs);
      display.update(f);
    },
    stop: () => display?.stop(),
  };
  try {
    const result = await runRehearsal({
      plan,
      driver,
      writer: endpoint(args.endpoint),
      reader: endpoint(args.readEndpoint ?? args.endpoint),
      keep: args.keep,
      signal: abort.signal,
      onLive: (f) => progress.update(f),
      log: (m) => {
        if (!args.quiet) console.error(m);
      },
    });
    progress.stop();
    display = undefined;
    const written = await writeReport(result.report, args.reportDir);
    console.log(`\n${result.report.verdict.headline}`);
    for (const c of result.report.verdict.checks) console.log(`  ${c.passed ? 'pass' : 'FAIL'}  ${c.name}: ${c.measured} (${c.limit})`);
    console.log(`\nReport: ${written.markdown}\n        ${written.html}`);
    if (result.fatalError) {
      console.error(`\nThe load stopped: ${result.fatalError}.`);
      return EXIT_CANNOT_RUN;
    }
    return exitCodeFor(result.report.verdict.outcome);
  } finally {
    progress.stop();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (KNOWN_ERRORS.some((type) => error instanceof type)) {
        console.error((error as Error).message);
      } else {
        console.error(error);
      }
      process.exit(EXIT_CANNOT_RUN);
    },
  );
}
