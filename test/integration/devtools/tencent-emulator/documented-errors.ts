/**
 * The error codes Tencent documents for each action the emulator answers: an error the emulator
 * gives must be one of these or a common code.
 *
 * Per action: the "可能返回的错误码" (possible error codes) list of each action in
 * TencentCloud/tencentcloud-sdk-go, tencentcloud/vpc/v20170312/client.go,
 * tencentcloud/region/v20220627/client.go and tencentcloud/tag/v20180813/client.go (commit
 * 144f6c8d39e410da77a70472f1416e9903740593), generated from the "错误码" section of each API page
 * (e.g. https://cloud.tencent.com/document/api/215/15809). The MemberApproval* codes are left out.
 *
 * Common codes: every VPC API page says "The following only lists the error codes related to the
 * API business logic. For other error codes, see Common Error Codes"
 * (https://www.tencentcloud.com/document/api/215/15694); the list is the one every Tencent Cloud
 * API 3.0 "Error Codes" page opens with (e.g. https://www.tencentcloud.com/document/api/1278/73618).
 */

export const COMMON_ERRORS = [
  'ActionOffline',
  'AuthFailure.InvalidAuthorization',
  'AuthFailure.InvalidSecretId',
  'AuthFailure.MFAFailure',
  'AuthFailure.SecretIdNotFound',
  'AuthFailure.SignatureExpire',
  'AuthFailure.SignatureFailure',
  'AuthFailure.TokenFailure',
  'AuthFailure.UnauthorizedOperation',
  'DryRunOperation',
  'FailedOperation',
  'InternalError',
  'InvalidAction',
  'InvalidParameter',
  'InvalidParameterValue',
  'LimitExceeded',
  'MissingParameter',
  'NoSuchVersion',
  'RequestLimitExceeded',
  'ResourceInUse',
  'ResourceInsufficient',
  'ResourceNotFound',
  'ResourceUnavailable',
  'UnauthorizedOperation',
  'UnknownParameter',
  'UnsupportedOperation',
  'UnsupportedProtocol',
  'UnsupportedRegion',
];

const CREATE_POLICY_CODES = [
  'InternalError.ModuleError',
  'InvalidParameter.Coexist',
  'InvalidParameterValue.Empty',
  'InvalidParameterValue.LimitExceeded',
  'InvalidParameterValue.Malformed',
  'InvalidParameterValue.Range',
  'InvalidParameterValue.TooLong',
  'LimitExceeded.SecurityGroupPolicySet',
  'UnknownParameter.WithGuess',
  'UnsupportedOperation.DuplicatePolicy',
  'UnsupportedOperation.LockedResources',
  'UnsupportedOperation.VersionMismatch',
];

export const DOCUMENTED_ERRORS: Record<string, string[]> = {
  CreateSecurityGroup: [
    'InvalidParameterValue.Duplicate',
    'InvalidParameterValue.LimitExceeded',
    'InvalidParameterValue.Malformed',
    'InvalidParameterValue.TagDuplicateKey',
    'InvalidParameterValue.TagInvalidKey',
    'InvalidParameterValue.TagInvalidKeyLen',
    'InvalidParameterValue.TagInvalidVal',
    'InvalidParameterValue.TooLong',
  ],
  CreateSecurityGroupWithPolicies: [
    'InternalError.ModuleError',
    'InvalidParameter.Coexist',
    'InvalidParameterValue.LimitExceeded',
    'InvalidParameterValue.Malformed',
    'InvalidParameterValue.Range',
    'InvalidParameterValue.TooLong',
    'UnknownParameter.WithGuess',
    'UnsupportedOperation.LockedResources',
  ],
  CreateSecurityGroupPolicies: CREATE_POLICY_CODES,
  DeleteSecurityGroup: [
    'InternalError.ModuleError',
    'InvalidParameterValue.Malformed',
    'InvalidParameterValue.Range',
    'InvalidSecurityGroupID.Malformed',
    'InvalidSecurityGroupID.NotFound',
    'UnsupportedOperation.LockedResources',
  ],
  ModifySecurityGroupAttribute: ['InvalidParameterValue.Malformed', 'InvalidParameterValue.TooLong'],
  CloneSecurityGroup: [
    'InvalidParameterValue.Malformed',
    'InvalidParameterValue.TooLong',
    'UnsupportedOperation.RemoteRegionSgHasReferencedSg',
  ],
  DeleteSecurityGroupPolicies: [
    'InternalError.ModuleError',
    'InvalidParameter.Coexist',
    'InvalidParameterValue.Empty',
    'InvalidParameterValue.Malformed',
    'InvalidParameterValue.Range',
    'UnsupportedOperation.LockedResources',
    'UnsupportedOperation.VersionMismatch',
  ],
  ReplaceSecurityGroupPolicy: CREATE_POLICY_CODES,
  ReplaceSecurityGroupPolicies: [...CREATE_POLICY_CODES, 'InvalidParameterValue.Invalid'],
  ModifySecurityGroupPolicies: [
    'InternalError.ModuleError',
    'InvalidParameter.Coexist',
    'InvalidParameterValue.Empty',
    'InvalidParameterValue.LimitExceeded',
    'InvalidParameterValue.Malformed',
    'InvalidParameterValue.Range',
    'InvalidParameterValue.TooLong',
    'UnsupportedOperation.DuplicatePolicy',
    'UnsupportedOperation.LockedResources',
  ],
  DescribeSecurityGroups: [
    'InvalidParameter.Coexist',
    'InvalidParameter.FilterInvalidKey',
    'InvalidParameter.FilterNotDict',
    'InvalidParameter.FilterValuesNotList',
    'InvalidParameterValue.LimitExceeded',
    'InvalidParameterValue.Malformed',
    'InvalidParameterValue.Range',
  ],
  DescribeSecurityGroupPolicies: [
    'InvalidParameter.FilterInvalidKey',
    'InvalidParameter.FilterNotDict',
    'InvalidParameter.FilterValuesNotList',
    'InvalidParameterValue.LimitExceeded',
    'InvalidParameterValue.Malformed',
    'InvalidParameterValue.TooLong',
  ],
  DescribeSecurityGroupLimits: [],
  DescribeSecurityGroupAssociationStatistics: [
    'InvalidParameterValue.LimitExceeded',
    'InvalidParameterValue.Malformed',
  ],
  DescribeSecurityGroupReferences: [
    'InternalError.ModuleError',
    'InvalidParameterValue.LimitExceeded',
    'InvalidParameterValue.Malformed',
  ],
  DescribeRegions: ['InvalidParameter.ParameterError'],
  DescribeProjects: ['AuthFailure'],
  DescribeResourceTagsByResourceIds: [
    'InvalidParameterValue.RegionInvalid',
    'InvalidParameterValue.ResourceIdInvalid',
    'InvalidParameterValue.ResourcePrefixInvalid',
    'InvalidParameterValue.ServiceTypeInvalid',
    'InvalidParameterValue.UinInvalid',
  ],
  ModifyResourceTags: [
    'FailedOperation.PolicyEnforcedInvalid',
    'InvalidParameter.ReservedTagKey',
    'InvalidParameter.Tag',
    'InvalidParameterValue.DeleteTagsParamError',
    'InvalidParameterValue.ResourceDescriptionError',
    'InvalidParameterValue.TagKeyEmpty',
    'InvalidParameterValue.TagKeyLengthExceeded',
    'InvalidParameterValue.TagValueLengthExceeded',
    'LimitExceeded.Quota',
    'LimitExceeded.ResourceAttachedTags',
  ],
};

/** Whether Tencent documents `code` for `action` (its own list, or a common code). */
export function isDocumented(action: string, code: string): boolean {
  const own = DOCUMENTED_ERRORS[action];
  if (!own) throw new Error(`no documented error list for ${action}`);
  return own.includes(code) || COMMON_ERRORS.includes(code);
}
