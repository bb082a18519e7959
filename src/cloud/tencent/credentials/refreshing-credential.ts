/**
 * Temporary credentials (a role's, or STS's) kept fresh: fetched when first needed, fetched again
 * in the background once they come within `refreshBeforeMs` of their expiry (or half their
 * lifetime, if shorter) while the current ones are still used, and waited for only when there are
 * none or they are about to expire. A failed fetch is not kept: the next call tries again (after
 * `retryAfterMs` while the current credentials still work).
 *
 * The Node SDK has providers of its own (tencentcloud-sdk-nodejs-common tencentcloud/common/
 * credential.js, cvm_role_credential.js) but they cannot serve here: the metadata URL is a
 * constant, a failed first fetch is cached for good, refreshing happens only 30 s before expiry
 * (600 ms for OIDC, which compares seconds with milliseconds), and TKE settings are read from
 * process.env. What they fetch, and how, is followed in cvm-role.ts and sts.ts.
 */
import type { Clock } from '../../../lib/clock.js';
import type { Log } from '../../../lib/log.js';

/** What signs a call: the shape of the SDK's `Credential`, so a source is also its `DynamicCredential`. */
export interface SigningCredential {
  secretId: string;
  secretKey: string;
  token?: string;
}

export interface CredentialSource {
  getCredential(): Promise<SigningCredential>;
}

export interface TemporaryCredential {
  secretId: string;
  secretKey: string;
  token: string;
  expiresAt: Date;
}

/** Credentials this close to their expiry are not used: a call signed now must still be valid when it arrives. */
const EXPIRY_MARGIN_MS = 30_000;
const DEFAULT_REFRESH_BEFORE_MS = 5 * 60_000;
const DEFAULT_RETRY_AFTER_MS = 10_000;

export function refreshingCredential(options: {
  /** e.g. `CVM role secgroup-runner`, for the log. */
  what: string;
  fetch(): Promise<TemporaryCredential>;
  clock: Clock;
  log: Log;
  refreshBeforeMs?: number;
  retryAfterMs?: number;
}): CredentialSource {
  const { clock, log, what } = options;
  const refreshBeforeMs = options.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
  const retryAfterMs = options.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
  let current: { credential: TemporaryCredential; obtainedAt: number } | undefined;
  let pending: Promise<TemporaryCredential> | undefined;
  let failedAt: number | undefined;

  const refresh = (): Promise<TemporaryCredential> => {
    pending ??= (async () => {
      try {
        // Always after this turn, so `pending` is set before it can be cleared.
        const credential = await Promise.resolve().then(() => options.fetch());
        const obtainedAt = clock.now().getTime();
        if (credential.expiresAt.getTime() - obtainedAt <= EXPIRY_MARGIN_MS) {
          throw new Error(`the credentials handed out expire at ${credential.expiresAt.toISOString()}`);
        }
        current = { credential, obtainedAt };
        failedAt = undefined;
        log.info(`credentials: ${what}: temporary credentials valid until ${credential.expiresAt.toISOString()}`);
        return credential;
      } catch (err) {
        failedAt = clock.now().getTime();
        const reason = err instanceof Error ? err.message : String(err);
        log.warn(`credentials: ${what}: could not get temporary credentials: ${reason}`);
        throw new Error(`${what}: ${reason}`);
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };

  const signing = ({ secretId, secretKey, token }: TemporaryCredential): SigningCredential => ({
    secretId,
    secretKey,
    token,
  });

  return {
    async getCredential() {
      const now = clock.now().getTime();
      if (current) {
        const { credential, obtainedAt } = current;
        const expiresAt = credential.expiresAt.getTime();
        const refreshAt = expiresAt - Math.min(refreshBeforeMs, (expiresAt - obtainedAt) / 2);
        if (now < refreshAt) return signing(credential);
        if (now < expiresAt - EXPIRY_MARGIN_MS) {
          if (failedAt === undefined || now - failedAt >= retryAfterMs) refresh().catch(() => {});
          return signing(credential);
        }
      }
      return signing(await refresh());
    },
  };
}

/** Keys that do not expire (TENCENTCLOUD_SECRET_ID / _KEY, with a session token if one was given). */
export function fixedCredential(credential: SigningCredential): CredentialSource {
  return { getCredential: async () => credential };
}
