import { describe, expect, it } from 'vitest';
import {
  CallFailure,
  CloudQuotaExceededError,
  classifyFailure,
  groupFailure,
  toDomainError,
} from '../../../src/cloud/tencent/call-failure.js';
import {
  CloudRejectedError,
  CloudUnavailableError,
  NotFoundError,
  QuotaExceededError,
  VersionConflictError,
} from '../../../src/service/errors.js';

/** What the SDK throws: an Error with `code`/`requestId` (envelope) or `httpCode` (non-200). */
const sdkError = (message: string, fields: { code?: string; httpCode?: number; requestId?: string }) =>
  Object.assign(new Error(message), { requestId: '', ...fields });

describe('classifyFailure', () => {
  it.each([
    ['RequestLimitExceeded', 'throttled'],
    ['RequestLimitExceeded.UinLimitExceeded', 'throttled'],
    ['InternalError', 'ambiguous'],
    ['InternalError.ModuleError', 'ambiguous'],
    ['InternalServerError', 'ambiguous'],
    ['AuthFailure.SignatureFailure', 'rejected'],
    ['UnauthorizedOperation', 'rejected'],
    ['InvalidParameterValue.TooLong', 'rejected'],
    ['MissingParameter', 'rejected'],
    ['UnknownParameter', 'rejected'],
    ['ResourceNotFound', 'rejected'],
    ['LimitExceeded', 'rejected'],
    ['UnsupportedOperation.DuplicatePolicy', 'rejected'],
  ])('an envelope with %s is %s', (code, kind) => {
    const failure = classifyFailure(sdkError('msg', { code, requestId: 'req-1' }));
    expect(failure).toMatchObject({ kind, code, cloudMessage: 'msg', requestId: 'req-1' });
  });

  it.each([
    [503, 'ambiguous'],
    [500, 'ambiguous'],
    [404, 'rejected'],
  ])('HTTP %i is %s', (httpCode, kind) => {
    expect(classifyFailure(sdkError('Service Unavailable', { httpCode }))).toMatchObject({
      kind,
      code: `HTTP ${httpCode}`,
    });
  });

  it('a transport failure (reset, refused) is ambiguous', () => {
    const failure = classifyFailure(
      sdkError('request to https://vpc.tencentcloudapi.com/ failed, reason: socket hang up', {}),
    );
    expect(failure).toMatchObject({ kind: 'ambiguous', code: 'NetworkError' });
    expect(failure.requestId).toBeUndefined();
  });

  it('a timeout is ambiguous whatever was thrown', () => {
    expect(classifyFailure(sdkError('The user aborted a request.', {}), 250)).toMatchObject({
      kind: 'ambiguous',
      code: 'RequestTimeout',
      cloudMessage: 'no answer within 250 ms',
    });
  });
});

describe('toDomainError', () => {
  it('keeps Tencent’s code and RequestId on a rejection', () => {
    const err = toDomainError(new CallFailure('rejected', 'AuthFailure.SignatureFailure', 'bad sig', 'req-2'));
    expect(err).toBeInstanceOf(CloudRejectedError);
    expect(err).toMatchObject({
      code: 'cloud_rejected',
      cloudCode: 'AuthFailure.SignatureFailure',
      requestId: 'req-2',
    });
  });

  it('turns LimitExceeded* into a quota error that still carries the code and RequestId', () => {
    const err = toDomainError(new CallFailure('rejected', 'LimitExceeded.SecurityGroupPolicySet', 'too many', 'req-3'));
    expect(err).toBeInstanceOf(QuotaExceededError);
    expect(err).toBeInstanceOf(CloudQuotaExceededError);
    expect(err).toMatchObject({
      code: 'quota_exceeded',
      cloudCode: 'LimitExceeded.SecurityGroupPolicySet',
      requestId: 'req-3',
    });
  });

  it.each(['throttled', 'ambiguous'] as const)(
    'a %s failure that outlived the retries is cloud_unavailable',
    (kind) => {
      const err = toDomainError(new CallFailure(kind, 'RequestLimitExceeded', 'slow down', 'req-4'));
      expect(err).toBeInstanceOf(CloudUnavailableError);
      expect(err).toMatchObject({ code: 'cloud_unavailable', cloudCode: 'RequestLimitExceeded', requestId: 'req-4' });
    },
  );
});

describe('groupFailure', () => {
  const rejected = (code: string) => new CallFailure('rejected', code, 'msg', 'req-5');

  // Codes from tencentcloud-sdk-go tencentcloud/vpc/v20170312/client.go: ResourceNotFound on every
  // security-group action, InvalidSecurityGroupID.NotFound on DeleteSecurityGroup.
  it.each(['ResourceNotFound', 'InvalidSecurityGroupID.NotFound'])('%s is the group not found', (code) => {
    expect(groupFailure(rejected(code), 'sg-1a2b3c4d')).toEqual(new NotFoundError('Security group', 'sg-1a2b3c4d'));
  });

  it('UnsupportedOperation.VersionMismatch is a conflict only for a write that sent a Version', () => {
    const mismatch = rejected('UnsupportedOperation.VersionMismatch');
    const err = groupFailure(mismatch, 'sg-1a2b3c4d', '7');
    expect(err).toBeInstanceOf(VersionConflictError);
    expect(err).toMatchObject({
      groupId: 'sg-1a2b3c4d',
      expectedVersion: '7',
      cloudMessage: 'msg',
      requestId: 'req-5',
    });
    expect(groupFailure(mismatch, 'sg-1a2b3c4d')).toBe(mismatch);
  });

  it.each([
    rejected('ResourceInUse'),
    new CallFailure('ambiguous', 'InternalError', 'msg'),
    new CallFailure('ambiguous', 'ResourceNotFound', 'not a rejection'),
  ])('leaves anything else as it was: %o', (failure) => {
    expect(groupFailure(failure, 'sg-1a2b3c4d', '7')).toBe(failure);
  });
});
