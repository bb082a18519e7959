/**
 * Temporary credentials (a CVM or TKE role's, or STS AssumeRole's): a SecretId and key that sign
 * like any other, valid only with their token (sent as X-TC-Token) and only until they expire.
 * Tencent answers a missing, wrong or expired token with AuthFailure.TokenFailure ("Token error",
 * in the common error codes of every API 3.0 page, e.g. https://www.tencentcloud.com/document/product/1209/56023).
 */

export interface TemporaryCredential {
  secretId: string;
  secretKey: string;
  token: string;
  expiresAt: Date;
}

export type TokenVerdict = { ok: true } | { ok: false; code: string; message: string };

const tokenFailure = (message: string): TokenVerdict => ({ ok: false, code: 'AuthFailure.TokenFailure', message });

export class TemporaryCredentials {
  private readonly bySecretId = new Map<string, TemporaryCredential>();

  /** Accepts a credential from now on; the same SecretId again replaces it (an expiry in the past revokes it). */
  accept(credential: TemporaryCredential): void {
    this.bySecretId.set(credential.secretId, { ...credential, expiresAt: new Date(credential.expiresAt) });
  }

  secretKeyOf(secretId: string): string | undefined {
    return this.bySecretId.get(secretId)?.secretKey;
  }

  /** For a request signed with `secretId`: ok unless that is a temporary credential whose token is missing, wrong or expired. */
  checkToken(secretId: string, token: string | undefined, now: Date): TokenVerdict {
    const credential = this.bySecretId.get(secretId);
    if (!credential) return { ok: true };
    if (!token) return tokenFailure('Token error: temporary credentials need their token (X-TC-Token).');
    if (token !== credential.token) return tokenFailure('Token error: the token does not belong to this SecretId.');
    if (now.getTime() >= credential.expiresAt.getTime()) return tokenFailure('Token error: the token has expired.');
    return { ok: true };
  }
}
