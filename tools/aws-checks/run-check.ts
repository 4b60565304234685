import { type CheckResult, failed } from './check-result';

/** Error names the SDK v3 clients use when the caller lacks a permission. */
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError', 'AuthFailure']);

/** The SDK could not find credentials (no profile, no environment variables, no role). */
export function isMissingCredentials(err: unknown): boolean {
  const e = err as { name?: string; message?: string } | null;
  return e?.name === 'CredentialsProviderError' || /Could not load credentials/i.test(e?.message ?? '');
}

/** The request never reached AWS (DNS, proxy, no route, timeout): not a credentials problem. */
export function isNetworkError(err: unknown): boolean {
  const e = err as { name?: string; code?: string; message?: string } | null;
  return (
    ['ENOTFOUND', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'ENETUNREACH'].includes(e?.code ?? '') ||
    e?.name === 'TimeoutError' ||
    /getaddrinfo|ECONNREFUSED|ETIMEDOUT|ENETUNREACH/.test(e?.message ?? '')
  );
}

export function isAccessDenied(err: unknown): boolean {
  return ACCESS_DENIED.has((err as { name?: string } | null)?.name ?? '');
}

/** `Name: message` of an SDK error, or the text of anything else thrown. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.name && err.name !== 'Error' ? `${err.name}: ${err.message}` : err.message;
  return String(err);
}

/**
 * Runs one check. A check that throws does not stop the others: it fails with the AWS error and a fix
 * (a missing permission names what to allow; the calls are read-only, so `ReadOnlyAccess` covers preflight).
 */
export async function runCheck(id: string, title: string, check: () => Promise<CheckResult>, permissionHint: string): Promise<CheckResult> {
  try {
    return await check();
  } catch (err) {
    const fix = isAccessDenied(err)
      ? `give the caller ${permissionHint}, then run again.`
      : 'run again; if the error persists, it names what AWS refused.';
    return failed(id, title, [{ problem: `could not run: ${describeError(err)}`, fix }]);
  }
}
