/**
 * Runs `fn` with `console[method]` captured instead of printed, and returns what it printed. For tests
 * that provoke a warning on purpose (CDK prints a stack's warnings as a validation report at synth,
 * feature flag `@aws-cdk/core:annotationsInValidationReport`): the test asserts the text instead of
 * leaving it in the output, where it would read like a problem.
 */
export function captureConsole<T>(method: 'error' | 'warn' | 'log', fn: () => T): { readonly result: T; readonly printed: string } {
  const lines: string[] = [];
  const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  try {
    return { result: fn(), printed: lines.join('\n') };
  } finally {
    spy.mockRestore();
  }
}
