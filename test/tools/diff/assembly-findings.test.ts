import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readAssemblyFindings, VALIDATION_REPORT_FILE } from '../../../tools/diff/assembly-findings';
import type { CfnTemplate } from '../../../tools/diff/classify';

// A cloud assembly as aws-cdk-lib 2.276 writes it with cdk-nag 3: the AwsSolutions plugin report in
// validation-report.json, acknowledgements as `aws:cdk:acknowledged-rules` metadata in <stack>.metadata.json.

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function assembly(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aurora-surge-assembly-'));
  tempDirs.push(dir);
  for (const [name, json] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), JSON.stringify(json));
  return dir;
}

const manifest = {
  artifacts: {
    'AuroraSurge-dev': {
      type: 'aws:cloudformation:stack',
      properties: { templateFile: 'AuroraSurge-dev.template.json' },
      additionalMetadataFile: 'AuroraSurge-dev.metadata.json',
      displayName: 'AuroraSurge-dev',
    },
    'AuroraSurge-prod': {
      type: 'aws:cloudformation:stack',
      properties: { templateFile: 'AuroraSurge-prod.template.json' },
      metadata: {
        '/AuroraSurge-prod': [{ type: 'aws:cdk:acknowledged-rules', data: { 'Annotation::AwsSolutions-IAM4': 'stack-wide reason' } }],
      },
    },
    Tree: { type: 'cdk:tree' },
  },
};

const templates = new Map<string, CfnTemplate>([
  [
    'AuroraSurge-dev',
    { Resources: { UploadsABCD1234: { Type: 'AWS::S3::Bucket', Metadata: { 'aws:cdk:path': 'AuroraSurge-dev/Uploads/Resource' } } } },
  ],
  ['AuroraSurge-prod', { Resources: {} }],
]);

const report = {
  version: '55.0.0',
  title: 'Validation Report',
  pluginReports: [
    {
      pluginName: 'AwsSolutions',
      conclusion: 'failure',
      violations: [
        {
          ruleName: 'AwsSolutions-S1',
          description: 'The S3 Bucket has server access logs disabled.',
          severity: 'error',
          violatingConstructs: [
            { constructPath: 'AuroraSurge-dev/Uploads/Resource', stackTraces: ['at app.js:8'] },
            { constructPath: 'AuroraSurge-prod/Logs/Resource' },
          ],
        },
        {
          ruleName: 'AwsSolutions-SMG4',
          description: 'No rotation.',
          severity: 'warning',
          violatingConstructs: [{ constructPath: 'AuroraSurge-prod/Secret/Resource' }],
        },
      ],
    },
    // Another plugin's violations (CDK's annotations) are not cdk-nag findings.
    {
      pluginName: 'Annotations',
      violations: [{ ruleName: 'x', description: 'y', violatingConstructs: [{ constructPath: 'AuroraSurge-dev/Uploads' }] }],
    },
  ],
};

const metadata = {
  '/AuroraSurge-dev/Uploads': [
    { type: 'aws:cdk:logicalId', data: 'UploadsABCD1234' },
    {
      type: 'aws:cdk:acknowledged-rules',
      data: { 'Annotation::AwsSolutions-S10': 'SSL is enforced by the bucket policy of the account.' },
    },
  ],
  '/AuroraSurge-dev/Network/Vpc': [
    { type: 'aws:cdk:acknowledged-rules', data: { 'CloudFormation-Validate::W3010': 'Zones named in config.' } },
  ],
};

test('findings are split by stack with the path inside it, the logical id, the severity and the message', async () => {
  const dir = assembly({ 'manifest.json': manifest, [VALIDATION_REPORT_FILE]: report, 'AuroraSurge-dev.metadata.json': metadata });
  const read = await readAssemblyFindings(dir, templates, 'head');
  expect(read.reportPresent).toBe(true);
  expect(read.byStack.get('AuroraSurge-dev')?.findings).toEqual([
    {
      source: 'cdk-nag',
      rule: 'AwsSolutions-S1',
      path: 'Uploads/Resource',
      logicalId: 'UploadsABCD1234',
      severity: 'error',
      message: 'The S3 Bucket has server access logs disabled.',
    },
  ]);
  expect(read.byStack.get('AuroraSurge-prod')?.findings.map((f) => [f.rule, f.path, f.severity, f.logicalId])).toEqual([
    ['AwsSolutions-S1', 'Logs/Resource', 'error', undefined],
    ['AwsSolutions-SMG4', 'Secret/Resource', 'warning', undefined],
  ]);
});

test('acknowledgements come from the metadata file or the manifest, without the Annotation:: namespace, at the stack or a construct', async () => {
  const dir = assembly({ 'manifest.json': manifest, [VALIDATION_REPORT_FILE]: report, 'AuroraSurge-dev.metadata.json': metadata });
  const read = await readAssemblyFindings(dir, templates, 'head');
  expect(read.byStack.get('AuroraSurge-dev')?.acknowledgements).toEqual([
    { rule: 'AwsSolutions-S10', path: 'Uploads', reason: 'SSL is enforced by the bucket policy of the account.' },
    { rule: 'CloudFormation-Validate::W3010', path: 'Network/Vpc', reason: 'Zones named in config.' },
  ]);
  expect(read.byStack.get('AuroraSurge-prod')?.acknowledgements).toEqual([
    { rule: 'AwsSolutions-IAM4', path: '', reason: 'stack-wide reason' },
  ]);
});

test('an assembly without a validation report (a base before cdk-nag 3) says so', async () => {
  const read = await readAssemblyFindings(assembly({ 'manifest.json': manifest }), templates, 'base');
  expect(read.reportPresent).toBe(false);
  expect(read.byStack.get('AuroraSurge-dev')?.findings).toEqual([]);
});

test('a validation report that is not JSON is a tool error naming the side and the file', async () => {
  const dir = assembly({ 'manifest.json': manifest });
  fs.writeFileSync(path.join(dir, VALIDATION_REPORT_FILE), '{ cut');
  await expect(readAssemblyFindings(dir, templates, 'base main (abc1234)')).rejects.toThrow(
    `base main (abc1234): ${path.join(dir, VALIDATION_REPORT_FILE)} is not valid JSON`,
  );
});
