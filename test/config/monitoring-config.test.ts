import { loadConfig, validateEnvironment, type EnvironmentInput } from '../../config';
import { dev } from '../../config/environments/dev';
import { prod } from '../../config/environments/prod';
import { staging } from '../../config/environments/staging';
import { problemsOf, variant, type Patch } from '../helpers/config-variants';

describe('defaults', () => {
  test('an environment without a monitoring section gets every threshold and actions on; a runbook URL it must set', () => {
    const config = validateEnvironment(
      variant(staging, (e) => {
        e.monitoring = { runbookUrl: 'https://wiki.example.org/aurora-surge/monitoring' };
      }),
    );
    expect(config.monitoring.alarmActionsEnabled).toBe(true);
    expect(config.monitoring.notifications).toEqual({ critical: { emails: [], httpsUrls: [] }, warning: { emails: [], httpsUrls: [] } });
    expect(config.monitoring.runbookUrl).toBe('https://wiki.example.org/aurora-surge/monitoring');
    expect(config.monitoring.thresholds.writerCpuPercent).toEqual({ warning: 70, critical: 90 });
    expect(config.monitoring.thresholds.writerFreeableMemoryPercent).toEqual({ warning: 15, critical: 5 });
    expect(config.monitoring.thresholds.proxyBorrowLatencyMs).toEqual({ warning: 100, critical: 1000 });
    expect(Object.keys(config.monitoring.thresholds)).toHaveLength(13);
  });

  test('setting one severity of a pair keeps the default of the other', () => {
    const config = validateEnvironment(
      variant(staging, (e) => {
        e.monitoring.thresholds = { replicaLagMs: { critical: 8000 } };
      }),
    );
    expect(config.monitoring.thresholds.replicaLagMs).toEqual({ warning: 1000, critical: 8000 });
    expect(config.monitoring.thresholds.readerCpuPercent).toEqual({ warning: 75, critical: 90 });
  });

  test('the committed environments: dev without actions, staging and prod with them, prod with its own CPU thresholds', () => {
    expect(loadConfig('dev').monitoring.alarmActionsEnabled).toBe(false);
    expect(loadConfig('staging').monitoring.alarmActionsEnabled).toBe(true);
    const p = loadConfig('prod').monitoring;
    expect(p.alarmActionsEnabled).toBe(true);
    expect(p.notifications.critical.emails.length).toBeGreaterThan(0);
    expect(p.thresholds.writerCpuPercent).toEqual({ warning: 65, critical: 85 });
  });
});

// Each bad input and the exact line it must produce: environment, field, what is wrong, the fix.
test.each<[string, EnvironmentInput, Patch, string]>([
  [
    'actions off in staging',
    staging,
    (e) => {
      e.monitoring.alarmActionsEnabled = false;
    },
    '[staging] monitoring.alarmActionsEnabled: is false, but only dev may run alarms that notify nobody; in staging every alarm must reach its topic. Fix: set it to true (or remove it: the default is true).',
  ],
  [
    'actions off in prod',
    prod,
    (e) => {
      e.monitoring.alarmActionsEnabled = false;
    },
    '[prod] monitoring.alarmActionsEnabled: is false, but only dev may run alarms that notify nobody; in prod every alarm must reach its topic.',
  ],
  [
    'actions off in a new environment',
    staging,
    (e) => {
      e.name = 'perf';
      e.monitoring.alarmActionsEnabled = false;
    },
    '[perf] monitoring.alarmActionsEnabled: is false, but only dev may run alarms that notify nobody; in perf every alarm must reach its topic.',
  ],
  [
    'prod pages nobody',
    prod,
    (e) => {
      e.monitoring.notifications.critical = { emails: [] };
    },
    '[prod] monitoring.notifications.critical: has no subscriber, so the critical alarms of a production environment would page nobody. Fix: add the on-call address to emails, or an https:// endpoint to httpsUrls.',
  ],
  [
    'warning above critical',
    prod,
    (e) => {
      e.monitoring.thresholds.writerCpuPercent = { warning: 95, critical: 85 };
    },
    '[prod] monitoring.thresholds.writerCpuPercent.warning: is 95, not below critical 85: the warning must fire before the page. Fix: lower warning or raise critical.',
  ],
  [
    'warning equal to critical',
    dev,
    (e) => {
      e.monitoring.thresholds = { replicaLagMs: { warning: 5000 } };
    },
    '[dev] monitoring.thresholds.replicaLagMs.warning: is 5000, not below critical 5000',
  ],
  [
    'low-memory warning below critical',
    dev,
    (e) => {
      e.monitoring.thresholds = { writerFreeableMemoryPercent: { warning: 3 } };
    },
    '[dev] monitoring.thresholds.writerFreeableMemoryPercent.warning: is 3, not above critical 5: for a "too low" signal the warning must fire before the page. Fix: raise warning or lower critical.',
  ],
  [
    'percent above 100',
    dev,
    (e) => {
      e.monitoring.thresholds = { writerConnectionsPercent: { critical: 120 } };
    },
    '[dev] monitoring.thresholds.writerConnectionsPercent.critical: must be between 1 and 100 percent',
  ],
  [
    'a threshold out of range',
    dev,
    (e) => {
      e.monitoring.thresholds = { proxyQueryLatencyMs: { warning: 0 } };
    },
    '[dev] monitoring.thresholds.proxyQueryLatencyMs.warning: must be between 1 and 3600000 ms',
  ],
  [
    'capacity-exhausted window under one pre-scaler run',
    dev,
    (e) => {
      e.monitoring.thresholds = { readerCapacityExhaustedMinutes: { warning: 2 } };
    },
    '[dev] monitoring.thresholds.readerCapacityExhaustedMinutes.warning: must be between 5 and 1440 minutes',
  ],
  [
    'misspelt threshold',
    dev,
    (e) => {
      e.monitoring.thresholds = { writerCpu: { warning: 50 } };
    },
    '[dev] monitoring.thresholds: unknown field(s) "writerCpu". Fix: remove them or check the spelling against config/schema.',
  ],
  [
    'bad e-mail address',
    staging,
    (e) => {
      e.monitoring.notifications.warning.emails = ['devops.example.com'];
    },
    '[staging] monitoring.notifications.warning.emails[0]: must be an e-mail address such as "oncall@example.com"',
  ],
  [
    'plain-http endpoint',
    staging,
    (e) => {
      e.monitoring.notifications.critical.httpsUrls = ['http://hooks.example.com/aurora'];
    },
    '[staging] monitoring.notifications.critical.httpsUrls[0]: must be an https:// URL',
  ],
  [
    'staging without a runbook URL',
    staging,
    (e) => {
      delete e.monitoring.runbookUrl;
    },
    "[staging] monitoring.runbookUrl: is not set, but every alarm description and the dashboard of staging link the runbook, and the on-call follows that link. Fix: set it to docs/monitoring.md as your team browses it, such as 'https://github.com/<org>/aurora-surge/blob/main/docs/monitoring.md'.",
  ],
  [
    'prod without a runbook URL',
    prod,
    (e) => {
      delete e.monitoring.runbookUrl;
    },
    '[prod] monitoring.runbookUrl: is not set',
  ],
  [
    'a runbook URL with an anchor of its own',
    staging,
    (e) => {
      e.monitoring.runbookUrl = 'https://github.com/acme/aurora-surge/blob/main/docs/monitoring.md#alarms';
    },
    '[staging] monitoring.runbookUrl: must not carry a #fragment or ?query: alarm descriptions append #<alarm-anchor> to it. Fix:',
  ],
  [
    'runbook not https',
    dev,
    (e) => {
      e.monitoring.runbookUrl = 'docs/monitoring.md';
    },
    '[dev] monitoring.runbookUrl: must be an https:// URL (the docs/monitoring.md page as your team browses it)',
  ],
])('%s', (_label, base, patch, expected) => {
  const problems = problemsOf(variant(base, patch));
  expect(problems.some((p) => p.startsWith(expected))).toBe(true);
});

test('every monitoring problem is reported at once', () => {
  const problems = problemsOf(
    variant(prod, (e) => {
      e.monitoring.alarmActionsEnabled = false;
      e.monitoring.thresholds.readerCpuPercent = { warning: 95, critical: 90 };
      e.monitoring.notifications.warning.emails = ['nobody'];
    }),
  );
  expect(problems.filter((p) => p.startsWith('[prod] monitoring.'))).toHaveLength(3);
});

test('dev may leave the runbook URL unset: its alarms then name the repository path', () => {
  const config = validateEnvironment(
    variant(dev, (e) => {
      delete e.monitoring.runbookUrl;
    }),
  );
  expect(config.monitoring.runbookUrl).toBeUndefined();
});
