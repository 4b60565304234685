import { validateEnvironment } from '../../config';
import { dev } from '../../config/environments/dev';
import { prod } from '../../config/environments/prod';
import { plannerSettingsFor, reactiveSettingsFor } from '../../config/load-calendar';
import { REACTIVE_DEFAULTS } from '../../lambda/pre-scaler/core';
import { problemsOf, variant } from '../helpers/config-variants';

// Each variant sets the whole writer and reactive block it is about, so the committed values do not move these tests.
const provisioned = (reactive: unknown) =>
  variant(prod, (e) => {
    e.database.writer = { kind: 'provisioned', instanceClass: 'db.r6g.xlarge' };
    e.preScaler.reactive = reactive;
  });
const serverless = (reactive: unknown) =>
  variant(dev, (e) => {
    e.database.writer = { kind: 'serverless-v2', minCapacity: 0.5, maxCapacity: 8 };
    e.preScaler.reactive = reactive;
  });

test('only enabled and the ceiling are required: the thresholds, step, cooldown and quiet period have defaults', () => {
  const config = validateEnvironment(provisioned({ enabled: true, ceiling: { kind: 'provisioned', instanceClass: 'db.r6g.4xlarge' } }));
  expect(config.preScaler.reactive).toEqual({
    enabled: true,
    ceiling: { kind: 'provisioned', instanceClass: 'db.r6g.4xlarge' },
    ...REACTIVE_DEFAULTS,
  });
});

test('the planner settings carry the block, with max_connections of every writer an emergency step may reach', () => {
  const config = validateEnvironment(provisioned({ enabled: true, ceiling: { kind: 'provisioned', instanceClass: 'db.r6g.4xlarge' } }));
  const reactive = reactiveSettingsFor(config, { maxConnectionsOf: (c) => (c.kind === 'provisioned' ? c.instanceClass.length : 0) });
  expect(Object.keys(reactive.writerMaxConnections ?? {}).sort()).toEqual(['db.r6g.2xlarge', 'db.r6g.4xlarge', 'db.r6g.xlarge']);
  expect(plannerSettingsFor(config).reactive?.writerMaxConnections).toBeUndefined();
  const off = validateEnvironment(provisioned(undefined));
  expect(plannerSettingsFor(off).reactive).toBeUndefined();
});

test.each<[string, ReturnType<typeof provisioned>, string]>([
  [
    'a ceiling of another family',
    provisioned({ enabled: true, ceiling: { kind: 'provisioned', instanceClass: 'db.r7g.4xlarge' } }),
    '[prod] preScaler.reactive.ceiling.instanceClass: "db.r7g.4xlarge" is not of the baseline writer\'s family db.r6g (db.r6g.xlarge): emergency steps go to the next class up in that family. Fix: use a db.r6g class',
  ],
  [
    'a ceiling below the baseline',
    provisioned({ enabled: true, ceiling: { kind: 'provisioned', instanceClass: 'db.r6g.large' } }),
    '[prod] preScaler.reactive.ceiling.instanceClass: "db.r6g.large" is smaller than the baseline writer db.r6g.xlarge. Fix: set the ceiling to db.r6g.xlarge or a bigger db.r6g class.',
  ],
  [
    'a ceiling not in the catalogue',
    provisioned({ enabled: true, ceiling: { kind: 'provisioned', instanceClass: 'db.r6g.64xlarge' } }),
    '[prod] preScaler.reactive.ceiling.instanceClass: "db.r6g.64xlarge" is not in the instance class catalogue. Fix: use one of',
  ],
  [
    'a Serverless v2 ceiling for a provisioned writer',
    provisioned({ enabled: true, ceiling: { kind: 'serverless-v2', maxCapacity: 64 } }),
    "[prod] preScaler.reactive.ceiling: is a Serverless v2 maximum, but database.writer is provisioned (db.r6g.xlarge). Fix: set ceiling to { kind: 'provisioned'",
  ],
  [
    'a Serverless v2 ceiling below the baseline maximum',
    serverless({ enabled: false, ceiling: { kind: 'serverless-v2', maxCapacity: 4 } }),
    "[dev] preScaler.reactive.ceiling.maxCapacity: is 4 ACU, below the baseline's maximum 8 ACU. Fix: set it to 8 or more.",
  ],
  [
    'an instance class ceiling for a Serverless v2 writer',
    serverless({ enabled: true, ceiling: { kind: 'provisioned', instanceClass: 'db.r6g.xlarge' } }),
    "[dev] preScaler.reactive.ceiling: is an instance class, but database.writer is Serverless v2 (0.5–8 ACU). Fix: set ceiling to { kind: 'serverless-v2', maxCapacity: <ACU, at least 8> }.",
  ],
  [
    'a cooldown shorter than a run',
    provisioned({ enabled: true, cooldownMinutes: 1, ceiling: { kind: 'provisioned', instanceClass: 'db.r6g.2xlarge' } }),
    '[prod] preScaler.reactive.cooldownMinutes: must be at least 5 minutes',
  ],
  [
    'a CPU threshold above 100',
    provisioned({ enabled: true, writerCpuPercent: 120, ceiling: { kind: 'provisioned', instanceClass: 'db.r6g.2xlarge' } }),
    '[prod] preScaler.reactive.writerCpuPercent: must be between 1 and 100 percent',
  ],
])('%s is refused with the environment, the field and the fix', (_, input, expected) => {
  const problems = problemsOf(input);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toContain(expected);
});
