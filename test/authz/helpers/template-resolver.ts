import { createHash } from 'node:crypto';

/**
 * Turns a synthesized CloudFormation template's intrinsic functions into the concrete strings
 * CloudFormation would produce in one fixed account, Region and partition, so its IAM policies can be
 * handed to a policy simulator.
 *
 * Physical names: a resource's own name property when the template sets one (`TopicName`,
 * `FunctionName`, …), otherwise a deterministic name made from its logical id (what CloudFormation
 * generates differs, but nothing in a policy may depend on a generated name anyway). What `Ref` and
 * `Fn::GetAtt` return for each resource type follows the CloudFormation resource reference pages
 * ("Return values"), e.g. https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html.
 *
 * Anything the resolver does not know (a resource type, an attribute, an intrinsic) throws, naming
 * it: a policy that cannot be resolved must not be simulated as something else.
 */

/** Where the template is deployed. */
export interface DeploymentTarget {
  readonly account: string;
  readonly region: string;
  /** @default 'aws' */
  readonly partition?: string;
  /** @default 'amazonaws.com' */
  readonly urlSuffix?: string;
  /** @default 'TestStack' */
  readonly stackName?: string;
}

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

/** The part of a template the resolver reads. */
export interface CfnTemplate {
  readonly Resources: Record<string, TemplateResource>;
}

export class TemplateResolutionError extends Error {}

/** Resolves values of one template for one deployment target. */
export class TemplateResolver {
  private readonly partition: string;
  private readonly urlSuffix: string;
  private readonly stackName: string;

  constructor(
    private readonly template: CfnTemplate,
    private readonly target: DeploymentTarget,
  ) {
    this.partition = target.partition ?? 'aws';
    this.urlSuffix = target.urlSuffix ?? 'amazonaws.com';
    this.stackName = target.stackName ?? 'TestStack';
  }

  get account(): string {
    return this.target.account;
  }

  get region(): string {
    return this.target.region;
  }

  /** An ARN in this account and Region (`region: ''` for global services such as IAM). */
  arn(service: string, resource: string, region: string = this.target.region): string {
    return `arn:${this.partition}:${service}:${region}:${this.target.account}:${resource}`;
  }

  /** A deep copy of `value` with every intrinsic function replaced by its result. */
  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    const [first] = entries;
    if (entries.length === 1 && first && isIntrinsic(first[0])) return this.intrinsic(first[0], first[1]);
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(v)]));
  }

  /** {@link resolve}, for a value that must come out as a string. */
  resolveString(value: unknown): string {
    const out = this.resolve(value);
    if (typeof out !== 'string') throw new TemplateResolutionError(`expected a string, got ${JSON.stringify(out)}`);
    return out;
  }

  /** What `Ref` of a logical id returns. */
  ref(logicalId: string): string {
    const pseudo = this.pseudoParameter(logicalId);
    if (pseudo !== undefined) return pseudo;
    const resource = this.resource(logicalId);
    const name = () => this.physicalName(logicalId);
    switch (resource.Type) {
      case 'AWS::SNS::Topic':
      case 'AWS::StepFunctions::StateMachine':
      case 'AWS::SecretsManager::Secret':
        return this.arnOf(logicalId);
      // The attachment's Ref is the ARN of the secret it attaches.
      case 'AWS::SecretsManager::SecretTargetAttachment':
        return this.resolveString(resource.Properties?.SecretId);
      case 'AWS::KMS::Key':
        return keyIdOf(logicalId);
      case 'AWS::IAM::Role':
      case 'AWS::Lambda::Function':
      case 'AWS::Logs::LogGroup':
      case 'AWS::RDS::DBCluster':
      case 'AWS::RDS::DBInstance':
      case 'AWS::RDS::DBProxy':
      case 'AWS::Events::Rule':
      case 'AWS::CloudWatch::Alarm':
      case 'AWS::CloudWatch::CompositeAlarm':
        return name();
      default:
        throw new TemplateResolutionError(`Ref of ${logicalId}: no rule for resource type ${resource.Type}`);
    }
  }

  /** What `Fn::GetAtt` of a logical id and attribute returns. */
  getAtt(logicalId: string, attribute: string): string {
    const resource = this.resource(logicalId);
    const known: Record<string, readonly string[]> = {
      'AWS::IAM::Role': ['Arn'],
      'AWS::Lambda::Function': ['Arn'],
      'AWS::Logs::LogGroup': ['Arn'],
      'AWS::KMS::Key': ['Arn'],
      'AWS::Events::Rule': ['Arn'],
      'AWS::SNS::Topic': ['TopicArn'],
      'AWS::RDS::DBCluster': ['DBClusterArn'],
      'AWS::RDS::DBProxy': ['DBProxyArn'],
      'AWS::CloudWatch::Alarm': ['Arn'],
      'AWS::CloudWatch::CompositeAlarm': ['Arn'],
      'AWS::StepFunctions::StateMachine': ['Arn'],
    };
    if (!(known[resource.Type] ?? []).includes(attribute)) {
      throw new TemplateResolutionError(`Fn::GetAtt ${logicalId}.${attribute}: no rule for ${resource.Type}`);
    }
    return this.arnOf(logicalId);
  }

  /** The ARN of a resource of the template. */
  arnOf(logicalId: string): string {
    const resource = this.resource(logicalId);
    const name = this.physicalName(logicalId);
    switch (resource.Type) {
      case 'AWS::IAM::Role':
        return this.arn('iam', `role/${name}`, '');
      case 'AWS::Lambda::Function':
        return this.arn('lambda', `function:${name}`);
      // A log group's Arn attribute ends with `:*`.
      case 'AWS::Logs::LogGroup':
        return this.arn('logs', `log-group:${name}:*`);
      case 'AWS::KMS::Key':
        return this.arn('kms', `key/${keyIdOf(logicalId)}`);
      case 'AWS::Events::Rule':
        return this.arn('events', `rule/${name}`);
      case 'AWS::SNS::Topic':
        return this.arn('sns', name);
      case 'AWS::RDS::DBCluster':
        return this.arn('rds', `cluster:${name}`);
      case 'AWS::RDS::DBInstance':
        return this.arn('rds', `db:${name}`);
      case 'AWS::RDS::DBProxy':
        return this.arn('rds', `db-proxy:prx-${name}`);
      case 'AWS::CloudWatch::Alarm':
      case 'AWS::CloudWatch::CompositeAlarm':
        return this.arn('cloudwatch', `alarm:${name}`);
      case 'AWS::StepFunctions::StateMachine':
        return this.arn('states', `stateMachine:${name}`);
      // Secrets Manager appends a hyphen and six random characters to the name.
      case 'AWS::SecretsManager::Secret':
        return this.arn('secretsmanager', `secret:${name}-AbCdEf`);
      default:
        throw new TemplateResolutionError(`the ARN of ${logicalId}: no rule for resource type ${resource.Type}`);
    }
  }

  /** The resource's name as it would be deployed. */
  physicalName(logicalId: string): string {
    const resource = this.resource(logicalId);
    const nameProperty = NAME_PROPERTIES[resource.Type];
    const given = nameProperty === undefined ? undefined : resource.Properties?.[nameProperty];
    if (given !== undefined) return this.resolveString(given);
    return `${this.stackName}-${logicalId}`;
  }

  /** Logical ids of the template's resources of a type. */
  logicalIdsOfType(type: string): string[] {
    return Object.entries(this.template.Resources)
      .filter(([, r]) => r.Type === type)
      .map(([id]) => id);
  }

  resource(logicalId: string): TemplateResource {
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new TemplateResolutionError(`no resource ${logicalId} in the template`);
    return resource;
  }

  private pseudoParameter(name: string): string | undefined {
    switch (name) {
      case 'AWS::Partition':
        return this.partition;
      case 'AWS::Region':
        return this.target.region;
      case 'AWS::AccountId':
        return this.target.account;
      case 'AWS::URLSuffix':
        return this.urlSuffix;
      case 'AWS::StackName':
        return this.stackName;
      default:
        return undefined;
    }
  }

  private intrinsic(name: string, args: unknown): unknown {
    switch (name) {
      case 'Ref':
        return this.ref(String(args));
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(args) ? args : String(args).split('.');
        return this.getAtt(String(logicalId), String(attribute));
      }
      case 'Fn::Join': {
        const [separator, parts] = args as [string, unknown[]];
        return parts.map((p) => this.resolveString(p)).join(separator);
      }
      case 'Fn::Sub':
        return this.sub(args);
      case 'Fn::Select': {
        const [index, list] = args as [unknown, unknown];
        const items = this.resolve(list);
        const picked = Array.isArray(items) ? items[Number(this.resolve(index))] : undefined;
        if (picked === undefined) throw new TemplateResolutionError(`Fn::Select ${JSON.stringify(args)}: index out of range`);
        return picked;
      }
      case 'Fn::Split': {
        const [separator, source] = args as [string, unknown];
        return this.resolveString(source).split(separator);
      }
      default:
        throw new TemplateResolutionError(`intrinsic ${name} is not supported (${JSON.stringify(args)})`);
    }
  }

  private sub(args: unknown): string {
    const [text, variables] = Array.isArray(args) ? (args as [string, Record<string, unknown>]) : [String(args), {}];
    return text.replace(/\$\{([^}!]+)\}/g, (_, expression: string) => {
      if (expression in variables) return this.resolveString(variables[expression]);
      const dot = expression.indexOf('.');
      return dot < 0 || expression.startsWith('AWS::')
        ? this.ref(expression)
        : this.getAtt(expression.slice(0, dot), expression.slice(dot + 1));
    });
  }
}

/** The property that holds a resource's name, per type (CloudFormation resource reference). */
const NAME_PROPERTIES: Readonly<Record<string, string>> = {
  'AWS::SNS::Topic': 'TopicName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::RDS::DBCluster': 'DBClusterIdentifier',
  'AWS::RDS::DBInstance': 'DBInstanceIdentifier',
  'AWS::RDS::DBProxy': 'DBProxyName',
  'AWS::Events::Rule': 'Name',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::CloudWatch::CompositeAlarm': 'AlarmName',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
};

function isIntrinsic(key: string): boolean {
  return key === 'Ref' || key.startsWith('Fn::');
}

/** A stable, key-id-shaped string for a key's logical id. */
function keyIdOf(logicalId: string): string {
  const hex = createHash('sha256').update(logicalId).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
