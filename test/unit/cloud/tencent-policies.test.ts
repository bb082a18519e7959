/**
 * The provider's versioned rule reads and writes against Tencent's documented VPC API (2017-03-12).
 * Sources: TencentCloud/tencentcloud-cli tccli/services/vpc/v20170312/api.json (parameters, action
 * descriptions) and examples.json (the answers in test/fixtures/tencent, see its README);
 * TencentCloud/tencentcloud-sdk-go tencentcloud/vpc/v20170312/client.go (each action's error codes).
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  CloudRejectedError,
  CloudUnavailableError,
  InvalidInputError,
  NotFoundError,
  VersionConflictError,
} from '../../../src/service/errors.js';
import type { Rule } from '../../../src/service/types.js';
import type { Answer } from './support/nock-tencent.js';
import { failureOf, REGION, tencentHarness } from './support/provider-harness.js';
import { tencentAnswer, tencentFixture } from './support/tencent-fixtures.js';

const h = tencentHarness();
const GROUP = 'sg-ohuuioma';

const ssh: Rule = {
  direction: 'inbound',
  protocol: 'TCP',
  port: '22',
  peer: { kind: 'ipv4', cidr: '10.0.0.0/8' },
  action: 'ACCEPT',
  description: 'SSH',
};
const web: Rule = { ...ssh, port: '80,443', peer: { kind: 'ipv6', cidr: '::/0' }, description: 'Web' };
const anyOut: Rule = {
  direction: 'outbound',
  protocol: 'ALL',
  port: 'ALL',
  peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
  action: 'ACCEPT',
  description: 'All out',
};
const sshPolicy = { Protocol: 'TCP', Port: '22', CidrBlock: '10.0.0.0/8', Action: 'ACCEPT', PolicyDescription: 'SSH' };
const webPolicy = {
  Protocol: 'TCP',
  Port: '80,443',
  Ipv6CidrBlock: '::/0',
  Action: 'ACCEPT',
  PolicyDescription: 'Web',
};

const fixture = (name: string): Answer => ({ json: tencentFixture(name) });
const policiesAt = (version: string | number): Answer => ({
  json: tencentAnswer('vpc.DescribeSecurityGroupPolicies.response.cidr.json', {
    SecurityGroupPolicySet: {
      ...(tencentFixture('vpc.DescribeSecurityGroupPolicies.response.cidr.json').Response
        .SecurityGroupPolicySet as object),
      Version: version,
    },
  }),
});
/** Every way an answer can be lost: the call may or may not have run. */
const lostAnswers: [string, Answer][] = [
  ['InternalError', fixture('error.InternalError.json')],
  ['HTTP 503', { status: 503 }],
  ['a reset connection', { networkError: 'ECONNRESET' }],
];

describe('readPolicies', () => {
  it('reads Tencent’s example: Version "60", template-based rules reported as foreign, never dropped', async () => {
    h.vpc('DescribeSecurityGroupPolicies', fixture('vpc.DescribeSecurityGroupPolicies.response.json'));
    const set = await h.provider().readPolicies(REGION, GROUP);
    expect(h.body('DescribeSecurityGroupPolicies')).toEqual({ SecurityGroupId: GROUP });
    expect(set).toEqual({
      version: '60',
      entries: [],
      foreign: [
        {
          direction: 'inbound',
          index: 0,
          summary: 'ACCEPT service template ppm-f5n1f8da from address template ipmg-2uw6ujo6 (ModifyPolicies)',
        },
        {
          direction: 'inbound',
          index: 1,
          summary: 'ACCEPT service template ppm-f5n1f8da from address template ipmg-2uw6ujo6 (2)',
        },
        {
          direction: 'outbound',
          index: 0,
          summary: 'ACCEPT service template ppm-f5n1f8da to address template ipmg-2uw6ujo6 (E1)',
        },
      ],
    });
  });

  it('takes the Version as a string whether Tencent sends "60" (zh example) or 60 (intl example)', async () => {
    h.vpc('DescribeSecurityGroupPolicies', fixture('vpc.DescribeSecurityGroupPolicies.response.intl-en.json'));
    expect((await h.provider().readPolicies(REGION, GROUP)).version).toBe('60');
  });

  it('gives each rule its PolicyIndex within its direction and its ModifyTime as ISO 8601', async () => {
    h.vpc('DescribeSecurityGroupPolicies', fixture('vpc.DescribeSecurityGroupPolicies.response.cidr.json'));
    const set = await h.provider().readPolicies(REGION, GROUP);
    expect(set.version).toBe('3');
    expect(set.entries.map((e) => `${e.rule.direction} ${e.index} ${e.rule.description}`)).toEqual([
      'inbound 0 Web',
      'inbound 1 Ping (IPv6)',
      'inbound 2 DNS from the app tier',
      'outbound 0 ',
    ]);
    // "2024-05-10 10:00:00" is Beijing time (UTC+8): the instant is 02:00 UTC.
    expect(set.entries.every((e) => e.modifiedAt === '2024-05-10T02:00:00.000Z')).toBe(true);
    expect(set.foreign).toEqual([{ direction: 'inbound', index: 3, summary: 'ACCEPT GRE from 10.0.0.0/8 (Tunnel)' }]);
  });

  it('says which group is not found', async () => {
    h.vpc('DescribeSecurityGroupPolicies', fixture('error.ResourceNotFound.json'));
    const err = await failureOf(h.provider().readPolicies(REGION, 'sg-zzzz9999'));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ what: 'Security group', id: 'sg-zzzz9999' });
  });

  it('refuses an answer without a Version (the intl reference says it may be null)', async () => {
    h.vpc('DescribeSecurityGroupPolicies', policiesAt(null as unknown as string));
    const err = await failureOf(h.provider().readPolicies(REGION, GROUP));
    expect(err).toBeInstanceOf(CloudRejectedError);
    expect(err).toMatchObject({ cloudCode: 'UnexpectedResponse' });
  });
});

describe('addPolicies (CreateSecurityGroupPolicies)', () => {
  it('appends one direction’s rules at the planned Version, with no PolicyIndex ("leave it empty" to append)', async () => {
    h.vpc('CreateSecurityGroupPolicies', fixture('vpc.CreateSecurityGroupPolicies.response.json'));
    await h.provider().addPolicies(REGION, GROUP, '60', [ssh, web]);
    expect(h.body('CreateSecurityGroupPolicies')).toEqual({
      SecurityGroupId: GROUP,
      SecurityGroupPolicySet: { Version: '60', Ingress: [sshPolicy, webPolicy] },
    });
    expect(h.calls[0]?.headers).toMatchObject({ 'x-tc-action': 'CreateSecurityGroupPolicies', 'x-tc-region': REGION });
  });

  it('refuses rules of both directions without calling: one direction per call, and the second would meet a new Version', async () => {
    const err = await failureOf(h.provider().addPolicies(REGION, GROUP, '60', [ssh, anyOut]));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(h.calls).toEqual([]);
  });

  it('sends nothing for no rules', async () => {
    await h.provider().addPolicies(REGION, GROUP, '60', []);
    expect(h.calls).toEqual([]);
  });

  it('reports UnsupportedOperation.VersionMismatch as a version conflict, with the planned version and RequestId', async () => {
    h.vpc('CreateSecurityGroupPolicies', fixture('error.UnsupportedOperation.VersionMismatch.json'));
    const err = await failureOf(h.provider().addPolicies(REGION, GROUP, '60', [ssh]));
    expect(err).toBeInstanceOf(VersionConflictError);
    expect(err).toMatchObject({
      code: 'version_conflict',
      groupId: GROUP,
      expectedVersion: '60',
      requestId: '8c1f4b2e-7d3a-4e59-a6b0-2f9d1c5e7a34',
    });
    expect(h.actions()).toEqual(['CreateSecurityGroupPolicies']);
  });

  it.each(lostAnswers)(
    'after a lost answer (%s) does not repeat the write and says it may have applied',
    async (_, lost) => {
      h.vpc('CreateSecurityGroupPolicies', lost);
      // What a repeat would get: it must never be asked for.
      h.vpc('CreateSecurityGroupPolicies', fixture('error.UnsupportedOperation.VersionMismatch.json'));
      const err = await failureOf(h.provider().addPolicies(REGION, GROUP, '60', [ssh]));
      expect(err).toBeInstanceOf(CloudUnavailableError);
      expect(err).toMatchObject({ code: 'cloud_unavailable', mayHaveApplied: true });
      expect(nock.pendingMocks()).toHaveLength(1);
      nock.cleanAll();
      expect(h.log.text()).toContain('not repeated, it may have applied');
    },
  );

  it('after a timeout does not repeat the write either', async () => {
    h.vpc('CreateSecurityGroupPolicies', {
      ...fixture('vpc.CreateSecurityGroupPolicies.response.json'),
      delayMs: 2_000,
    });
    const err = await failureOf(h.provider(50).addPolicies(REGION, GROUP, '60', [ssh]));
    expect(err).toMatchObject({ cloudCode: 'RequestTimeout', mayHaveApplied: true });
    expect(h.actions()).toEqual(['CreateSecurityGroupPolicies']);
  });

  it('repeats a throttled write (refused before it ran), and a repeat that then conflicts is a real conflict', async () => {
    h.vpc('CreateSecurityGroupPolicies', fixture('error.RequestLimitExceeded.json'));
    h.vpc('CreateSecurityGroupPolicies', fixture('error.UnsupportedOperation.VersionMismatch.json'));
    const err = await failureOf(h.provider().addPolicies(REGION, GROUP, '60', [ssh]));
    expect(err).toBeInstanceOf(VersionConflictError);
    expect(h.actions()).toEqual(['CreateSecurityGroupPolicies', 'CreateSecurityGroupPolicies']);
  });

  it('gives up on throttling with mayHaveApplied false: nothing ran', async () => {
    for (let i = 0; i < 3; i++) h.vpc('CreateSecurityGroupPolicies', fixture('error.RequestLimitExceeded.json'));
    const err = await failureOf(h.provider().addPolicies(REGION, GROUP, '60', [ssh]));
    expect(err).toMatchObject({ cloudCode: 'RequestLimitExceeded', mayHaveApplied: false });
  });
});

describe('deletePolicies (DeleteSecurityGroupPolicies)', () => {
  it('deletes by PolicyIndex in one direction at the planned Version, indexes as numbers (api.json: int)', async () => {
    h.vpc('DeleteSecurityGroupPolicies', fixture('vpc.DeleteSecurityGroupPolicies.response.json'));
    await h.provider().deletePolicies(REGION, GROUP, '39', 'outbound', [2, 0, 2]);
    // The documented example deletes two ingress rules: {Ingress: [{PolicyIndex}, …], Version: "39"}.
    expect(h.body('DeleteSecurityGroupPolicies')).toEqual({
      SecurityGroupId: GROUP,
      SecurityGroupPolicySet: { Version: '39', Egress: [{ PolicyIndex: 0 }, { PolicyIndex: 2 }] },
    });
  });

  it('refuses an index that is not a whole number from 0, without calling', async () => {
    await expect(h.provider().deletePolicies(REGION, GROUP, '39', 'inbound', [-1])).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    expect(h.calls).toEqual([]);
  });

  it('reports a missing group and a stale version', async () => {
    h.vpc('DeleteSecurityGroupPolicies', fixture('error.ResourceNotFound.json'));
    h.vpc('DeleteSecurityGroupPolicies', fixture('error.UnsupportedOperation.VersionMismatch.json'));
    const provider = h.provider();
    await expect(provider.deletePolicies(REGION, 'sg-zzzz9999', '39', 'inbound', [0])).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(provider.deletePolicies(REGION, GROUP, '39', 'inbound', [0])).rejects.toBeInstanceOf(
      VersionConflictError,
    );
  });
});

describe('replacePolicies (ReplaceSecurityGroupPolicies)', () => {
  it('rewrites rules in place, each with its PolicyIndex, one direction, at the planned Version', async () => {
    h.vpc('ReplaceSecurityGroupPolicies', fixture('vpc.ReplaceSecurityGroupPolicies.response.json'));
    await h.provider().replacePolicies(REGION, GROUP, '20', [
      { index: 3, rule: ssh },
      { index: 4, rule: web },
    ]);
    expect(h.body('ReplaceSecurityGroupPolicies')).toEqual({
      SecurityGroupId: GROUP,
      SecurityGroupPolicySet: {
        Version: '20',
        Ingress: [
          { PolicyIndex: 3, ...sshPolicy },
          { PolicyIndex: 4, ...webPolicy },
        ],
      },
    });
  });

  it('refuses entries of both directions, without calling', async () => {
    const err = await failureOf(
      h.provider().replacePolicies(REGION, GROUP, '20', [
        { index: 0, rule: ssh },
        { index: 0, rule: anyOut },
      ]),
    );
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(h.calls).toEqual([]);
  });

  it('reports a stale version, and does not repeat a lost answer', async () => {
    h.vpc('ReplaceSecurityGroupPolicies', fixture('error.UnsupportedOperation.VersionMismatch.json'));
    h.vpc('ReplaceSecurityGroupPolicies', fixture('error.InternalError.json'));
    const provider = h.provider();
    await expect(provider.replacePolicies(REGION, GROUP, '20', [{ index: 0, rule: ssh }])).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    const err = await failureOf(provider.replacePolicies(REGION, GROUP, '20', [{ index: 0, rule: ssh }]));
    expect(err).toMatchObject({ cloudCode: 'InternalError', mayHaveApplied: true });
    expect(h.actions()).toEqual(['ReplaceSecurityGroupPolicies', 'ReplaceSecurityGroupPolicies']);
  });
});

describe('resetPolicies (ModifySecurityGroupPolicies)', () => {
  it('checks the version by reading, then sets both directions in the given order without a Version', async () => {
    h.vpc('DescribeSecurityGroupPolicies', policiesAt('60'));
    h.vpc('ModifySecurityGroupPolicies', fixture('vpc.ModifySecurityGroupPolicies.response.json'));
    await h.provider().resetPolicies(REGION, GROUP, '60', [ssh, anyOut, web]);
    expect(h.actions()).toEqual(['DescribeSecurityGroupPolicies', 'ModifySecurityGroupPolicies']);
    // VersionMismatch is not among ModifySecurityGroupPolicies' errors, and a Version left out
    // means "any conflicts will be ignored"; SortPolicys true keeps exactly the given order.
    expect(h.body('ModifySecurityGroupPolicies')).toEqual({
      SecurityGroupId: GROUP,
      SecurityGroupPolicySet: {
        Ingress: [sshPolicy, webPolicy],
        Egress: [
          { Protocol: 'ALL', Port: 'ALL', CidrBlock: '0.0.0.0/0', Action: 'ACCEPT', PolicyDescription: 'All out' },
        ],
      },
      SortPolicys: true,
    });
  });

  it('never sends a blank group’s Version "0", which would clear every rule instead of setting them', async () => {
    // A group with no rules is at Version "0" (DescribeSecurityGroupExpandedPolicies example).
    h.vpc('DescribeSecurityGroupPolicies', {
      json: tencentAnswer('vpc.DescribeSecurityGroupPolicies.response.json', {
        SecurityGroupPolicySet: tencentFixture('vpc.DescribeSecurityGroupExpandedPolicies.response.json').Response
          .SecurityGroupPolicySet,
      }),
    });
    h.vpc('ModifySecurityGroupPolicies', fixture('vpc.ModifySecurityGroupPolicies.response.json'));
    await h.provider().resetPolicies(REGION, GROUP, '0', [ssh, anyOut]);
    expect(h.body('ModifySecurityGroupPolicies')).not.toHaveProperty('SecurityGroupPolicySet.Version');
  });

  it('clears the group with Version "0" ("all policies will be cleared, and Egress and Ingress will be ignored")', async () => {
    h.vpc('DescribeSecurityGroupPolicies', policiesAt('60'));
    h.vpc('ModifySecurityGroupPolicies', fixture('vpc.ModifySecurityGroupPolicies.response.json'));
    await h.provider().resetPolicies(REGION, GROUP, '60', []);
    expect(h.body('ModifySecurityGroupPolicies')).toEqual({
      SecurityGroupId: GROUP,
      SecurityGroupPolicySet: { Version: '0' },
    });
  });

  it('reports a conflict without writing when the rules moved on', async () => {
    h.vpc('DescribeSecurityGroupPolicies', policiesAt('61'));
    const err = await failureOf(h.provider().resetPolicies(REGION, GROUP, '60', [ssh, anyOut]));
    expect(err).toBeInstanceOf(VersionConflictError);
    expect(err).toMatchObject({ expectedVersion: '60', cloudMessage: 'the rules are now at version 61' });
    expect(h.actions()).toEqual(['DescribeSecurityGroupPolicies']);
  });

  it('refuses a reset that leaves one direction empty (both must be given at once), without calling', async () => {
    const err = await failureOf(h.provider().resetPolicies(REGION, GROUP, '60', [ssh]));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(h.calls).toEqual([]);
  });

  it('does not repeat a reset whose answer was lost', async () => {
    h.vpc('DescribeSecurityGroupPolicies', policiesAt('60'));
    h.vpc('ModifySecurityGroupPolicies', { status: 503 });
    const err = await failureOf(h.provider().resetPolicies(REGION, GROUP, '60', [ssh, anyOut]));
    expect(err).toMatchObject({ cloudCode: 'HTTP 503', mayHaveApplied: true });
    expect(h.actions()).toEqual(['DescribeSecurityGroupPolicies', 'ModifySecurityGroupPolicies']);
  });
});
