/**
 * The size limits a synthesized stack meets at deploy time, checked on the template as synthesized.
 * `cdk deploy` uploads a template above 51,200 bytes to the bootstrap bucket and passes its URL, so the
 * S3 template limit is the one that applies.
 *
 * - CloudFormation: template body in an S3 object 1 MB (checked against 1,000,000 bytes, the stricter
 *   reading of "1 MB"), 500 resources, 200 outputs per template.
 *   @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 * - Lambda: a function's environment variables take at most 4 KB, measured as the JSON text of the
 *   whole map (keys, values, quotes and escapes), as Lambda measures it.
 *   @see https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
export const DEPLOY_LIMITS = {
  templateBytes: 1_000_000,
  resources: 500,
  outputs: 200,
  lambdaEnvironmentBytes: 4096,
} as const;

export interface TemplateFigures {
  /** Bytes of the template as `cdk synth` writes it (JSON, one-space indentation). */
  readonly templateBytes: number;
  readonly resources: number;
  readonly outputs: number;
  /** Each Lambda function's environment, in bytes as Lambda counts it, by logical id. */
  readonly lambdaEnvironmentBytes: Readonly<Record<string, number>>;
}

interface TemplateShape {
  readonly Resources?: Record<
    string,
    { readonly Type?: string; readonly Properties?: { readonly Environment?: { readonly Variables?: unknown } } }
  >;
  readonly Outputs?: Record<string, unknown>;
}

/** The figures the limits apply to. */
export function templateFigures(template: object): TemplateFigures {
  const t = template as TemplateShape;
  const resources = Object.entries(t.Resources ?? {});
  const lambdaEnvironmentBytes: Record<string, number> = {};
  for (const [id, r] of resources) {
    const variables = r.Type === 'AWS::Lambda::Function' ? r.Properties?.Environment?.Variables : undefined;
    if (variables !== undefined) lambdaEnvironmentBytes[id] = Buffer.byteLength(JSON.stringify(variables), 'utf8');
  }
  return {
    templateBytes: Buffer.byteLength(JSON.stringify(template, undefined, 1), 'utf8'),
    resources: resources.length,
    outputs: Object.keys(t.Outputs ?? {}).length,
    lambdaEnvironmentBytes,
  };
}

/** Every limit the template breaks, one sentence each naming the stack, the figure, the limit and the fix; empty when it deploys. */
export function deployLimitProblems(stackName: string, template: object): string[] {
  const f = templateFigures(template);
  const L = DEPLOY_LIMITS;
  const problems: string[] = [];
  if (f.templateBytes > L.templateBytes)
    problems.push(
      `${stackName}: the template is ${f.templateBytes} bytes, above CloudFormation's ${L.templateBytes}-byte limit. Fix: prune ended campaigns from config/campaigns.ts, or move resources to a nested stack.`,
    );
  if (f.resources > L.resources)
    problems.push(
      `${stackName}: the template declares ${f.resources} resources, above CloudFormation's ${L.resources}. Fix: move resources to a nested stack.`,
    );
  if (f.outputs > L.outputs)
    problems.push(`${stackName}: the template declares ${f.outputs} outputs, above CloudFormation's ${L.outputs}. Fix: remove outputs.`);
  for (const [id, bytes] of Object.entries(f.lambdaEnvironmentBytes)) {
    if (bytes > L.lambdaEnvironmentBytes)
      problems.push(
        `${stackName}: function ${id} has ${bytes} bytes of environment variables, above Lambda's ${L.lambdaEnvironmentBytes}. Fix: move the data into the function's code asset.`,
      );
  }
  return problems;
}
