import { validateEnvironment } from '../../../config';
import { AUTHZ_ENVIRONMENT } from '../../authz/helpers/fixture-stack';
import { monitoringOnlyTemplate } from './monitoring-stack';
import { alarmsByName, breaches, metricStatOf } from './template-reading';

/** A literal environment (the authorization tests' fixture), not a committed one. */
const config = validateEnvironment(AUTHZ_ENVIRONMENT);
const alarms = alarmsByName(monitoringOnlyTemplate(config));
const RUNBOOK = config.monitoring.runbookUrl;

describe('the surprise-surge alarms, on the metrics the pre-scaler publishes every run', () => {
  test.each<[string, string, string]>([
    ['an emergency scale-up was taken (warning)', 'aurora-surge-authz-pre-scaler-emergency-step-warning', 'EmergencyStepTaken'],
    [
      'the surge is at the ceiling: nothing left to grow (critical)',
      'aurora-surge-authz-pre-scaler-surge-at-ceiling-critical',
      'SurgeAtCeiling',
    ],
    ['an override is in force: every use raises a warning', 'aurora-surge-authz-pre-scaler-override-in-force-warning', 'OverrideInForce'],
  ])('%s', (_, name, metricName) => {
    const alarm = alarms.get(name);
    expect(alarm).toBeDefined();
    expect(metricStatOf(alarm!)).toEqual({
      namespace: 'AuroraSurge/PreScaler',
      metricName,
      dimensions: { Environment: 'authz' },
      stat: 'Maximum',
      period: config.preScaler.scheduleRateMinutes * 60,
    });
    // The first run that reports 1 raises it; a run reporting 0 or nothing does not.
    expect([alarm!.EvaluationPeriods, alarm!.DatapointsToAlarm]).toEqual([1, 1]);
    expect(breaches(alarm!, 1)).toBe(true);
    expect(breaches(alarm!, 0)).toBe(false);
    expect(alarm!.TreatMissingData).toBe('notBreaching');
    const anchor = name.replace('aurora-surge-authz-', '').replace(/-(warning|critical)$/, '');
    expect(alarm!.AlarmDescription).toContain(`What to do first: ${RUNBOOK}#${anchor}`);
  });

  test('each exists at one severity only', () => {
    const surge = [...alarms.keys()].filter((n) => /-pre-scaler-(emergency-step|surge-at-ceiling|override-in-force)-/.test(n)).sort();
    expect(surge).toEqual([
      'aurora-surge-authz-pre-scaler-emergency-step-warning',
      'aurora-surge-authz-pre-scaler-override-in-force-warning',
      'aurora-surge-authz-pre-scaler-surge-at-ceiling-critical',
    ]);
  });

  test('the descriptions say what happened and where to look', () => {
    expect(alarms.get('aurora-surge-authz-pre-scaler-override-in-force-warning')!.AlarmDescription).toContain(
      'the cluster tag aurora-surge:override says what, until when, who and why',
    );
    expect(alarms.get('aurora-surge-authz-pre-scaler-surge-at-ceiling-critical')!.AlarmDescription).toContain('preScaler.reactive.ceiling');
  });
});
