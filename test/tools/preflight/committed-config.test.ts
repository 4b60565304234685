/**
 * The committed prod config is a template with placeholders: preflight must refuse it, with a fix for
 * each, and without AWS credentials. This test reads the committed config on purpose.
 */
import { loadConfig } from '../../../config';
import { checkPlaceholders } from '../../../tools/preflight/checks/placeholders';

describe('preflight on the committed prod config', () => {
  it('fails on its placeholders: account, VPC, subnets, example.com addresses, the default runbook URL', () => {
    const result = checkPlaceholders(loadConfig('prod'));
    expect(result.status).toBe('fail');
    const fields = result.problems.map((p) => p.problem.replace(/^\[prod\] ([^:]+):.*$/s, '$1'));
    expect(fields).toEqual(
      expect.arrayContaining([
        'account',
        'network.vpcId',
        'network.isolatedSubnetIds[0]',
        'monitoring.notifications.critical.emails[0]',
        'monitoring.runbookUrl',
      ]),
    );
    for (const p of result.problems) expect(p.fix).toMatch(/^Fix: .+/);
  });
});
