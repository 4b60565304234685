/**
 * `npm run bench:surge`: the outage of the postmortem as a simulation (issue 15). Traffic at 5× the
 * baseline from 14:00 with no calendar entry, against a provisioned and a Serverless v2 writer, the
 * reactive settings of the committed environments' shape, AWS-like durations drawn from several seeds.
 * Prints, per writer kind, the time from surge start to the bigger writer serving (median and worst
 * over the seeds) and the failovers during the surge. Targets: ≤ 20 min provisioned, ≤ 2 min Serverless
 * v2. Simulated minutes only; asserts nothing.
 */
import { INSTANCE_CLASSES } from '../config/instance-classes';
import type { PlannerSettings } from '../lambda/pre-scaler/core';
import {
  biggerWriterServingAt,
  failoversBetween,
  minutesBetween,
  OUTAGE_REACTIVE_SETTINGS,
  OUTAGE_SERVERLESS_REACTIVE_SETTINGS,
  outageLoad,
  runSurgeScenario,
} from '../tools/simulator';

const SEEDS = Number(process.env.BENCH_SEEDS ?? 20);
const SURGE_START = Date.parse('2027-03-02T14:00Z');
const FROM = Date.parse('2027-03-02T12:00Z');
const UNTIL = Date.parse('2027-03-02T18:00Z');

const instanceClassSizes = Object.fromEntries([...INSTANCE_CLASSES].map(([name, s]) => [name, { memoryGiB: s.memoryGiB, vcpus: s.vcpus }]));
const reactive = OUTAGE_REACTIVE_SETTINGS;
const common = { leadTimeMinutes: 120, coolDownMinutes: 120, scaleDownCpuGuardPercent: 40, instanceClassSizes };
const KINDS: Array<{ label: string; settings: PlannerSettings; baseline: { cpuPercent: number; connections: number; acu?: number } }> = [
  {
    label: 'provisioned (db.r6g.xlarge, reader floor 1)',
    settings: {
      environment: 'prod',
      baseline: { writer: { kind: 'provisioned', instanceClass: 'db.r6g.xlarge' }, readerFloor: 1 },
      ...common,
      reactive,
    },
    baseline: { cpuPercent: 30, connections: 400 },
  },
  {
    label: 'provisioned (db.r6g.xlarge, reader floor 2)',
    settings: {
      environment: 'prod',
      baseline: { writer: { kind: 'provisioned', instanceClass: 'db.r6g.xlarge' }, readerFloor: 2 },
      ...common,
      reactive,
    },
    baseline: { cpuPercent: 30, connections: 400 },
  },
  {
    label: 'Serverless v2 (0.5–4 ACU)',
    settings: {
      environment: 'prod',
      baseline: { writer: { kind: 'serverless-v2', minCapacity: 0.5, maxCapacity: 4 }, readerFloor: 1 },
      ...common,
      reactive: OUTAGE_SERVERLESS_REACTIVE_SETTINGS,
    },
    baseline: { cpuPercent: 40, connections: 150, acu: 2 },
  },
];

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/**
 * Runs every 5 minutes is the committed environments' `preScaler.scheduleRateMinutes`; every minute is
 * the other setting the time to capacity depends on, printed so the choice can be made on figures.
 */
const CADENCES = [5, 1];

console.log(`bench:surge: 5× baseline from 14:00, no calendar entry, ${SEEDS} seeds of AWS-like durations`);
for (const tickMinutes of CADENCES)
  for (const kind of KINDS) {
    const times: number[] = [];
    const failovers: number[] = [];
    let never = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const scenario = runSurgeScenario({
        settings: kind.settings,
        load: outageLoad(SURGE_START),
        fromMs: FROM,
        untilMs: UNTIL,
        baseline: kind.baseline,
        seed,
        tickMinutes,
      });
      const serving = biggerWriterServingAt(scenario, kind.settings, SURGE_START);
      if (serving === undefined) never++;
      else times.push(minutesBetween(SURGE_START, serving));
      failovers.push(failoversBetween(scenario, SURGE_START, UNTIL).length);
    }
    console.log(
      `${kind.label}, runs every ${tickMinutes} min: time to capacity: ${quantile(times, 0.5)} min (median; worst ${Math.max(...times)} min${never > 0 ? `; never in ${never} runs` : ''}), failovers during the surge: ${quantile(failovers, 0.5)} (max ${Math.max(...failovers)})`,
    );
  }
