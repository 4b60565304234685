import { ConfigError, validateEnvironment } from '../../../config';
import { dev } from '../../../config/environments/dev';
import { prod } from '../../../config/environments/prod';
import { staging } from '../../../config/environments/staging';
import type { RehearsalArgs } from '../../../tools/rehearse/args';
import { planRehearsal, RehearsalPlanError, resolvePeak } from '../../../tools/rehearse/plan';

const args: RehearsalArgs = {
  env: 'staging',
  endpoint: 'proxy.example',
  port: 5432,
  keep: false,
  allowProduction: false,
  tls: 'verify',
  reportDir: 'reports',
  quiet: true,
  local: false,
  explainTop: 0,
  regressionThresholdPercent: 50,
  failOnRegression: false,
  help: false,
};
const baseline = { connections: 20, transactionsPerSecond: 50 };

describe('resolvePeak', () => {
  test.each([
    ['config default multiple', undefined, {}, 60, 150],
    ['campaign multiple', { id: 'c', expectedPeak: { multipleOfBaseline: 5 } }, {}, 100, 250],
    ['campaign connections and tps', { id: 'c', expectedPeak: { clientConnections: 300, transactionsPerSecond: 400 } }, {}, 300, 400],
    ['campaign tps only: connections scale like tps', { id: 'c', expectedPeak: { transactionsPerSecond: 500 } }, {}, 200, 500],
    ['campaign connections only: tps scale like connections', { id: 'c', expectedPeak: { clientConnections: 50 } }, {}, 50, 125],
    [
      'campaign connections + multiple: multiple fills tps',
      { id: 'c', expectedPeak: { clientConnections: 50, multipleOfBaseline: 4 } },
      {},
      50,
      200,
    ],
    ['campaign without expectedPeak falls back to config', { id: 'c' }, {}, 60, 150],
    [
      'a flag replaces the campaign peak',
      { id: 'c', expectedPeak: { clientConnections: 300, transactionsPerSecond: 400 } },
      { peakMultiple: 2 },
      40,
      100,
    ],
    ['flags for both figures', undefined, { peakConnections: 33, peakTransactionsPerSecond: 77 }, 33, 77],
    ['fractional connections round up', undefined, { peakMultiple: 1.01 }, 21, 50.5],
  ])('%s', (_, campaign, overrides, connections, tps) => {
    const { peak, explanation } = resolvePeak(baseline, 3, campaign, overrides);
    expect(peak.connections).toBe(connections);
    expect(peak.transactionsPerSecond).toBeCloseTo(tps, 9);
    expect(explanation).toHaveLength(2);
  });

  test('says where each figure came from', () => {
    const { explanation } = resolvePeak(baseline, 3, { id: 'black-friday', expectedPeak: { transactionsPerSecond: 500 } }, {});
    expect(explanation).toEqual([
      "Peak connections 200 = baseline 20 scaled like the transactions per second (× 10, campaign black-friday's expectedPeak).",
      "Peak transactions per second 500 from campaign black-friday's expectedPeak.",
    ]);
  });
});

describe('planRehearsal', () => {
  const stagingConfig = validateEnvironment(staging);

  test('uses the config defaults when the environment has no rehearsal section', () => {
    const plan = planRehearsal(stagingConfig, args, undefined);
    expect(plan.profile).toEqual({
      durationMs: 20 * 60_000,
      baseline: { connections: 20, transactionsPerSecond: 50 },
      peak: { connections: 60, transactionsPerSecond: 150 },
      phases: { warmUp: 0.15, rampUp: 0.2, hold: 0.5, rampDown: 0.15 },
    });
    expect(plan.thresholds).toEqual({ p99LatencyMs: 250, maxErrorRatePercent: 0.1, maxRefusedConnections: 0, minThroughputPercent: 95 });
  });

  test('refuses a production environment without --allow-production', () => {
    const prodConfig = validateEnvironment(prod);
    expect(() => planRehearsal(prodConfig, { ...args, env: 'prod' }, undefined)).toThrow(RehearsalPlanError);
    expect(() => planRehearsal(prodConfig, { ...args, env: 'prod' }, undefined)).toThrow(
      '[prod] production: the environment is marked production, and a rehearsal adds campaign-sized load to it. Fix: rehearse in staging; if you really mean prod, pass --allow-production and run it in a quiet window.',
    );
    const plan = planRehearsal(prodConfig, { ...args, env: 'prod', allowProduction: true }, undefined);
    expect(plan.notes).toContain('Run against a production environment (prod) with --allow-production.');
  });

  test('lists every bound exceeded at once', () => {
    const config = validateEnvironment({
      ...dev,
      rehearsal: { bounds: { maxDurationMinutes: 30, maxConnections: 100, maxTransactionsPerSecond: 200 } },
    });
    let error: RehearsalPlanError | undefined;
    try {
      planRehearsal(config, { ...args, durationMs: 45 * 60_000, peakConnections: 500, peakTransactionsPerSecond: 900 }, undefined);
    } catch (e) {
      error = e as RehearsalPlanError;
    }
    expect(error?.problems).toEqual([
      '[dev] --duration: 45 minutes is above rehearsal.bounds.maxDurationMinutes (30). Fix: shorten the run, or raise the bound in config/environments/dev.ts.',
      "[dev] peak connections: 500 is above rehearsal.bounds.maxConnections (100). Fix: check the campaign's expectedPeak or the flags, or raise the bound in config/environments/dev.ts.",
      "[dev] peak transactions per second: 900 is above rehearsal.bounds.maxTransactionsPerSecond (200). Fix: check the campaign's expectedPeak or the flags, or raise the bound in config/environments/dev.ts.",
    ]);
  });

  test('refuses a peak below baseline', () => {
    expect(() =>
      planRehearsal(stagingConfig, args, { id: 'tiny', expectedPeak: { clientConnections: 5, transactionsPerSecond: 10 } }),
    ).toThrow('[staging] peak: 5 connections / 10 tps is below the baseline (20 / 50).');
  });

  test('notes a campaign planned for another environment', () => {
    const plan = planRehearsal(stagingConfig, args, { id: 'summer-sale', environments: ['prod'], expectedPeak: { multipleOfBaseline: 4 } });
    expect(plan.campaignId).toBe('summer-sale');
    expect(plan.profile.peak).toEqual({ connections: 80, transactionsPerSecond: 200 });
    expect(plan.notes).toContain("Campaign summer-sale is planned for prod; rehearsed here in staging with the campaign's expected peak.");
  });
});

describe('rehearsal config section', () => {
  test('a partial section keeps the other defaults', () => {
    const config = validateEnvironment({
      ...staging,
      rehearsal: { thresholds: { p99LatencyMs: 120 }, profile: { mix: { productRead: 0.7, cartWrite: 0.2, orderWrite: 0.1 } } },
    });
    expect(config.rehearsal.thresholds).toEqual({
      p99LatencyMs: 120,
      maxErrorRatePercent: 0.1,
      maxRefusedConnections: 0,
      minThroughputPercent: 95,
    });
    expect(config.rehearsal.profile.phases.hold).toBe(0.5);
    expect(config.rehearsal.profile.mix.productRead).toBe(0.7);
  });

  test.each([
    [
      { profile: { phases: { warmUp: 0.3 } } },
      '[staging] rehearsal.profile.phases: the phase shares must add up to 1, but warmUp 0.3 + rampUp 0.2 + hold 0.5 + rampDown 0.15 = 1.15. Fix: adjust warmUp, rampUp, hold and rampDown.',
    ],
    [
      { profile: { mix: { productRead: 0.5 } } },
      '[staging] rehearsal.profile.mix: the transaction shares must add up to 1, but productRead 0.5 + cartWrite 0.15 + orderWrite 0.05 = 0.7. Fix: adjust productRead, cartWrite and orderWrite.',
    ],
    [
      { profile: { phases: { warmUp: 0.5, hold: 0, rampDown: 0.3 } } },
      '[staging] rehearsal.profile.phases.hold: is 0, so the rehearsal would never hold the peak. Fix: give hold a share above 0 (0.5 is usual).',
    ],
    [{ thresholds: { maxRefusedConnections: -1 } }, '[staging] rehearsal.thresholds.maxRefusedConnections: must be 0 or more'],
    [
      { profile: { baselineConnections: 50 }, bounds: { maxConnections: 40 } },
      '[staging] rehearsal.profile.baselineConnections: is 50, above bounds.maxConnections 40. Fix: lower it or raise the bound.',
    ],
    [{ tresholds: {} }, '[staging] rehearsal: unknown field(s) "tresholds". Fix: remove them or check the spelling against config/schema.'],
  ])('rejects %j', (rehearsal, message) => {
    let error: ConfigError | undefined;
    try {
      validateEnvironment({ ...staging, rehearsal } as never);
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.problems).toContain(message);
  });
});
