import { Logger } from '@aws-lambda-powertools/logger';
import { createCleanupClients } from './aws-clients';
import { awsCleanupPort, type ReplicaCleanupPort } from './cluster-port';
import { type CleanupLogger, runCleanupStep } from './cleanup-step';
import { parseCleanupProperties } from './contract';

/**
 * The CDK Provider framework's user handlers for `Custom::AutoscaledReplicaCleanup`.
 * Create and Update do nothing; Delete removes the cluster's auto-scaled replicas (onEvent starts,
 * isComplete repeats the step until none is left). A thrown error fails the CloudFormation operation
 * with its message: the framework's isComplete reports it at once, it is not retried.
 * @see https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.custom_resources-readme.html#provider-framework
 */

/** The request the framework passes to onEvent (a CloudFormation custom resource request, minus what is not read). */
export interface CleanupEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResourceProperties?: Readonly<Record<string, unknown>>;
  /** Absent on Create. */
  readonly PhysicalResourceId?: string;
}

export interface OnEventResult {
  readonly PhysicalResourceId: string;
}

export interface IsCompleteResult {
  readonly IsComplete: boolean;
}

export interface CleanupHandlers {
  onEvent(event: CleanupEvent): Promise<OnEventResult>;
  isComplete(event: CleanupEvent): Promise<IsCompleteResult>;
}

/** The physical id: one per cluster, so a new cluster identifier means a new resource (and the old one is cleaned up with its cluster). */
export function physicalResourceIdFor(clusterIdentifier: string): string {
  return `${clusterIdentifier.toLowerCase()}-autoscaled-replica-cleanup`;
}

/** Handlers over a port and a logger: what tests drive. */
export function createHandlers(port: ReplicaCleanupPort, logger: CleanupLogger): CleanupHandlers {
  return {
    async onEvent(event) {
      // Properties are validated on every request, so a bad value fails the deploy, not the later teardown.
      const properties = parseCleanupProperties(event.ResourceProperties);
      logger.info('request', { requestType: event.RequestType, cluster: properties.clusterIdentifier });
      if (event.RequestType !== 'Delete') return { PhysicalResourceId: physicalResourceIdFor(properties.clusterIdentifier) };
      await runCleanupStep(port, logger, properties);
      // The physical id must not change on Delete.
      return { PhysicalResourceId: event.PhysicalResourceId ?? physicalResourceIdFor(properties.clusterIdentifier) };
    },

    async isComplete(event) {
      if (event.RequestType !== 'Delete') return { IsComplete: true };
      const progress = await runCleanupStep(port, logger, parseCleanupProperties(event.ResourceProperties));
      return { IsComplete: progress.state !== 'waiting' };
    },
  };
}

// Created once per Lambda container, at module scope.
const logger = new Logger({ serviceName: 'autoscaled-replica-cleanup' });
const handlers = createHandlers(awsCleanupPort(createCleanupClients()), logger);

export const onEvent = (event: CleanupEvent): Promise<OnEventResult> => handlers.onEvent(event);
export const isComplete = (event: CleanupEvent): Promise<IsCompleteResult> => handlers.isComplete(event);
