import { connectionBudget, engineMaxConnections, formatBudget } from '../../lib/connection-budget';
import { campaignCapacity } from '../../lib/aurora-surge-stack';

describe('engine max_connections', () => {
  // Aurora PostgreSQL: LEAST(memory in decimal GB / 9531392 bytes, 5000).
  test.each([
    ['db.t4g.medium', 419],
    ['db.r6g.large', 1678],
    ['db.r6g.xlarge', 3357],
    ['db.r6g.2xlarge', 5000],
    ['db.r7g.16xlarge', 5000],
  ])('aurora-postgresql %s → %i', (instanceClass, expected) => {
    expect(engineMaxConnections('aurora-postgresql', { kind: 'provisioned', instanceClass })).toBe(expected);
  });

  // Aurora MySQL: the AWS table.
  test.each([
    ['db.t3.medium', 90],
    ['db.t4g.large', 135],
    ['db.r6g.large', 1000],
    ['db.r6g.xlarge', 2000],
    ['db.r5.12xlarge', 6000],
    ['db.r6i.24xlarge', 7000],
  ])('aurora-mysql %s → %i', (instanceClass, expected) => {
    expect(engineMaxConnections('aurora-mysql', { kind: 'provisioned', instanceClass })).toBe(expected);
  });

  // Serverless v2: from the memory of the maximum ACU (2 GiB each).
  test.each([
    ['aurora-postgresql', 1, 1, 209],
    ['aurora-postgresql', 1, 8, 1678],
    ['aurora-postgresql', 1, 16, 3357],
    ['aurora-postgresql', 1, 64, 5000],
    // Aurora PostgreSQL caps it at 2,000 when the minimum is 0.5 ACU.
    ['aurora-postgresql', 0.5, 8, 1678],
    ['aurora-postgresql', 0.5, 64, 2000],
    ['aurora-mysql', 0.5, 8, 1069],
    ['aurora-mysql', 0.5, 1, 63],
  ] as const)('%s Serverless v2 %d–%d ACU → %i', (engine, minCapacity, maxCapacity, expected) => {
    expect(engineMaxConnections(engine, { kind: 'serverless-v2', minCapacity, maxCapacity })).toBe(expected);
  });

  test('a bigger class never allows fewer connections', () => {
    const ladder = [
      'db.r6g.large',
      'db.r6g.xlarge',
      'db.r6g.2xlarge',
      'db.r6g.4xlarge',
      'db.r6g.8xlarge',
      'db.r6g.12xlarge',
      'db.r6g.16xlarge',
      'db.r6i.24xlarge',
    ];
    for (const engine of ['aurora-postgresql', 'aurora-mysql'] as const) {
      const values = ladder.map((instanceClass) => engineMaxConnections(engine, { kind: 'provisioned', instanceClass }));
      expect(values).toEqual([...values].sort((a, b) => a - b));
    }
  });
});

describe('connection budget', () => {
  const pool = { maxConnectionsPercent: 90, assumedMultiplexingRatio: 1 };

  test.each([
    // scope, class, percent, ratio, peak, pool, needed, fits
    ['db.r6g.large', 90, 1, 1500, 1510, 1500, true],
    ['db.r6g.large', 90, 1, 1511, 1510, 1511, false],
    ['db.r6g.large', 50, 1, 1000, 839, 1000, false],
    ['db.r6g.large', 50, 2, 1000, 839, 500, true],
    ['db.r6g.xlarge', 100, 3, 10_000, 3357, 3334, true],
  ])(
    '%s at %i%% with ratio %i for %i clients: pool %i, needs %i, fits %s',
    (instanceClass, percent, ratio, peak, expectedPool, needed, fits) => {
      const b = connectionBudget(
        'baseline',
        'aurora-postgresql',
        { kind: 'provisioned', instanceClass },
        { maxConnectionsPercent: percent, assumedMultiplexingRatio: ratio },
        peak,
      );
      expect(b.proxyPool).toBe(expectedPool);
      expect(b.backendConnectionsNeeded).toBe(needed);
      expect(b.fits).toBe(fits);
    },
  );

  test('a budget that does not fit says every number and what to change', () => {
    const b = connectionBudget(
      'campaign "black-friday"',
      'aurora-postgresql',
      { kind: 'provisioned', instanceClass: 'db.r6g.large' },
      pool,
      2000,
    );
    expect(formatBudget(b)).toBe(
      'campaign "black-friday": writer db.r6g.large allows max_connections 1678; the proxy pool is 1510 (maxConnectionsPercent);' +
        ' the expected peak of 2000 client connections needs 2000 backend connections — short by 490.' +
        ' Fix: a larger writer class (or campaign writer target), a higher proxy.maxConnectionsPercent, or a lower expected peak.',
    );
  });

  test('a budget that fits says how much is to spare', () => {
    const b = connectionBudget('baseline', 'aurora-postgresql', { kind: 'serverless-v2', minCapacity: 0.5, maxCapacity: 8 }, pool, 300);
    expect(formatBudget(b)).toMatch(
      /^baseline: writer Serverless v2 max 8 ACU allows max_connections 1678; the proxy pool is 1510 .* fits with 1210 to spare\.$/,
    );
  });
});

describe('the capacity a campaign is budgeted with', () => {
  const serverlessBaseline = { kind: 'serverless-v2', minCapacity: 0.5, maxCapacity: 8 } as const;

  test('Serverless v2: the deployed range, because max_connections changes only on a reboot', () => {
    expect(campaignCapacity({ kind: 'serverless-v2', minCapacity: 16, maxCapacity: 64 }, serverlessBaseline)).toEqual(serverlessBaseline);
    // So a campaign that raises the ACU range gets no bigger pool than the baseline.
    const baselineMax = engineMaxConnections('aurora-postgresql', serverlessBaseline);
    const campaignMax = engineMaxConnections(
      'aurora-postgresql',
      campaignCapacity({ kind: 'serverless-v2', minCapacity: 16, maxCapacity: 64 }, serverlessBaseline),
    );
    expect(campaignMax).toBe(baselineMax);
  });

  test('provisioned: the campaign class (a class change restarts the instance)', () => {
    expect(
      campaignCapacity({ kind: 'provisioned', instanceClass: 'db.r6g.4xlarge' }, { kind: 'provisioned', instanceClass: 'db.r6g.large' }),
    ).toEqual({
      kind: 'provisioned',
      instanceClass: 'db.r6g.4xlarge',
    });
  });
});
