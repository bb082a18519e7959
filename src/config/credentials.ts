/**
 * Where the Tencent Cloud credentials come from, as the environment says it (src/config.ts reads
 * the environment and hands the values here). The names are those Tencent's own tools read:
 * - keys: TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_SESSION_TOKEN (tccli, the SDKs);
 * - a CVM instance's CAM role: TENCENTCLOUD_CAM_ROLE_NAME (the Terraform provider's `cam_role_name`);
 * - a TKE pod's OIDC role: TKE_REGION, TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE, TKE_ROLE_ARN
 *   (what TKE's pod identity sets, read by tccli, the Node SDK's OIDCRoleArnCredential and Terraform);
 * - on top of any of them, a role to assume with STS: TENCENTCLOUD_ROLE_ARN and
 *   TENCENTCLOUD_ROLE_SESSION_NAME (tccli), or Terraform's TENCENTCLOUD_ASSUME_ROLE_ARN,
 *   TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME and TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION.
 * Sources: TencentCloud/tencentcloud-cli README.md ("凭证管理"), tencentcloudstack/terraform-provider-tencentcloud
 * tencentcloud/provider.go, tencentcloud-sdk-nodejs-common tencentcloud/common/credential.js.
 */
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

export const credentialsEnv = {
  TENCENTCLOUD_CAM_ROLE_NAME: optionalString,
  TENCENTCLOUD_ROLE_ARN: optionalString,
  TENCENTCLOUD_ASSUME_ROLE_ARN: optionalString,
  TENCENTCLOUD_ROLE_SESSION_NAME: optionalString,
  TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: optionalString,
  TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION: z.coerce
    .number({ error: 'a number of seconds' })
    .int('a whole number of seconds')
    .positive('a positive number of seconds')
    .max(43_200, 'at most 43200 seconds (the range Terraform accepts)')
    .default(7_200),
  TKE_REGION: optionalString,
  TKE_PROVIDER_ID: optionalString,
  TKE_WEB_IDENTITY_TOKEN_FILE: optionalString,
  TKE_ROLE_ARN: optionalString,
  TENCENTCLOUD_METADATA_ENDPOINT: z.url('an http(s) URL').default('http://metadata.tencentyun.com'),
  TENCENTCLOUD_STS_ENDPOINT: optionalString.pipe(z.url('an http(s) base URL').optional()),
};

type CredentialsEnv = z.output<z.ZodObject<typeof credentialsEnv>> & {
  TENCENTCLOUD_SECRET_ID?: string | undefined;
  TENCENTCLOUD_SECRET_KEY?: string | undefined;
};

/** Temporary credentials instead of keys: a CVM instance's role, or a TKE pod's. */
export type CloudRole =
  | { kind: 'cvm'; roleName: string }
  | { kind: 'tke-oidc'; region: string; providerId: string; tokenFile: string; roleArn: string };

export interface AssumedRole {
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
}

export interface CredentialsConfig {
  role?: CloudRole;
  /** A role assumed with STS AssumeRole, signed with the keys or the role above. */
  assumeRole?: AssumedRole;
  /** The CVM metadata service (tests point it at 127.0.0.1). */
  metadataEndpoint: string;
  /** STS's base URL; unset: TENCENTCLOUD_ENDPOINT, else https://sts.tencentcloudapi.com. */
  stsEndpoint?: string;
}

const TKE_VARS = ['TKE_REGION', 'TKE_PROVIDER_ID', 'TKE_WEB_IDENTITY_TOKEN_FILE', 'TKE_ROLE_ARN'] as const;

/** The credentials settings, or the problems with them (each naming its variable). */
export function credentialsFrom(e: CredentialsEnv): { config: CredentialsConfig; problems: string[] } {
  const problems: string[] = [];
  const tkeSet = TKE_VARS.filter((name) => e[name] !== undefined);
  if (tkeSet.length > 0 && tkeSet.length < TKE_VARS.length) {
    const missing = TKE_VARS.filter((name) => e[name] === undefined);
    problems.push(`${missing.join(', ')}: required with ${tkeSet.join(', ')} (a TKE pod's OIDC role needs all four)`);
  }
  let role: CloudRole | undefined;
  if (e.TENCENTCLOUD_CAM_ROLE_NAME) role = { kind: 'cvm', roleName: e.TENCENTCLOUD_CAM_ROLE_NAME };
  if (e.TKE_REGION && e.TKE_PROVIDER_ID && e.TKE_WEB_IDENTITY_TOKEN_FILE && e.TKE_ROLE_ARN) {
    role = {
      kind: 'tke-oidc',
      region: e.TKE_REGION,
      providerId: e.TKE_PROVIDER_ID,
      tokenFile: e.TKE_WEB_IDENTITY_TOKEN_FILE,
      roleArn: e.TKE_ROLE_ARN,
    };
  }
  const bases = [
    e.TENCENTCLOUD_SECRET_ID !== undefined && 'TENCENTCLOUD_SECRET_ID',
    e.TENCENTCLOUD_CAM_ROLE_NAME !== undefined && 'TENCENTCLOUD_CAM_ROLE_NAME',
    tkeSet.length > 0 && 'TKE_*',
  ].filter((name): name is string => typeof name === 'string');
  if (bases.length > 1) {
    problems.push(
      `${bases.join(', ')}: set only one source of Tencent Cloud credentials (keys, a CVM role or a TKE role)`,
    );
  }

  const arns = [e.TENCENTCLOUD_ROLE_ARN, e.TENCENTCLOUD_ASSUME_ROLE_ARN].filter((v) => v !== undefined);
  const names = [e.TENCENTCLOUD_ROLE_SESSION_NAME, e.TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME].filter(
    (v) => v !== undefined,
  );
  if (new Set(arns).size > 1) {
    problems.push('TENCENTCLOUD_ROLE_ARN: differs from TENCENTCLOUD_ASSUME_ROLE_ARN; set one of them');
  }
  if (new Set(names).size > 1) {
    problems.push(
      'TENCENTCLOUD_ROLE_SESSION_NAME: differs from TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME; set one of them',
    );
  }
  const [sessionName] = names;
  if (sessionName !== undefined && !/^[\w+=,.@-]{2,128}$/.test(sessionName)) {
    problems.push('TENCENTCLOUD_ROLE_SESSION_NAME: 2 to 128 letters, digits and =,.@- (as STS AssumeRole takes it)');
  }
  const [roleArn] = arns;
  if (roleArn && bases.length === 0) {
    problems.push(
      'TENCENTCLOUD_ROLE_ARN: a role is assumed with other credentials; set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_CAM_ROLE_NAME or the TKE_* variables too',
    );
  }
  return {
    config: {
      ...(role ? { role } : {}),
      ...(roleArn
        ? {
            assumeRole: {
              roleArn,
              sessionName: sessionName ?? 'secgroup',
              durationSeconds: e.TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION,
            },
          }
        : {}),
      metadataEndpoint: e.TENCENTCLOUD_METADATA_ENDPOINT,
      ...(e.TENCENTCLOUD_STS_ENDPOINT ? { stsEndpoint: e.TENCENTCLOUD_STS_ENDPOINT } : {}),
    },
    problems,
  };
}
