import type { EnvironmentConfig } from '../../config';
import type { RehearsalThresholds, TransactionMix } from '../../config/schema/rehearsal';
import type { RehearsalArgs } from './args';
import type { ExpectedPeak, RehearsalCampaign } from './campaign-lookup';
import type { LoadProfile } from './profile';
import type { LoadLevel } from './types';
import type { WorkloadFile } from './workload/workload-file';

/** Everything a rehearsal will do, decided before it touches the database. */
export interface RehearsalPlan {
  readonly environment: string;
  readonly campaignId?: string;
  /**
   * The peak the campaign's `expectedPeak` asks for, whatever the flags say: the verdict compares the
   * rehearsed peak with it. @default - no campaign, or one that states no expectedPeak
   */
  readonly expectedPeak?: LoadLevel;
  /** The shop's own statements (`--workload`). @default - the built-in shop workload only */
  readonly workloadFile?: WorkloadFile;
  /** Plain-language notes for the report (where the peak came from, campaign planned for another env…). */
  readonly notes: readonly string[];
  readonly profile: LoadProfile;
  readonly mix: TransactionMix;
  readonly thresholds: RehearsalThresholds;
  readonly connectionsPerAppInstance: number;
  readonly acquireTimeoutMs: number;
  readonly seedProducts: number;
}

/** Why a rehearsal may not run as asked; each problem names the environment, the field or flag and the fix. */
export class RehearsalPlanError extends Error {
  constructor(
    readonly environment: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Cannot rehearse "${environment}" (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'RehearsalPlanError';
  }
}

/** The peak asked for on the command line; any flag given replaces the campaign's whole expected peak. */
export interface PeakOverrides {
  readonly peakMultiple?: number;
  readonly peakConnections?: number;
  readonly peakTransactionsPerSecond?: number;
}

/** The resolved peak and a sentence per figure saying where it came from. */
export interface ResolvedPeak {
  readonly peak: LoadLevel;
  readonly explanation: readonly string[];
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * The peak of the profile. Source, first that states anything: the command-line flags, the campaign's
 * `expectedPeak`, the config's `defaultPeakMultiple`. Within a source, a figure given explicitly is used
 * as is; a missing one is the source's multiple of baseline or, failing that, scaled like the other
 * explicit figure (more transactions need proportionally more connections), or the default multiple.
 */
export function resolvePeak(
  baseline: LoadLevel,
  defaultMultiple: number,
  campaign: RehearsalCampaign | undefined,
  overrides: PeakOverrides,
): ResolvedPeak {
  const fromFlags =
    overrides.peakMultiple !== undefined || overrides.peakConnections !== undefined || overrides.peakTransactionsPerSecond !== undefined;
  const campaignPeak: ExpectedPeak | undefined = campaign?.expectedPeak;
  const fromCampaign =
    !fromFlags &&
    campaignPeak !== undefined &&
    (campaignPeak.clientConnections !== undefined ||
      campaignPeak.transactionsPerSecond !== undefined ||
      campaignPeak.multipleOfBaseline !== undefined);
  const source = fromFlags
    ? 'the command line'
    : fromCampaign
      ? `campaign ${campaign?.id}'s expectedPeak`
      : 'config: rehearsal.profile.defaultPeakMultiple';
  const stated = fromFlags
    ? { connections: overrides.peakConnections, tps: overrides.peakTransactionsPerSecond, multiple: overrides.peakMultiple }
    : fromCampaign && campaignPeak
      ? {
          connections: campaignPeak.clientConnections,
          tps: campaignPeak.transactionsPerSecond,
          multiple: campaignPeak.multipleOfBaseline,
        }
      : { connections: undefined, tps: undefined, multiple: defaultMultiple };

  const figure = (
    name: string,
    explicit: number | undefined,
    base: number,
    other: { explicit: number | undefined; base: number; name: string },
  ) => {
    if (explicit !== undefined) return { value: explicit, why: `${name} ${round2(explicit)} from ${source}` };
    if (stated.multiple !== undefined)
      return {
        value: base * stated.multiple,
        why: `${name} ${round2(base * stated.multiple)} = ${stated.multiple} × baseline ${base} (${source})`,
      };
    if (other.explicit !== undefined) {
      const ratio = other.explicit / other.base;
      return {
        value: base * ratio,
        why: `${name} ${round2(base * ratio)} = baseline ${base} scaled like the ${other.name} (× ${round2(ratio)}, ${source})`,
      };
    }
    return {
      value: base * defaultMultiple,
      why: `${name} ${round2(base * defaultMultiple)} = ${defaultMultiple} × baseline ${base} (config: rehearsal.profile.defaultPeakMultiple)`,
    };
  };
  const connections = figure('connections', stated.connections, baseline.connections, {
    explicit: stated.tps,
    base: baseline.transactionsPerSecond,
    name: 'transactions per second',
  });
  const tps = figure('transactions per second', stated.tps, baseline.transactionsPerSecond, {
    explicit: stated.connections,
    base: baseline.connections,
    name: 'connections',
  });
  return {
    peak: { connections: Math.ceil(connections.value - 1e-9), transactionsPerSecond: tps.value },
    explanation: [`Peak ${connections.why}.`, `Peak ${tps.why}.`],
  };
}

/**
 * Checks the request against the environment's config and the safety bounds, and fixes the profile.
 * Throws {@link RehearsalPlanError} listing every problem.
 */
export function planRehearsal(
  config: EnvironmentConfig,
  args: RehearsalArgs,
  campaign: RehearsalCampaign | undefined,
  workloadFile?: WorkloadFile,
): RehearsalPlan {
  const env = config.name;
  const { profile: p, bounds, thresholds } = config.rehearsal;
  const problems: string[] = [];
  const notes: string[] = [];

  if (config.production && !args.allowProduction) {
    problems.push(
      `[${env}] production: the environment is marked production, and a rehearsal adds campaign-sized load to it. Fix: rehearse in staging; if you really mean ${env}, pass --allow-production and run it in a quiet window.`,
    );
  }
  if (config.production && args.allowProduction) notes.push(`Run against a production environment (${env}) with --allow-production.`);

  const durationMs = args.durationMs ?? p.defaultDurationMinutes * 60_000;
  if (durationMs > bounds.maxDurationMinutes * 60_000) {
    problems.push(
      `[${env}] --duration: ${durationMs / 60_000} minutes is above rehearsal.bounds.maxDurationMinutes (${bounds.maxDurationMinutes}). Fix: shorten the run, or raise the bound in config/environments/${env}.ts.`,
    );
  }

  const baseline: LoadLevel = { connections: p.baselineConnections, transactionsPerSecond: p.baselineTransactionsPerSecond };
  const { peak, explanation } = resolvePeak(baseline, p.defaultPeakMultiple, campaign, args);
  notes.push(...explanation);
  const stated = campaign?.expectedPeak;
  const expectedPeak =
    stated &&
    (stated.clientConnections !== undefined || stated.transactionsPerSecond !== undefined || stated.multipleOfBaseline !== undefined)
      ? resolvePeak(baseline, p.defaultPeakMultiple, campaign, {}).peak
      : undefined;
  if (peak.connections > bounds.maxConnections) {
    problems.push(
      `[${env}] peak connections: ${peak.connections} is above rehearsal.bounds.maxConnections (${bounds.maxConnections}). Fix: check the campaign's expectedPeak or the flags, or raise the bound in config/environments/${env}.ts.`,
    );
  }
  if (peak.transactionsPerSecond > bounds.maxTransactionsPerSecond) {
    problems.push(
      `[${env}] peak transactions per second: ${round2(peak.transactionsPerSecond)} is above rehearsal.bounds.maxTransactionsPerSecond (${bounds.maxTransactionsPerSecond}). Fix: check the campaign's expectedPeak or the flags, or raise the bound in config/environments/${env}.ts.`,
    );
  }
  if (peak.connections < baseline.connections || peak.transactionsPerSecond < baseline.transactionsPerSecond) {
    problems.push(
      `[${env}] peak: ${peak.connections} connections / ${round2(peak.transactionsPerSecond)} tps is below the baseline (${baseline.connections} / ${baseline.transactionsPerSecond}). Fix: a campaign peak must be at least baseline; check expectedPeak or the flags, or lower rehearsal.profile's baseline.`,
    );
  }

  if (campaign?.environments && !campaign.environments.includes(env)) {
    notes.push(
      `Campaign ${campaign.id} is planned for ${campaign.environments.join(', ')}; rehearsed here in ${env} with the campaign's expected peak.`,
    );
  }

  if (problems.length > 0) throw new RehearsalPlanError(env, problems);
  return {
    environment: env,
    ...(campaign ? { campaignId: campaign.id } : {}),
    ...(expectedPeak ? { expectedPeak } : {}),
    ...(workloadFile ? { workloadFile } : {}),
    notes,
    profile: { durationMs, baseline, peak, phases: p.phases },
    mix: p.mix,
    thresholds,
    connectionsPerAppInstance: p.connectionsPerAppInstance,
    acquireTimeoutMs: p.acquireTimeoutMs,
    seedProducts: p.seedProducts,
  };
}
