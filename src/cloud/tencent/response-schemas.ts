/**
 * What secgroup reads from Tencent Cloud's answers (the `Response` object, minus RequestId).
 * Lenient where the real answers are: optional fields may be missing, empty or null (see the
 * reference payloads), and unknown fields are dropped.
 */
import { z } from 'zod';

const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '');

const idLike = z.union([z.string(), z.number()]).transform(String);

const tag = z.object({ Key: z.string(), Value: z.string() });

export const securityGroupSchema = z.object({
  SecurityGroupId: z.string().min(1),
  SecurityGroupName: text,
  SecurityGroupDesc: text,
  ProjectId: idLike.nullish().transform((v) => v ?? '0'),
  CreatedTime: text,
  TagSet: z.array(tag).nullish(),
});
export type TencentSecurityGroup = z.infer<typeof securityGroupSchema>;

export const createGroupResponse = z.object({ SecurityGroup: securityGroupSchema });

/** The intl API reference says SecurityGroup "may return null". */
export const cloneGroupResponse = z.object({ SecurityGroup: securityGroupSchema.nullish() });

export const describeGroupsResponse = z.object({
  SecurityGroupSet: z.array(securityGroupSchema),
  TotalCount: z.number().int().min(0),
});

const template = (first: string, second: string) =>
  z
    .object({ [first]: text, [second]: text })
    .nullish()
    .transform((v) => (v ? Object.values(v).filter((id) => id !== '') : []));

export const policySchema = z.object({
  PolicyIndex: z.coerce.number().int().nullish(),
  Protocol: text,
  Port: text,
  CidrBlock: text,
  Ipv6CidrBlock: text,
  SecurityGroupId: text,
  /** Ids of the address template or group, if the policy uses one. */
  AddressTemplate: template('AddressId', 'AddressGroupId'),
  /** Ids of the service template or group, if the policy uses one. */
  ServiceTemplate: template('ServiceId', 'ServiceGroupId'),
  Action: text,
  PolicyDescription: text,
  /** "YYYY-MM-DD HH:mm:ss" in the examples; "" or absent when not reported. */
  ModifyTime: text,
});
export type TencentPolicyRead = z.infer<typeof policySchema>;

export const describePoliciesResponse = z.object({
  SecurityGroupPolicySet: z.object({
    /** A string ("60") in api.json and the zh example, a number (60) in the intl example; may be null (intl). */
    Version: idLike.nullish(),
    Ingress: z
      .array(policySchema)
      .nullish()
      .transform((v) => v ?? []),
    Egress: z
      .array(policySchema)
      .nullish()
      .transform((v) => v ?? []),
  }),
});

export const emptyResponse = z.object({});

export const limitsResponse = z.object({
  SecurityGroupLimitSet: z.object({
    SecurityGroupLimit: z.number().int(),
    SecurityGroupPolicyLimit: z.number().int(),
  }),
});

export const regionsResponse = z.object({
  RegionSet: z.array(z.object({ Region: z.string().min(1), RegionName: text, RegionState: text })),
});

export const projectsResponse = z.object({
  Total: z.number().int().min(0),
  Projects: z
    .array(z.object({ ProjectId: idLike, ProjectName: text }))
    .nullish()
    .transform((v) => v ?? []),
});

const count = z.number().int().min(0).nullish();

export const associationStatisticsResponse = z.object({
  SecurityGroupAssociationStatisticsSet: z.array(
    z.object({
      SecurityGroupId: z.string(),
      CVM: count,
      CDB: count,
      ENI: count,
      CLB: count,
      /** Every kind of bound instance; absent from the intl example. */
      InstanceStatistics: z
        .array(z.object({ InstanceType: z.string(), InstanceCount: z.number().int().min(0) }))
        .nullish(),
    }),
  ),
});

export const referencesResponse = z.object({
  ReferredSecurityGroupSet: z
    .array(z.object({ SecurityGroupId: z.string(), ReferredSecurityGroupIds: z.array(z.string()).nullish() }))
    .nullish()
    .transform((v) => v ?? []),
});
