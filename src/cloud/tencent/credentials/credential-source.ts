/**
 * The credentials the provider signs with, from the configuration: keys, a CVM role, or a TKE
 * pod's OIDC role, and, on top of any of them, a role assumed with STS (src/config/credentials.ts says
 * which variables choose which).
 */
import type { CloudConfig } from '../../../config.js';
import type { Clock } from '../../../lib/clock.js';
import type { Log } from '../../../lib/log.js';
import { cvmRoleCredentials } from './cvm-role.js';
import { type CredentialSource, fixedCredential, refreshingCredential } from './refreshing-credential.js';
import { assumeRoleCredentials, webIdentityCredentials } from './sts.js';

export function credentialSource(cloud: CloudConfig, deps: { clock: Clock; log: Log }): CredentialSource {
  const { role, assumeRole } = cloud;
  const sts = {
    ...((cloud.stsEndpoint ?? cloud.endpoint) ? { endpoint: cloud.stsEndpoint ?? cloud.endpoint } : {}),
    timeoutMs: cloud.timeoutMs,
  };
  let base: CredentialSource;
  if (role?.kind === 'cvm') {
    base = refreshingCredential({
      what: `CVM role ${role.roleName}`,
      fetch: cvmRoleCredentials({
        roleName: role.roleName,
        metadataEndpoint: cloud.metadataEndpoint ?? 'http://metadata.tencentyun.com',
        timeoutMs: cloud.timeoutMs,
      }),
      ...deps,
    });
  } else if (role?.kind === 'tke-oidc') {
    base = refreshingCredential({
      what: `TKE OIDC role ${role.roleArn}`,
      fetch: webIdentityCredentials({ ...sts, ...role }),
      ...deps,
    });
  } else if (cloud.secretId && cloud.secretKey) {
    base = fixedCredential({
      secretId: cloud.secretId,
      secretKey: cloud.secretKey,
      ...(cloud.sessionToken ? { token: cloud.sessionToken } : {}),
    });
  } else {
    throw new Error(
      'Tencent Cloud credentials are missing: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_CAM_ROLE_NAME or the TKE_* variables, or use the emulator',
    );
  }
  if (!assumeRole) return base;
  return refreshingCredential({
    what: `assumed role ${assumeRole.roleArn}`,
    fetch: assumeRoleCredentials({ ...sts, ...assumeRole, base }),
    ...deps,
  });
}

/** Where the credentials come from, for the start-up log (names only, never a value). */
export function describeCredentials(cloud: CloudConfig): string {
  const base =
    cloud.role?.kind === 'cvm'
      ? `CVM role ${cloud.role.roleName}`
      : cloud.role?.kind === 'tke-oidc'
        ? `TKE OIDC role ${cloud.role.roleArn}`
        : cloud.sessionToken
          ? 'temporary keys'
          : 'keys';
  return cloud.assumeRole ? `${base}, assuming ${cloud.assumeRole.roleArn}` : base;
}
