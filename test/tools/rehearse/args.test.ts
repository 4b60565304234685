import { parseDuration, parseRehearsalArgs, UsageError } from '../../../tools/rehearse/args';
import { CAMPAIGNS } from '../../../config/campaigns';
import { findCampaign } from '../../../tools/rehearse/campaign-lookup';
import { credentialsFromEnvironment } from '../../../tools/rehearse/credentials';
import { driverForEngine } from '../../../tools/rehearse/driver/driver-for-engine';
import { classifyPostgresConnectError, classifyPostgresQueryError } from '../../../tools/rehearse/driver/postgres-driver';

describe('parseDuration', () => {
  test.each([
    ['20m', 1_200_000],
    ['90s', 90_000],
    ['1h30m', 5_400_000],
    ['0.5h', 1_800_000],
    ['1m30s', 90_000],
  ])('%s = %p ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  test.each(['', '20', 'm', '20 minutes', '0s'])('rejects %p', (text) => {
    expect(() => parseDuration(text)).toThrow(UsageError);
  });
});

describe('parseRehearsalArgs', () => {
  test('reads the documented command line with safe defaults', () => {
    expect(
      parseRehearsalArgs([
        '--env',
        'staging',
        '--campaign',
        'bf',
        '--endpoint',
        'rw.example',
        '--read-endpoint',
        'ro.example',
        '--duration',
        '20m',
      ]),
    ).toEqual({
      env: 'staging',
      campaign: 'bf',
      endpoint: 'rw.example',
      readEndpoint: 'ro.example',
      durationMs: 1_200_000,
      port: 5432,
      keep: false,
      allowProduction: false,
      tls: 'verify',
      reportDir: 'reports',
      quiet: false,
      local: false,
      explainTop: 0,
      regressionThresholdPercent: 50,
      failOnRegression: false,
      help: false,
    });
  });

  test('--local needs no endpoint, rehearses dev by default, without TLS', () => {
    expect(parseRehearsalArgs(['--local', '--duration', '20s'])).toMatchObject({ env: 'dev', local: true, tls: 'off', durationMs: 20_000 });
  });

  test('reads the query-insight flags', () => {
    expect(
      parseRehearsalArgs([
        '--local',
        '--explain',
        '3',
        '--baseline',
        'reports/old',
        '--regression-threshold',
        '25',
        '--fail-on-regression',
      ]),
    ).toMatchObject({ explainTop: 3, baseline: 'reports/old', regressionThresholdPercent: 25, failOnRegression: true });
  });

  test.each([
    [['--endpoint', 'x'], '--env is required. Fix: name the environment to rehearse, e.g. --env staging (or try --local first).'],
    [['--env', 'staging'], '--endpoint is required. Fix: pass the read/write proxy endpoint (stack output ProxyEndpoint), or use --local.'],
    [['--local', '--endpoint', 'x'], '--local starts its own server, so --endpoint and --read-endpoint do not apply.'],
    [['--local', '--fail-on-regression'], '--fail-on-regression needs --baseline. Fix: pass --baseline <previous report directory>.'],
    [['--local', '--explain', '0'], '--explain "0" must be a positive whole number.'],
    [
      ['--env', 'staging', '--endpoint', 'x', '--tls', 'maybe'],
      '--tls "maybe" is not one of verify, require, off. Fix: keep the default (verify) for RDS Proxy.',
    ],
    [['--env', 'staging', '--endpoint', 'x', '--peak-connections', '2.5'], '--peak-connections "2.5" must be a positive whole number.'],
    [
      ['--env', 'staging', '--endpoint', 'x', '--peak-multiple', '0.5'],
      '--peak-multiple 0.5 is below 1. Fix: the peak is at least baseline; give 1 or more.',
    ],
    [['--env', 'staging', '--endpoint', 'x', '--bogus'], "Unknown option '--bogus'"],
  ])('%j → %s', (argv, message) => {
    expect(() => parseRehearsalArgs(argv)).toThrow(message);
  });
});

describe('findCampaign', () => {
  const calendar = async () => [
    { id: 'spring', environments: ['prod'], start: 'x', expectedPeak: { clientConnections: 300 } },
    { id: 'broken', expectedPeak: { clientConnections: -1 } },
  ];

  test('finds an entry by id, keeping what the rehearsal reads', async () => {
    await expect(findCampaign('spring', calendar)).resolves.toEqual({
      id: 'spring',
      environments: ['prod'],
      expectedPeak: { clientConnections: 300 },
    });
  });

  test('names the known ids when the id is unknown', async () => {
    await expect(findCampaign('autumn', calendar)).rejects.toThrow(
      '--campaign autumn: no campaign with this id in config/campaigns.ts. Fix: use one of spring, or add the campaign to the calendar.',
    );
  });

  test('says which field of the entry is wrong', async () => {
    await expect(findCampaign('broken', calendar)).rejects.toThrow(
      '--campaign broken: the calendar entry (CAMPAIGNS[1]) cannot be read: expectedPeak.clientConnections',
    );
  });

  test('reads the committed calendar by default', async () => {
    const first = CAMPAIGNS[0];
    await expect(findCampaign(first.id)).resolves.toMatchObject({ id: first.id });
  });
});

describe('credentials and drivers', () => {
  test('credentials come from PGUSER and PGPASSWORD, with a fix when missing', () => {
    expect(credentialsFromEnvironment({ PGUSER: 'u', PGPASSWORD: 'p' }, 'staging')).toEqual({ user: 'u', password: 'p' });
    expect(() => credentialsFromEnvironment({ PGUSER: 'u' }, 'staging')).toThrow(
      '[staging] credentials: PGPASSWORD is not set. Fix: export them from the database secret',
    );
  });

  test('MySQL environments get a clear "not yet supported"', () => {
    expect(driverForEngine('staging', 'aurora-postgresql').engine).toBe('aurora-postgresql');
    expect(() => driverForEngine('legacy', 'aurora-mysql')).toThrow(
      '[legacy] database.engine: "aurora-mysql" cannot be rehearsed yet: the rehearsal tool drives PostgreSQL only (the mysql2 driver is not installed).',
    );
  });

  test.each([
    [{ code: '53300', message: 'sorry, too many clients already' }, 'refused', 'too many connections (53300)'],
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, 'refused', 'connection refused (ECONNREFUSED)'],
    [new Error('timeout expired'), 'refused', 'connect timed out'],
    [
      { code: '28P01', message: 'password authentication failed' },
      'fatal',
      'password authentication failed (28P01). Fix: check PGUSER / PGPASSWORD',
    ],
    [
      new Error('The server does not support SSL connections'),
      'fatal',
      'TLS problem: The server does not support SSL connections. Fix: RDS Proxy needs --tls verify (the default); a local server without TLS needs --tls off',
    ],
  ])('connect error %j is %s', (error, kind, reason) => {
    expect(classifyPostgresConnectError(error)).toEqual({ kind, reason });
  });

  test.each([
    [{ code: '40P01' }, 'conflict'],
    [{ code: '57014' }, 'statement-timeout'],
    [{ code: '57P01' }, 'connection-lost'],
    [new Error('Connection terminated unexpectedly'), 'connection-lost'],
    [{ code: '23505' }, 'query'],
  ])('query error %j is %s', (error, kind) => {
    expect(classifyPostgresQueryError(error)).toBe(kind);
  });
});
