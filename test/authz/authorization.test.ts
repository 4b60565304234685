import { alarmNotificationCases } from './alarm-notifications';
import { operatorsRoleCallCases } from './operators-role-calls';
import { type FixtureStack, synthFixtureStack } from './helpers/fixture-stack';
import { preScalerCallCases } from './pre-scaler-calls';
import { replicaCleanupCallCases } from './replica-cleanup-calls';
import { servicePathCases } from './service-paths';

/**
 * Every AWS permission path of the stack, evaluated by the IAM policy simulator over the policies of
 * one synthesized fixture environment (synthesized once for all of them: synth is the costly part).
 */

let fixture: FixtureStack | undefined;
const stack = (): FixtureStack => {
  fixture ??= synthFixtureStack();
  return fixture;
};

alarmNotificationCases(stack);
preScalerCallCases(stack);
replicaCleanupCallCases(stack);
servicePathCases(stack);
operatorsRoleCallCases(stack);
