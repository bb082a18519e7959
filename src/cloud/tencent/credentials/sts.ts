/**
 * Temporary credentials from STS (sts 2018-08-13, through the SDK's CommonClient and the provider's
 * transport, so TENCENTCLOUD_STS_ENDPOINT / TENCENTCLOUD_ENDPOINT may point it elsewhere):
 * - AssumeRole, signed with other credentials (keys, or a CVM role's): RoleArn, RoleSessionName,
 *   DurationSeconds (https://www.tencentcloud.com/document/api/1150/49456);
 * - AssumeRoleWithWebIdentity for a TKE pod's OIDC role, unsigned (Authorization: SKIP, as the SDK's
 *   OIDCRoleArnCredential sends it): ProviderId, WebIdentityToken (read from the token file at every
 *   fetch, since TKE rotates it), RoleArn, RoleSessionName, in the cluster’s region
 *   (https://www.tencentcloud.com/document/api/1150/49454).
 * Both answer Credentials {TmpSecretId, TmpSecretKey, Token} and ExpiredTime (Unix seconds).
 */
import { readFile } from 'node:fs/promises';
import { CommonClient } from 'tencentcloud-sdk-nodejs-common';
import { z } from 'zod';
import { createTransport } from '../transport.js';
import type { CredentialSource, TemporaryCredential } from './refreshing-credential.js';

const STS_HOST = 'sts.tencentcloudapi.com';
const STS_VERSION = '2018-08-13';
/** The region the Node SDK's STSCredential sends AssumeRole to. */
const ASSUME_ROLE_REGION = 'ap-guangzhou';

const stsAnswer = z.object({
  Credentials: z.object({
    TmpSecretId: z.string().min(1),
    TmpSecretKey: z.string().min(1),
    Token: z.string().min(1),
  }),
  ExpiredTime: z.number().int().positive(),
});

export interface StsOptions {
  /** Base URL; unset: https://sts.tencentcloudapi.com. */
  endpoint?: string;
  timeoutMs: number;
}

async function callSts(
  options: StsOptions & { region: string; credential: CredentialSource | { secretId: ''; secretKey: '' } },
  action: string,
  params: Record<string, unknown>,
  skipSign: boolean,
): Promise<TemporaryCredential> {
  const transport = createTransport(options.endpoint);
  const client = new CommonClient(STS_HOST, STS_VERSION, {
    credential: options.credential,
    region: options.region,
    profile: {
      language: 'en-US',
      httpProfile: { protocol: transport.protocol, agent: transport.agent, reqTimeout: options.timeoutMs / 1000 },
    },
  });
  client.path = transport.path;
  let answer: unknown;
  try {
    answer = await client.request(action, params, { skipSign, signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    const code = typeof e.code === 'string' && e.code !== '' ? `${e.code}: ` : '';
    throw new Error(`STS ${action} failed: ${code}${typeof e.message === 'string' ? e.message : String(err)}`);
  }
  const parsed = stsAnswer.safeParse(answer);
  if (!parsed.success) throw new Error(`STS ${action} answered in an unknown shape`);
  const { Credentials, ExpiredTime } = parsed.data;
  return {
    secretId: Credentials.TmpSecretId,
    secretKey: Credentials.TmpSecretKey,
    token: Credentials.Token,
    expiresAt: new Date(ExpiredTime * 1000),
  };
}

export function assumeRoleCredentials(
  options: StsOptions & { base: CredentialSource; roleArn: string; sessionName: string; durationSeconds: number },
): () => Promise<TemporaryCredential> {
  return () =>
    callSts(
      { ...options, region: ASSUME_ROLE_REGION, credential: options.base },
      'AssumeRole',
      { RoleArn: options.roleArn, RoleSessionName: options.sessionName, DurationSeconds: options.durationSeconds },
      false,
    );
}

export function webIdentityCredentials(
  options: StsOptions & { region: string; providerId: string; tokenFile: string; roleArn: string },
): () => Promise<TemporaryCredential> {
  return async () => {
    const token = (await readFile(options.tokenFile, 'utf8')).trim();
    if (token === '') throw new Error(`the web identity token file ${options.tokenFile} is empty`);
    return callSts(
      { ...options, credential: { secretId: '', secretKey: '' } },
      'AssumeRoleWithWebIdentity',
      {
        ProviderId: options.providerId,
        WebIdentityToken: token,
        RoleArn: options.roleArn,
        RoleSessionName: `secgroup-${Date.now()}`,
      },
      true,
    );
  };
}
