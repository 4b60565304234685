import type { EnvironmentConfig } from '../../config/schema/environment';
import { engineMaxConnections, type WriterCapacity } from '../../lib/connection-budget';
import type { Campaign } from '../../lambda/pre-scaler/core';
import { type CampaignCost, costInputFor, estimateCampaignCost } from './cost';
import { sizeNextEntry, type SizingAdvice } from './next-entry';
import type { InstancePrice } from './prices';
import type { AlarmChange, Decision, MetricKey, RdsEvent, ReviewData } from './review-data';

const MINUTE = 60_000;

export type ReadinessVerdict = 'ready' | 'late' | 'never-ready' | 'pre-scaler-never-ran';

export interface Readiness {
  readonly verdict: ReadinessVerdict;
  /** First run that found the campaign's capacity in place. @default - never */
  readonly readyAtMs?: number;
  /** start − ready; negative when late. */
  readonly marginMs?: number;
  readonly runs: number;
  readonly text: string;
}

export interface Peak {
  readonly what: string;
  /** Highest value in the window. @default - no data */
  readonly measured?: number;
  readonly atMs?: number;
  readonly unit: string;
  /** What the calendar expected. @default - not stated */
  readonly expected?: number;
  /** The limit it is compared with, and its name. */
  readonly limit?: { readonly value: number; readonly name: string };
}

export interface Interval {
  readonly startMs: number;
  readonly endMs?: number;
  readonly label: string;
}

export interface Review {
  readonly environment: string;
  readonly campaignId: string;
  readonly window: { readonly startMs: number; readonly endMs: number };
  readonly resolutionNote: string;
  readonly gaps: readonly string[];
  readonly readiness: Readiness;
  /** The pre-scaler's steps (mutating decisions, refusals, blocks), in order. */
  readonly steps: readonly Decision[];
  readonly peaks: readonly Peak[];
  readonly failovers: readonly Interval[];
  readonly modifications: readonly Interval[];
  readonly alarms: readonly Interval[];
  readonly cost: CampaignCost;
  /** How the cost interval was found. */
  readonly costBasis: string;
  /** The sizing advice for the next entry. @default - none (no writer CPU measured, or a Serverless v2 writer) */
  readonly sizing?: SizingAdvice;
  readonly sizingNote?: string;
  readonly nextExpectedPeak: { readonly clientConnections?: number; readonly transactionsPerSecond?: number };
}

/**
 * Answers the review's questions from the fetched data: ready in time and by what margin; the peaks
 * against what was expected and the limits; the failovers, class changes and alarms with their
 * durations; the cost; the next entry. Pure: same data, same review.
 */
export function analyzeReview(data: ReviewData, env: EnvironmentConfig, campaign: Campaign, prices: readonly InstancePrice[]): Review {
  const { startMs, endMs } = data.window;
  const leadMs = env.preScaler.leadTimeMinutes * MINUTE;
  const coolMs = env.preScaler.coolDownMinutes * MINUTE;
  const readiness = assessReadiness(data.decisions, campaign.id, startMs, endMs, leadMs);
  const steps = data.decisions.filter(
    (d) => d.outcome === 'acted' || d.outcome === 'dry-run' || d.outcome === 'rejected' || d.action === 'blocked',
  );

  const inWindow = (key: MetricKey) => peakOf(data, key, startMs, endMs);
  const campaignCapacity = writerCapacityOf(campaign, env);
  const maxConnections = engineMaxConnections(env.database.engine, campaignCapacity);
  const proxyPool = Math.floor((maxConnections * env.proxy.maxConnectionsPercent) / 100);
  const proxyCapacity = Math.floor(proxyPool * env.proxy.assumedMultiplexingRatio);
  const t = env.monitoring.thresholds;
  const expected = campaign.expectedPeak;
  const peaks: Peak[] = [
    {
      what: 'Writer CPU',
      unit: '%',
      ...inWindow('writerCpuMaxPercent'),
      limit: { value: t.writerCpuPercent.warning, name: 'warning threshold' },
    },
    {
      what: 'Writer connections',
      unit: 'connections',
      ...inWindow('writerConnectionsMax'),
      limit: { value: maxConnections, name: `max_connections of ${describe(campaignCapacity)}` },
    },
    {
      what: 'Proxy client connections',
      unit: 'connections',
      ...inWindow('proxyClientConnections'),
      ...(expected?.clientConnections !== undefined ? { expected: expected.clientConnections } : {}),
      limit: { value: proxyCapacity, name: `proxy pool ${proxyPool} × multiplexing ${env.proxy.assumedMultiplexingRatio}` },
    },
    {
      what: 'Commits per second',
      unit: '/s',
      ...inWindow('commitThroughputAvgPerSecond'),
      ...(expected?.transactionsPerSecond !== undefined ? { expected: expected.transactionsPerSecond } : {}),
    },
    {
      what: 'Worst replica lag',
      unit: 'ms',
      ...inWindow('replicaLagMaxMs'),
      limit: { value: t.replicaLagMs.warning, name: 'warning threshold' },
    },
    {
      what: 'Reader CPU (average)',
      unit: '%',
      ...inWindow('readerCpuAvgPercent'),
      limit: { value: t.readerCpuPercent.warning, name: 'warning threshold' },
    },
    {
      what: 'Readers',
      unit: 'readers',
      ...inWindow('readerCountMax'),
      expected: campaign.readerFloor,
      limit: { value: env.readerAutoScaling.maxReplicas, name: 'readerAutoScaling.maxReplicas' },
    },
  ];

  const { cost, costBasis } = reviewCost(data, env, campaign, prices, leadMs, coolMs);
  const writerPeak = peaks[0];
  const sizingAndNote = sizing(data, env, campaign, readiness, writerPeak, startMs, endMs);
  const clients = inWindow('proxyClientConnections').measured;
  const tps = inWindow('commitThroughputAvgPerSecond').measured;
  return {
    environment: data.environment,
    campaignId: campaign.id,
    window: data.window,
    resolutionNote: data.resolution.note,
    gaps: data.gaps,
    readiness,
    steps,
    peaks,
    failovers: pairEvents(data.events, /started (cross az )?failover/i, /completed failover|failover completed/i, 'cluster'),
    modifications: pairEvents(data.events, /^applying modification/i, /finished applying modification/i, 'instance'),
    alarms: alarmIntervals(data.alarms),
    cost,
    costBasis,
    ...sizingAndNote,
    nextExpectedPeak: {
      ...(clients !== undefined ? { clientConnections: Math.ceil(clients) } : {}),
      ...(tps !== undefined ? { transactionsPerSecond: Math.ceil(tps) } : {}),
    },
  };
}

/** Was the campaign's capacity in place before the start? Read from the runs' own `ready` verdict. */
export function assessReadiness(
  decisions: readonly Decision[],
  campaignId: string,
  startMs: number,
  endMs: number,
  leadMs: number,
): Readiness {
  const runs = decisions.filter((d) => d.atMs >= startMs - leadMs && d.atMs < endMs);
  if (runs.length === 0) {
    return {
      verdict: 'pre-scaler-never-ran',
      runs: 0,
      text: 'The pre-scaler never ran between the start of the lead time and the end: no "pre-scaler run" log line. Capacity was whatever the cluster already had. Check that the function is deployed, its schedule rule enabled, and that it did not fail before logging (its alarms below).',
    };
  }
  const ready = runs.find((d) => d.ready === true && d.inForce.includes(campaignId));
  if (!ready) {
    return {
      verdict: 'never-ready',
      runs: runs.length,
      text: `Capacity was **never ready**: ${runs.length} runs between the lead time and the end, none found the campaign's target in place. See the steps below for what held it.`,
    };
  }
  const marginMs = startMs - ready.atMs;
  if (marginMs < 0)
    return {
      verdict: 'late',
      readyAtMs: ready.atMs,
      marginMs,
      runs: runs.length,
      text: `Capacity was ready **${minutes(-marginMs)} late**, at ${iso(ready.atMs)} (the campaign started ${iso(startMs)}).`,
    };
  return {
    verdict: 'ready',
    readyAtMs: ready.atMs,
    marginMs,
    runs: runs.length,
    text: `Capacity was ready at ${iso(ready.atMs)}, ${minutes(marginMs)} before the start.`,
  };
}

function peakOf(data: ReviewData, key: MetricKey, fromMs: number, toMs: number): { measured?: number; atMs?: number } {
  const s = data.metrics[key];
  let best: { measured: number; atMs: number } | undefined;
  s.timestampsMs.forEach((t, i) => {
    const v = s.values[i];
    if (v === undefined || t < fromMs || t >= toMs) return;
    if (!best || v > best.measured) best = { measured: v, atMs: t };
  });
  return best ?? {};
}

function writerCapacityOf(campaign: Campaign, env: EnvironmentConfig): WriterCapacity {
  const w = campaign.writer;
  if (w.kind === 'provisioned') return { kind: 'provisioned', instanceClass: w.instanceClass };
  const envMax = env.database.writer.kind === 'serverless-v2' ? env.database.writer.maxCapacity : w.minCapacity;
  return { kind: 'serverless-v2', minCapacity: w.minCapacity, maxCapacity: w.maxCapacity ?? envMax };
}

function describe(c: WriterCapacity): string {
  return c.kind === 'provisioned' ? c.instanceClass : `${c.maxCapacity} ACU max`;
}

/** The extra capacity's interval as the pre-scaler's log shows it: first step up to back at the baseline. */
function reviewCost(
  data: ReviewData,
  env: EnvironmentConfig,
  campaign: Campaign,
  prices: readonly InstancePrice[],
  leadMs: number,
  coolMs: number,
): { cost: CampaignCost; costBasis: string } {
  const { startMs, endMs } = data.window;
  const acted = data.decisions.filter((d) => d.outcome === 'acted');
  const firstUp = acted.find((d) => d.direction === 'up' && d.campaignId === campaign.id);
  const backAtBaseline = data.decisions.find((d) => d.atMs >= endMs && d.inForce.length === 0 && d.action === 'none');
  const lastDown = [...acted].reverse().find((d) => d.direction === 'down' && d.atMs >= endMs);
  if (!firstUp) {
    const cost = estimateCampaignCost(costInputFor(env, campaign, startMs - leadMs, endMs + coolMs), prices);
    return {
      cost,
      costBasis:
        data.decisions.length === 0
          ? 'No run was logged, so the interval is the configured one (start − lead time to end + cool-down): what it would have cost had the pre-scaler scaled.'
          : 'The pre-scaler took no scale-up step for this campaign (capacity was already there, or it never acted): the interval is the configured one (start − lead time to end + cool-down).',
    };
  }
  const toMs = backAtBaseline?.atMs ?? lastDown?.atMs ?? data.range.toMs;
  const basis = backAtBaseline
    ? `from the first scale-up step (${iso(firstUp.atMs)}) to the first run back at the baseline (${iso(toMs)})`
    : lastDown
      ? `from the first scale-up step (${iso(firstUp.atMs)}) to the last scale-down step (${iso(toMs)}); no run back at the baseline was logged`
      : `from the first scale-up step (${iso(firstUp.atMs)}) to the end of the data (${iso(toMs)}): **not back at the baseline** when the data ends`;
  return { cost: estimateCampaignCost(costInputFor(env, campaign, firstUp.atMs, toMs), prices), costBasis: basis };
}

function sizing(
  data: ReviewData,
  env: EnvironmentConfig,
  campaign: Campaign,
  readiness: Readiness,
  writerPeak: Peak | undefined,
  startMs: number,
  endMs: number,
): { sizing?: SizingAdvice; sizingNote?: string } {
  if (campaign.writer.kind !== 'provisioned' || env.database.writer.kind !== 'provisioned')
    return {
      sizingNote:
        'Serverless v2 writer: the review does not size ACU ranges (it reads no ServerlessDatabaseCapacity); the writer target is kept as it was.',
    };
  if (writerPeak?.measured === undefined || writerPeak.atMs === undefined)
    return { sizingNote: 'No writer CPU was measured in the window: the writer class and reader floor are kept as they were.' };
  // The writer ran at the campaign class only if capacity was ready before the peak.
  const atCampaignClass = readiness.readyAtMs !== undefined && readiness.readyAtMs <= writerPeak.atMs;
  const classAtPeak = atCampaignClass ? campaign.writer.instanceClass : env.database.writer.instanceClass;
  const readerCpu = peakOf(data, 'readerCpuAvgPercent', startMs, endMs);
  const readersAt = readerCpu.atMs !== undefined ? valueAt(data, 'readerCountMax', readerCpu.atMs) : undefined;
  const advice = sizeNextEntry({
    peakWriterCpuPercent: writerPeak.measured,
    writerClassAtPeak: classAtPeak,
    ...(readerCpu.measured !== undefined ? { peakReaderCpuPercent: readerCpu.measured } : {}),
    ...(readersAt !== undefined ? { readersAtPeak: readersAt } : {}),
    readerClassAtPeak: classAtPeak,
    writerCpuTargetPercent: env.monitoring.thresholds.writerCpuPercent.warning,
    readerCpuTargetPercent: env.monitoring.thresholds.readerCpuPercent.warning,
    minReaders: env.readerAutoScaling.minReplicas,
    maxReaders: env.readerAutoScaling.maxReplicas,
  });
  return {
    sizing: advice,
    ...(atCampaignClass
      ? {}
      : { sizingNote: `Capacity was not ready at the writer's peak, so the peak was measured on the baseline class ${classAtPeak}.` }),
  };
}

/** The value of a series at (or just before) an instant. */
function valueAt(data: ReviewData, key: MetricKey, atMs: number): number | undefined {
  const s = data.metrics[key];
  let value: number | undefined;
  s.timestampsMs.forEach((t, i) => {
    if (t <= atMs) value = s.values[i];
  });
  return value;
}

/**
 * Start/end pairs of RDS events, per source: failovers ("Started cross AZ failover…" → "Completed
 * failover…", cluster events) and class changes ("Applying modification…" → "Finished applying
 * modification…", instance events). Message texts: Aurora User Guide, Amazon RDS event categories and messages.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_Events.Messages.html
 */
export function pairEvents(events: readonly RdsEvent[], start: RegExp, end: RegExp, kind: 'cluster' | 'instance'): Interval[] {
  const open = new Map<string, RdsEvent>();
  const out: Interval[] = [];
  for (const e of events) {
    if (kind === 'cluster' ? e.sourceType !== 'db-cluster' : e.sourceType !== 'db-instance') continue;
    if (end.test(e.message)) {
      const began = open.get(e.sourceId);
      open.delete(e.sourceId);
      out.push({ startMs: began?.atMs ?? e.atMs, endMs: e.atMs, label: `${e.sourceId}: ${began?.message ?? e.message}` });
    } else if (start.test(e.message)) {
      open.set(e.sourceId, e);
    }
  }
  for (const e of open.values()) out.push({ startMs: e.atMs, label: `${e.sourceId}: ${e.message} (no end event in the data)` });
  return out.sort((a, b) => a.startMs - b.startMs);
}

/** Each time an alarm went into ALARM, and when it left it. */
export function alarmIntervals(changes: readonly AlarmChange[]): Interval[] {
  const open = new Map<string, number>();
  const out: Interval[] = [];
  for (const c of changes) {
    if (c.newState === 'ALARM' && !open.has(c.alarmName)) open.set(c.alarmName, c.atMs);
    else if (c.newState !== 'ALARM' && open.has(c.alarmName)) {
      out.push({ startMs: open.get(c.alarmName) as number, endMs: c.atMs, label: c.alarmName });
      open.delete(c.alarmName);
    }
  }
  for (const [name, at] of open) out.push({ startMs: at, label: `${name} (still in ALARM when the data ends)` });
  return out.sort((a, b) => a.startMs - b.startMs);
}

export function iso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function minutes(ms: number): string {
  const m = Math.round(ms / MINUTE);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
