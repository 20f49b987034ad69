/**
 * What `@aws-sdk/credential-provider-node` becomes in the Lambda bundles only (infra/bundling.ts `alias`): the
 * environment-variables step of the SDK's default chain. Lambda always puts the execution role's credentials in
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, so the chain's other steps (SSO, ini files,
 * processes, web identity, container and instance metadata) are never reached there, yet they are 60 KB of every
 * bundle. Local runs and tests do not bundle and keep the whole chain. Same exports as the package's entry.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

type Credentials = Awaited<ReturnType<ReturnType<typeof fromEnv>>>;

/** The SDK clients call it with their logger and memoize what it returns until the credentials expire. */
export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => fromEnv(init);

/** As the package's: credentials with an expiry are refreshed once less than five minutes remain. */
export const credentialsWillNeedRefresh = (credentials?: Credentials): boolean => credentials?.expiration !== undefined;
export const credentialsTreatedAsExpired = (credentials?: Credentials): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
