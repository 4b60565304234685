/** An SDK-shaped service exception, as aws-sdk-client-mock rejects with it. */
export function awsError(name: string, fault: 'client' | 'server' = 'client'): Error {
  return Object.assign(new Error(`${name} (test)`), { name, $fault: fault, $metadata: {} });
}
