/**
 * The GitHub Actions workflows, checked without actionlint (not installable offline here): the YAML
 * parses, keys are ones GitHub knows, every action is pinned to a major version, run scripts pass
 * `bash -n` and take workflow values through env (no `${{ }}` inside a script), the github-script code
 * compiles, and the names shared with the diff tool (marker, label, stack names, environments) agree.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { environmentNames } from '../../../config';
import { stackNameFor } from '../../../lib/aurora-surge-stack';
import { OVERRIDE_LABEL, REPORT_MARKER } from '../../../tools/diff/render-report';

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
  readonly [key: string]: unknown;
}

interface Job {
  readonly steps: readonly Step[];
  readonly [key: string]: unknown;
}

interface Workflow {
  readonly name: string;
  readonly on: Record<string, any>;
  readonly permissions: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly jobs: Record<string, Job>;
  readonly [key: string]: unknown;
}

const WORKFLOW_DIR = path.join(__dirname, '..', '..', '..', '.github', 'workflows');
const load = (file: string): Workflow => parse(fs.readFileSync(path.join(WORKFLOW_DIR, file), 'utf8')) as Workflow;
const files = fs.readdirSync(WORKFLOW_DIR).filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'));

// Keys from GitHub's workflow syntax reference:
// https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions
const WORKFLOW_KEYS = new Set(['name', 'run-name', 'on', 'permissions', 'env', 'defaults', 'concurrency', 'jobs']);
const JOB_KEYS = new Set([
  'name',
  'needs',
  'if',
  'runs-on',
  'environment',
  'permissions',
  'concurrency',
  'outputs',
  'env',
  'defaults',
  'steps',
  'timeout-minutes',
  'strategy',
  'continue-on-error',
  'container',
  'services',
]);
const STEP_KEYS = new Set([
  'id',
  'if',
  'name',
  'uses',
  'run',
  'shell',
  'with',
  'env',
  'continue-on-error',
  'timeout-minutes',
  'working-directory',
]);
const PERMISSION_SCOPES = new Set([
  'actions',
  'attestations',
  'checks',
  'contents',
  'deployments',
  'id-token',
  'issues',
  'discussions',
  'packages',
  'pages',
  'pull-requests',
  'repository-projects',
  'security-events',
  'statuses',
]);

function steps(workflow: Workflow): Step[] {
  return Object.values(workflow.jobs).flatMap((job) => [...job.steps]);
}

function stepNamed(workflow: Workflow, name: RegExp): Step {
  const found = steps(workflow).find((s) => name.test(s.name ?? ''));
  if (!found) throw new Error(`no step named ${name}`);
  return found;
}

describe.each(files)('%s is well-formed', (file) => {
  const workflow = load(file);

  test('uses only known keys, at every level', () => {
    expect(Object.keys(workflow).filter((k) => !WORKFLOW_KEYS.has(k))).toEqual([]);
    for (const job of Object.values(workflow.jobs)) {
      expect(Object.keys(job).filter((k) => !JOB_KEYS.has(k))).toEqual([]);
      for (const step of job.steps) expect(Object.keys(step).filter((k) => !STEP_KEYS.has(k))).toEqual([]);
    }
    expect(Object.keys(workflow.permissions).filter((k) => !PERMISSION_SCOPES.has(k))).toEqual([]);
    expect(Object.values(workflow.permissions).every((v) => ['read', 'write', 'none'].includes(v))).toBe(true);
  });

  test('sets up Node.js 24, the active LTS line (Node.js 20 is past its end of life)', () => {
    // https://nodejs.org/en/about/previous-releases: 24 is LTS until April 2028; 20 ended April 2026.
    const setups = steps(workflow).filter((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(setups.length).toBeGreaterThan(0);
    for (const step of setups) expect(String(step.with?.['node-version'])).toBe('24');
  });

  test('every step either runs a script or uses an action pinned to a major version', () => {
    for (const step of steps(workflow)) {
      expect(step.name).toBeTruthy();
      expect(Boolean(step.uses) !== Boolean(step.run)).toBe(true);
      if (step.uses) expect(step.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+(\.\d+){0,2}$/);
    }
  });

  test('run scripts pass bash -n and read workflow values from env, never from ${{ }} inside the script', () => {
    for (const step of steps(workflow).filter((s) => s.run)) {
      expect(step.run).not.toContain('${{');
      const check = spawnSync('bash', ['-n'], { input: step.run, encoding: 'utf8' });
      expect({ step: step.name, stderr: check.stderr }).toEqual({ step: step.name, stderr: '' });
    }
  });

  test('github-script code compiles', () => {
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => unknown;
    for (const step of steps(workflow).filter((s) => s.uses?.startsWith('actions/github-script@'))) {
      expect(() => new AsyncFunction('require', 'github', 'context', 'core', String(step.with?.script))).not.toThrow();
    }
  });
});

describe('pull-request.yml', () => {
  const workflow = load('pull-request.yml');
  const job = workflow.jobs.review!;

  test('runs on pull requests to main, and again when labels change', () => {
    expect(workflow.on.pull_request.branches).toEqual(['main']);
    expect(workflow.on.pull_request.types).toEqual(expect.arrayContaining(['opened', 'synchronize', 'reopened', 'labeled', 'unlabeled']));
    expect(job.if).toContain(`github.event.label.name == '${OVERRIDE_LABEL}'`);
  });

  test('may write the PR comment and read the code, nothing else', () => {
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });

  test('checks out the full history, then npm ci, tests, synth and the diff, in that order', () => {
    expect(stepNamed(workflow, /^Check out/).with).toEqual({ 'fetch-depth': 0 });
    const runs = job.steps.filter((s) => s.run).map((s) => s.run!.trim().split('\n')[0]);
    expect(runs.slice(0, 3)).toEqual(['npm ci', 'npm test', 'npm run synth']);
    const diff = stepNamed(workflow, /^Synth diff/);
    expect(diff.run).toContain('args=(--base "$BASE_SHA" --out synth-diff.md --comment-out synth-diff-comment.md)');
    expect(diff.run).toContain('npm run --silent diff -- "${args[@]}"');
    expect(diff.env?.BASE_SHA).toBe('${{ github.event.pull_request.base.sha }}');
  });

  test('the override label is the one the report tells people to add', () => {
    expect(workflow.env?.OVERRIDE_LABEL).toBe(OVERRIDE_LABEL);
    expect(stepNamed(workflow, /^Synth diff/).env?.ALLOW_DESTRUCTIVE).toBe(
      `\${{ contains(github.event.pull_request.labels.*.name, '${OVERRIDE_LABEL}') }}`,
    );
    expect(stepNamed(workflow, /^Synth diff/).run).toContain('args+=(--allow-destructive)');
  });

  test("posts ONE comment, found again by the report's hidden marker, and updates it", () => {
    const script = String(stepNamed(workflow, /^Post or update/).with?.script);
    expect(script).toContain(`const marker = '${REPORT_MARKER}';`);
    expect(script).toContain('github.rest.issues.updateComment');
    expect(script).toContain('github.rest.issues.createComment');
    expect(script.indexOf('updateComment')).toBeLessThan(script.indexOf('createComment'));
  });

  test('fails the check on exit code 1 (blocked) and 2 (tool error), passes on 0', () => {
    const gate = stepNamed(workflow, /^Fail on a blocked/);
    const run = (code: string) =>
      spawnSync('bash', ['-c', gate.run!], { env: { ...process.env, DIFF_EXIT_CODE: code, OVERRIDE_LABEL }, encoding: 'utf8' });
    expect(run('0').status).toBe(0);
    expect(run('1').status).toBe(1);
    expect(run('1').stdout).toContain(`add the label ${OVERRIDE_LABEL}`);
    expect(run('1').stdout).toContain('new cdk-nag or Control Tower finding');
    expect(run('2').status).toBe(1);
    expect(run('').status).toBe(1);
  });
});

describe('deploy.yml', () => {
  const workflow = load('deploy.yml');
  const job = workflow.jobs.deploy!;

  test('is started by hand with the environment as a choice of the committed environments', () => {
    const input = workflow.on.workflow_dispatch.inputs.environment;
    expect(input).toMatchObject({ type: 'choice', required: true });
    expect(input.options).toEqual(environmentNames());
  });

  test('runs in the GitHub environment of that name (protection rules, OIDC subject) and may request an OIDC token', () => {
    expect(job.environment).toBe('${{ inputs.environment }}');
    expect(workflow.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
    expect(workflow.concurrency).toEqual({ group: 'deploy-${{ inputs.environment }}', 'cancel-in-progress': false });
  });

  test("assumes the role from the environment variable, then runs preflight, diffs, deploys that environment's stack and verifies it", () => {
    const credentials = stepNamed(workflow, /^Assume the deploy role/);
    expect(credentials.uses).toMatch(/^aws-actions\/configure-aws-credentials@v\d+$/);
    expect(credentials.with?.['role-to-assume']).toBe('${{ vars.AWS_DEPLOY_ROLE_ARN }}');
    expect((job.env as Record<string, string>).STACK).toBe(stackNameFor('${{ inputs.environment }}'));
    const runs = job.steps.filter((s) => s.run).map((s) => s.run!.trim());
    expect(runs.indexOf('npm run cdk -- diff "$STACK"')).toBeGreaterThan(runs.indexOf('npm test'));
    const deploy = runs.indexOf('npm run cdk -- deploy "$STACK" --require-approval never --ci --progress events');
    expect(deploy).toBeGreaterThan(runs.indexOf('npm run cdk -- diff "$STACK"'));
    expect(job.steps.indexOf(credentials)).toBeLessThan(job.steps.findIndex((s) => s.run?.includes('cdk -- deploy')));
    // preflight after the credentials and before the deploy; verify last, after it; both for the chosen environment
    const preflight = runs.findIndex((r) => r.endsWith('npm run preflight -- "${args[@]}"') && r.startsWith('args=(--env "$ENVIRONMENT")'));
    expect(job.steps.indexOf(credentials)).toBeLessThan(job.steps.findIndex((s) => s.run?.includes('npm run preflight')));
    expect(preflight).toBeGreaterThan(-1);
    expect(preflight).toBeLessThan(deploy);
    expect(runs.at(-1)).toBe('npm run verify -- --env "$ENVIRONMENT"');
    for (const step of job.steps.filter((s) => /npm run (preflight|verify)/.test(s.run ?? ''))) {
      expect(step.env?.ENVIRONMENT).toBe('${{ inputs.environment }}');
    }
    // an urgent deploy during a campaign is a deliberate choice at dispatch, off by default
    expect(workflow.on.workflow_dispatch.inputs.allow_during_campaign).toMatchObject({ type: 'boolean', default: false });
    expect(stepNamed(workflow, /^Preflight/).env?.ALLOW_DURING_CAMPAIGN).toBe('${{ inputs.allow_during_campaign }}');
  });
});
