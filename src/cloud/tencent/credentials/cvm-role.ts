/**
 * A CVM instance's CAM role: the metadata service hands out its temporary credentials at
 * GET {endpoint}/latest/meta-data/cam/security-credentials/{role} as JSON with TmpSecretId,
 * TmpSecretKey, Token, ExpiredTime (Unix seconds) and Code "Success" (as the Node SDK reads them,
 * tencentcloud-sdk-nodejs-common tencentcloud/common/cvm_role_credential.js; the endpoint is
 * http://metadata.tencentyun.com there and in Terraform's `cam_role_name`). Node's fetch takes no
 * proxy from the environment, so the call stays on the instance.
 */
import { z } from 'zod';
import type { TemporaryCredential } from './refreshing-credential.js';

const roleCredentials = z.object({
  Code: z.string(),
  TmpSecretId: z.string().min(1),
  TmpSecretKey: z.string().min(1),
  Token: z.string().min(1),
  ExpiredTime: z.number().int().positive(),
});

export function cvmRoleCredentials(options: {
  roleName: string;
  /** e.g. http://metadata.tencentyun.com */
  metadataEndpoint: string;
  timeoutMs: number;
}): () => Promise<TemporaryCredential> {
  const url = new URL(
    `latest/meta-data/cam/security-credentials/${encodeURIComponent(options.roleName)}`,
    options.metadataEndpoint.endsWith('/') ? options.metadataEndpoint : `${options.metadataEndpoint}/`,
  );
  return async () => {
    const answer = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs) });
    if (!answer.ok) {
      throw new Error(`the metadata service answered HTTP ${answer.status} for CAM role ${options.roleName}`);
    }
    const parsed = roleCredentials.safeParse(await answer.json().catch(() => undefined));
    if (!parsed.success)
      throw new Error(`the metadata service answered in an unknown shape for CAM role ${options.roleName}`);
    if (parsed.data.Code !== 'Success') {
      throw new Error(`the metadata service answered Code ${parsed.data.Code} for CAM role ${options.roleName}`);
    }
    return {
      secretId: parsed.data.TmpSecretId,
      secretKey: parsed.data.TmpSecretKey,
      token: parsed.data.Token,
      expiresAt: new Date(parsed.data.ExpiredTime * 1000),
    };
  };
}
