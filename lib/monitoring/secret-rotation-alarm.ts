import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { alarmName } from './alarm-naming';
import type { AlarmTopics } from './alarm-topics';

export interface SecretRotationAlarmProps {
  readonly environmentName: string;
  /** The hosted rotation function of the master secret. */
  readonly rotationFunction: lambda.IFunction;
  readonly topics: AlarmTopics;
}

/**
 * `aurora-surge-<env>-secret-rotation-errors-warning`: the master secret's rotation function failed.
 * A failed rotation leaves the current password in place (the proxy and clients keep working), but the
 * next one will fail the same way until someone looks: typically no route to Secrets Manager from the
 * isolated subnets, or the function cannot reach the database. Secrets Manager runs the rotation through
 * this Lambda function, so its `Errors` metric is where a failure shows.
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot_rotation.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
 */
export class SecretRotationAlarm extends Construct {
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: SecretRotationAlarmProps) {
    super(scope, id);
    this.alarm = props.topics.wire(
      new cloudwatch.Alarm(this, 'Errors', {
        alarmName: alarmName(props.environmentName, 'secret-rotation', 'errors', 'warning'),
        alarmDescription:
          'The master secret rotation function failed. Read its log group (/aws/lambda/<function>) and check the Secrets Manager endpoint and the database security group. See docs/teardown.md and the README security baseline.',
        metric: props.rotationFunction.metricErrors({ period: Duration.hours(1), statistic: cloudwatch.Stats.SUM }),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        threshold: 1,
        evaluationPeriods: 1,
        // Rotation runs every few weeks: no invocations is the normal state.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      'warning',
    );
  }
}
