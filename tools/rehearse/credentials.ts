/** User and password for both endpoints. */
export interface DatabaseCredentials {
  readonly user: string;
  readonly password: string;
}

/** Raised when credentials are missing; the message says how to provide them. */
export class CredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsError';
  }
}

/**
 * Reads `PGUSER` and `PGPASSWORD` (the names libpq and `pg` use). The stack keeps the database credentials
 * in Secrets Manager; export them from there first (see docs/rehearsal.md):
 * `eval "$(aws secretsmanager get-secret-value --secret-id <arn> --query SecretString --output text | jq -r '"export PGUSER=\(.username) PGPASSWORD=\(.password)"')"`.
 */
export function credentialsFromEnvironment(env: NodeJS.ProcessEnv, environmentName: string): DatabaseCredentials {
  const user = env.PGUSER;
  const password = env.PGPASSWORD;
  if (!user || !password) {
    const missing = [...(user ? [] : ['PGUSER']), ...(password ? [] : ['PGPASSWORD'])];
    throw new CredentialsError(
      `[${environmentName}] credentials: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set. ` +
        'Fix: export them from the database secret, e.g. ' +
        'eval "$(aws secretsmanager get-secret-value --secret-id <secret arn> --query SecretString --output text | jq -r \'"export PGUSER=\\(.username) PGPASSWORD=\\(.password)"\')" ' +
        '(see docs/rehearsal.md).',
    );
  }
  return { user, password };
}
