/**
 * `npm run bench:planner`: how long the pure planner takes per decision (median and p99 over many
 * decisions on varied observations), and how long simulating a year of campaigns at 5-minute ticks
 * takes (model + port + planner, every tick, nothing skipped). Targets: a decision well under 1 ms;
 * a simulated year under 5 s. Prints figures; asserts nothing.
 */
import * as hdr from 'hdr-histogram-js';
import { loadConfig } from '../config/load-config';
import { loadCalendar, plannerSettingsFor } from '../config/load-calendar';
import { planNextAction, validateCampaignInputs, type Campaign, type CampaignInput, type Observation } from '../lambda/pre-scaler/core';
import { baselineCluster, runSimulationSync, SimulatedClusterPort, seededRandom } from '../tools/simulator';

const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 200_000);
const YEAR_RUNS = Number(process.env.BENCH_RUNS ?? 3);
const env = loadConfig('prod');
const settings = plannerSettingsFor(env);
const YEAR_START = Date.parse('2027-01-01T00:00Z');
const YEAR_END = Date.parse('2028-01-01T00:00Z');

/** The committed prod calendar plus a busy synthetic one: a campaign every four days and a daily evening window. */
function busyCalendar(): Campaign[] {
  const random = seededRandom(7);
  const classes = ['db.r6g.2xlarge', 'db.r6g.4xlarge', 'db.r6g.8xlarge'];
  const inputs: CampaignInput[] = [];
  for (let day = 0; day < 365; day += 4) {
    const start = YEAR_START + day * 86_400_000 + Math.floor(random() * 20) * 3_600_000;
    inputs.push({
      id: `synthetic-${day}`,
      environments: ['prod'],
      start: new Date(start).toISOString(),
      end: new Date(start + (1 + Math.floor(random() * 12)) * 3_600_000).toISOString(),
      writer: { instanceClass: classes[Math.floor(random() * classes.length)] },
      readerFloor: 1 + Math.floor(random() * 5),
    });
  }
  inputs.push({
    id: 'daily-evening',
    environments: ['prod'],
    weekly: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startTime: '19:00', endTime: '21:00', timeZone: 'Europe/Paris' },
    writer: { instanceClass: 'db.r6g.2xlarge' },
    readerFloor: 2,
  });
  const { campaigns, problems } = validateCampaignInputs(inputs);
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('\n'));
  return campaigns;
}

/** Observations taken from a simulated week, so decisions meet every state the loop goes through. */
function sampleDecisions(calendar: readonly Campaign[]): Array<{ now: number; observation: Observation }> {
  const model = baselineCluster(settings, {
    startMs: Date.parse('2027-11-20T00:00Z'),
    readerMax: env.readerAutoScaling.maxReplicas,
    random: seededRandom(3),
  });
  const port = new SimulatedClusterPort(model);
  const samples: Array<{ now: number; observation: Observation }> = [];
  for (let t = model.now(); t < Date.parse('2027-12-02T00:00Z'); t += 5 * 60_000) {
    model.advanceTo(t);
    const observation = port.observeEverythingNow();
    samples.push({ now: t, observation });
    const action = planNextAction(calendar, settings, t, observation);
    if (
      action.kind === 'modify-instance' ||
      action.kind === 'failover' ||
      action.kind === 'set-reader-floor' ||
      action.kind === 'set-serverless-range'
    )
      port.executeNow(action);
  }
  return samples;
}

function benchDecisions(label: string, calendar: readonly Campaign[]): void {
  const samples = sampleDecisions(calendar);
  const sampleAt = (i: number) => {
    const s = samples[i % samples.length];
    if (!s) throw new Error('No observation sampled to decide on');
    return s;
  };
  for (let i = 0; i < 20_000; i++) {
    const s = sampleAt(i);
    planNextAction(calendar, settings, s.now, s.observation); // warm-up
  }
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 1e9, numberOfSignificantValueDigits: 3 });
  const kinds = new Map<string, number>();
  for (let i = 0; i < DECISIONS; i++) {
    const s = sampleAt(i);
    const t0 = process.hrtime.bigint();
    const action = planNextAction(calendar, settings, s.now, s.observation);
    histogram.recordValue(Number(process.hrtime.bigint() - t0));
    kinds.set(action.kind, (kinds.get(action.kind) ?? 0) + 1);
  }
  const us = (p: number) => (histogram.getValueAtPercentile(p) / 1000).toFixed(1);
  console.log(
    `${label.padEnd(42)} median ${us(50).padStart(6)} µs   p99 ${us(99).padStart(6)} µs   max ${(histogram.maxValue / 1000).toFixed(0)} µs   (${DECISIONS.toLocaleString('en')} decisions over ${samples.length} observed states)`,
  );
  histogram.destroy();
}

function benchYear(label: string, calendar: readonly Campaign[]): void {
  const times: number[] = [];
  let runCount = 0;
  let steps = 0;
  for (let i = 0; i < YEAR_RUNS; i++) {
    const model = baselineCluster(settings, {
      startMs: YEAR_START,
      readerMax: env.readerAutoScaling.maxReplicas,
      random: seededRandom(i + 1),
      writerCpuPercent: (t) => 15 + 10 * Math.sin(t / 3_600_000),
    });
    const t0 = process.hrtime.bigint();
    const result = runSimulationSync({ calendar, settings, model, untilMs: YEAR_END, tickMinutes: 5, recordRuns: false });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    runCount = result.runCount;
    steps = result.steps.length;
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(42)} median ${((times[Math.floor(times.length / 2)] ?? Number.NaN) / 1000).toFixed(2)} s   (runs: ${times.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')}; ${runCount.toLocaleString('en')} ticks, ${steps} steps taken)`,
  );
}

const committed = [...loadCalendar(env, { now: new Date(YEAR_START) }).campaigns];
const busy = [...committed, ...busyCalendar()];
console.log(`Planner decision time (target: well under 1 ms)`);
benchDecisions(`committed prod calendar (${committed.length} campaigns)`, committed);
benchDecisions(`busy calendar (${busy.length} campaigns)`, busy);
console.log(`\nSimulating 2027 at 5-minute ticks, every tick (target: under 5 s)`);
benchYear('committed prod calendar', committed);
benchYear('busy calendar', busy);
