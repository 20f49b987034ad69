/**
 * The credential provider the Lambda bundles use instead of the SDK's default chain (infra/bundling.ts `alias`):
 * the role's credentials from the environment Lambda sets, and a clear refusal without them, never a walk through
 * profiles, files or metadata endpoints.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  credentialsTreatedAsExpired,
  credentialsWillNeedRefresh,
  defaultProvider,
} from '#shared/adapters/lambda-credentials.ts';
import { bundleOptions } from '../../infra/bundling.ts';

describe('Lambda credentials', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('replaces the default chain in the bundles', () => {
    expect(bundleOptions.alias['@aws-sdk/credential-provider-node']).toBe('./shared/adapters/lambda-credentials.ts');
  });

  it("reads the execution role's credentials from the environment Lambda sets", async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret-example');
    vi.stubEnv('AWS_SESSION_TOKEN', 'token-example');
    await expect(defaultProvider()()).resolves.toMatchObject({
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret-example',
      sessionToken: 'token-example',
    });
  });

  it('refuses when the environment holds no credentials, even with a profile named', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    vi.stubEnv('AWS_PROFILE', 'someone-else');
    await expect(defaultProvider()()).rejects.toThrow(/environment variable credentials/);
  });

  it('refreshes credentials with an expiry once less than five minutes remain, as the default chain does', () => {
    expect(credentialsWillNeedRefresh({ accessKeyId: 'a', secretAccessKey: 's' })).toBe(false);
    const soon = { accessKeyId: 'a', secretAccessKey: 's', expiration: new Date(Date.now() + 60_000) };
    const later = { accessKeyId: 'a', secretAccessKey: 's', expiration: new Date(Date.now() + 3_600_000) };
    expect(credentialsWillNeedRefresh(later)).toBe(true);
    expect(credentialsTreatedAsExpired(soon)).toBe(true);
    expect(credentialsTreatedAsExpired(later)).toBe(false);
  });
});
