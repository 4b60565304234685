import { parseDiffArgs, UsageError } from '../../../tools/diff/args';

describe('parseDiffArgs', () => {
  test.each([
    [[], { allowDestructive: false, help: false }],
    [['--base', 'origin/main'], { base: 'origin/main', allowDestructive: false, help: false }],
    [['--base=v1.2.0', '--allow-destructive', '--out', 'r.md'], { base: 'v1.2.0', out: 'r.md', allowDestructive: true, help: false }],
    [['-h'], { allowDestructive: false, help: true }],
  ])('%j', (argv, expected) => {
    expect(parseDiffArgs(argv)).toEqual(expected);
  });

  test.each([
    [['--bsae', 'main'], /Unknown option '--bsae'/],
    [['--base'], /--base/],
    [['--base', ''], /--base needs a git ref, e.g. --base main/],
    [['--out', ' '], /--out needs a file name/],
    [['main'], /positional/i],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseDiffArgs(argv)).toThrow(UsageError);
    expect(() => parseDiffArgs(argv)).toThrow(message);
  });
});
