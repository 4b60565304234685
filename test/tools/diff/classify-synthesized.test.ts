/**
 * Classification on real synthesized template pairs: the base is the committed dev (or prod) config,
 * the head is that config or the stack changed the way a pull request would change it.
 */
import { diffStackTemplates, type CfnTemplate } from '../../../tools/diff/classify';
import { renderReport } from '../../../tools/diff/render-report';
import type { StackDiff } from '../../../tools/diff/types';
import { decideVerdict } from '../../../tools/diff/verdict';
import { configWith, devInput, edits, prodInput, synthStack, synthWithoutDatabase } from './helpers/templates';

const devConfig = configWith(devInput);
let devBase: CfnTemplate;

beforeAll(() => {
  devBase = synthStack(devConfig);
});

function diffDev(head: CfnTemplate): StackDiff {
  return diffStackTemplates('AuroraSurge-dev', devBase, head);
}

function blockedTypes(diff: StackDiff): string[] {
  return [...new Set(diff.resources.filter((r) => r.impact === 'blocked').map((r) => r.resourceType))].sort();
}

function clusterChange(diff: StackDiff) {
  return diff.resources.find((r) => r.resourceType === 'AWS::RDS::DBCluster');
}

describe('changes that keep the data', () => {
  test('the same config synthesizes to no change at all', () => {
    const diff = diffDev(synthStack(devConfig));
    expect(diff.stackChange).toBe('unchanged');
    expect(diff.resources).toEqual([]);
    expect(decideVerdict([diff], false).exitCode).toBe(0);
  });

  test('a threshold changed (slow-query log threshold): the parameter group is updated in place, nothing blocks', () => {
    const diff = diffDev(synthStack(configWith(devInput, (i) => ({ ...i, database: { ...i.database, slowQueryThresholdMs: 1500 } }))));
    expect(blockedTypes(diff)).toEqual([]);
    const parameterGroup = diff.resources.find((r) => r.resourceType === 'AWS::RDS::DBClusterParameterGroup');
    expect(parameterGroup).toMatchObject({ kind: 'updated', impact: 'routine' });
    expect(parameterGroup?.properties).toEqual([
      { name: 'Parameters.log_min_duration_statement', oldValue: '500', newValue: '1500', replaces: 'no' },
    ]);
    expect(decideVerdict([diff], false)).toMatchObject({ exitCode: 0, blocked: [] });
  });

  test('a minor engine version bump updates the cluster in place: caution, not blocked', () => {
    const diff = diffDev(synthStack(configWith(devInput, (i) => ({ ...i, database: { ...i.database, engineVersion: '16.8' } }))));
    expect(clusterChange(diff)).toMatchObject({ kind: 'updated', impact: 'caution' });
    expect(decideVerdict([diff], false).exitCode).toBe(0);
  });
});

describe('changes that replace or delete the database are blocked', () => {
  test('the engine changed (PostgreSQL → MySQL): the cluster may be replaced → blocked', () => {
    const mysql = configWith(devInput, (i) => ({ ...i, database: { ...i.database, engine: 'aurora-mysql', engineVersion: '3.08.0' } }));
    const diff = diffDev(synthStack(mysql));
    const cluster = clusterChange(diff);
    expect(cluster).toMatchObject({ impact: 'blocked' });
    expect(['replaced', 'may-be-replaced']).toContain(cluster?.kind);
    expect(cluster?.properties.find((p) => p.name === 'Engine')?.replaces).not.toBe('no');
    expect(cluster?.reason).toMatch(/Engine/);
    // The cluster has a custom name: CloudFormation refuses the replacement, and forced it would lose the data.
    expect(cluster?.reason).toMatch(
      /CloudFormation refuses to replace it: the deploy fails and rolls back\. If it were forced .*would lose the database and all its data/,
    );
    expect(decideVerdict([diff], false).exitCode).toBe(1);
  });

  test('storage encryption toggled off: the cluster is replaced → blocked, and the report names the property', () => {
    const diff = diffDev(synthStack(devConfig, edits.storageEncryptionOff));
    const cluster = clusterChange(diff);
    expect(cluster).toMatchObject({ kind: 'replaced', impact: 'blocked' });
    expect(cluster?.properties.find((p) => p.name === 'StorageEncrypted')).toMatchObject({
      oldValue: true,
      newValue: false,
      replaces: 'always',
    });
    const markdown = renderReport({
      base: { label: 'main', shortCommit: 'abc1234' },
      headLabel: 'working tree',
      stacks: [diff],
      calendar: { basePresent: true, headPresent: true, byEnvironment: new Map() },
      plans: new Map(),
      verdict: decideVerdict([diff], false),
      baseDependencies: 'linked',
    });
    // The cluster comes first, then its instances, which are replaced because they belong to it.
    expect(markdown).toContain('**⛔ BLOCKED: 3 stateful resources would be replaced or deleted.**');
    expect(markdown).toMatch(
      /BLOCKED.*\n- \*\*dev: `Database\/Cluster\/Resource` \(AWS::RDS::DBCluster\) REPLACED\*\* — Needs replacement: KmsKeyId, StorageEncrypted change\. It has a custom name \(DBClusterIdentifier aurora-surge-dev\), so CloudFormation refuses to replace it: the deploy fails and rolls back\./,
    );
    expect(markdown).toMatch(/\n {2}- Safe procedure: take a manual snapshot, restore it into the new cluster/);
    expect(markdown).toMatch(
      /\*\*dev: `Database\/Cluster\/Instance1\/Resource` \(AWS::RDS::DBInstance\) REPLACED\*\* — (Needs replacement|Replaced): it refers to DatabaseCluster[0-9A-F]{8}, which is replaced \(DBClusterIdentifier\)/,
    );
  });

  test('the subnet group renamed: the subnet group is replaced, and with it the cluster → blocked', () => {
    const diff = diffDev(synthStack(devConfig, edits.subnetGroupRenamed));
    expect(blockedTypes(diff)).toEqual(['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::RDS::DBSubnetGroup']);
    expect(clusterChange(diff)).toMatchObject({
      kind: 'replaced',
      properties: [expect.objectContaining({ name: 'DBSubnetGroupName', replaces: 'always' })],
    });
    const subnetGroup = diff.resources.find((r) => r.resourceType === 'AWS::RDS::DBSubnetGroup');
    expect(subnetGroup).toMatchObject({
      kind: 'replaced',
      properties: [expect.objectContaining({ name: 'DBSubnetGroupName', replaces: 'always' })],
    });
    expect(decideVerdict([diff], false).exitCode).toBe(1);
  });

  test('the cluster removed from the app (dev, removal policy destroy): deleted → blocked', () => {
    const diff = diffDev(synthWithoutDatabase(devConfig));
    expect(clusterChange(diff)).toMatchObject({ kind: 'removed', impact: 'blocked' });
    expect(blockedTypes(diff)).toEqual(
      expect.arrayContaining(['AWS::KMS::Key', 'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::SecretsManager::Secret']),
    );
    expect(decideVerdict([diff], false).exitCode).toBe(1);
  });

  test('the cluster removed from the app (prod, retained): orphaned → still blocked', () => {
    const prodConfig = configWith(prodInput);
    const diff = diffStackTemplates('AuroraSurge-prod', synthStack(prodConfig), synthWithoutDatabase(prodConfig));
    expect(clusterChange(diff)).toMatchObject({ kind: 'orphaned', impact: 'blocked' });
    expect(clusterChange(diff)?.reason).toMatch(/DeletionPolicy Retain/);
    expect(decideVerdict([diff], false).exitCode).toBe(1);
  });
});

describe('override', () => {
  test('--allow-destructive turns a blocked change into exit 0, and the report says it was overridden', () => {
    const diff = diffDev(synthStack(devConfig, edits.storageEncryptionOff));
    const verdict = decideVerdict([diff], true);
    expect(verdict).toMatchObject({ exitCode: 0, overridden: true });
    expect(verdict.blocked.map((b) => b.change.resourceType)).toEqual([
      'AWS::RDS::DBCluster',
      'AWS::RDS::DBInstance',
      'AWS::RDS::DBInstance',
    ]);
    const markdown = renderReport({
      base: { label: 'main', shortCommit: 'abc1234' },
      headLabel: 'working tree',
      stacks: [diff],
      calendar: { basePresent: true, headPresent: true, byEnvironment: new Map() },
      plans: new Map(),
      verdict,
      baseDependencies: 'linked',
    });
    expect(markdown).toContain('Destructive change allowed on purpose (override given): 3 stateful resources will be replaced or deleted.');
    expect(markdown).not.toContain('BLOCKED');
  });
});
