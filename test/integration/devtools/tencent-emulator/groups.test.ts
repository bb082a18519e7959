/**
 * Security-group actions on groups, through Tencent's Node SDK. Every error answered is checked
 * against the action's documented codes (support.ts `call`, documented-errors.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../../src/devtools/tencent-emulator/emulator.js';
import { answer, call, codeOf, createGroup, emulatorFor, GZ, policiesOf, type Sdk, sdkFor, tcp } from './support.js';

const SH = 'ap-shanghai';
let emulator: RunningEmulator;
let sdk: Sdk;

const restart = async (options = {}) => {
  await emulator.stop();
  emulator = await emulatorFor(options);
  sdk = sdkFor(emulator.url);
};
const groupNamed = (id: string) => emulator.state().groups.find((g) => g.SecurityGroupId === id);

beforeEach(async () => {
  emulator = await emulatorFor();
  sdk = sdkFor(emulator.url);
});
afterEach(async () => {
  await emulator.stop();
});

describe('emulator: CreateSecurityGroup and CreateSecurityGroupWithPolicies', () => {
  // GroupName ≤60, GroupDescription ≤100, both required; ProjectId defaults to 0:
  // CreateSecurityGroupRequest in tencentcloud-sdk-nodejs 4.1.313 vpc_models.d.ts.
  it('creates a bare group: no policies, as its API page says ("入站和出站规则默认都是全部拒绝")', async () => {
    const created = answer(
      await call(sdk.vpc, 'CreateSecurityGroup', {
        GroupName: 'TestGroup',
        GroupDescription: 'test-group-desc',
        Tags: [{ Key: 'city', Value: 'shanghai' }],
      }),
    );
    expect(created.SecurityGroup).toMatchObject({ SecurityGroupName: 'TestGroup', ProjectId: '0', IsDefault: false });
    const policies = await policiesOf(sdk, created.SecurityGroup?.SecurityGroupId ?? '');
    expect([policies.Ingress, policies.Egress]).toEqual([[], []]);
    expect(policies.Version).toBe('0');
  });

  it.each([
    ['CreateSecurityGroup', 'a 61-character name', { GroupName: 'n'.repeat(61) }, 'InvalidParameterValue.TooLong'],
    ['CreateSecurityGroup', 'no description', { GroupDescription: undefined }, 'MissingParameter'],
    // CreateSecurityGroup documents its own tag codes (tencentcloud-sdk-go vpc/v20170312/client.go).
    [
      'CreateSecurityGroup',
      'a repeated tag key',
      { Tags: [{ Key: 'a' }, { Key: 'a' }] },
      'InvalidParameterValue.TagDuplicateKey',
    ],
    ['CreateSecurityGroup', 'a project that does not exist', { ProjectId: '424242' }, 'ResourceNotFound'],
    // CreateSecurityGroupWithPolicies documents neither TagDuplicateKey nor DuplicatePolicy.
    [
      'CreateSecurityGroupWithPolicies',
      'a repeated tag key',
      { Tags: [{ Key: 'a' }, { Key: 'a' }] },
      'InvalidParameterValue',
    ],
    [
      'CreateSecurityGroupWithPolicies',
      'the same traffic twice',
      { SecurityGroupPolicySet: { Ingress: [tcp('22'), tcp('22', { Protocol: 'tcp', PolicyDescription: 'again' })] } },
      'InvalidParameterValue',
    ],
    [
      'CreateSecurityGroupWithPolicies',
      'two peers in one policy',
      { SecurityGroupPolicySet: { Ingress: [tcp('22', { Ipv6CidrBlock: '::/0' })] } },
      'InvalidParameter.Coexist',
    ],
    [
      'CreateSecurityGroupWithPolicies',
      'a group in the policy that does not exist',
      { SecurityGroupPolicySet: { Ingress: [tcp('22', { CidrBlock: undefined, SecurityGroupId: 'sg-zzzz9999' })] } },
      'ResourceNotFound',
    ],
  ] as const)('%s refuses %s and stores nothing', async (action, _, overrides, code) => {
    const params = { GroupName: 'web', GroupDescription: 'web servers', ...overrides };
    expect(codeOf(await call(sdk.vpc, action, params as never))).toBe(code);
    expect(emulator.state().groups).toEqual([]);
  });

  it('limits groups per region per project, and policies per direction (LimitExceeded on a create)', async () => {
    await restart({ groupQuota: 1, ruleQuota: 2 });
    const three = { SecurityGroupPolicySet: { Ingress: [tcp('1'), tcp('2'), tcp('3')] } };
    expect(
      codeOf(
        await call(sdk.vpc, 'CreateSecurityGroupWithPolicies', { GroupName: 'a', GroupDescription: '', ...three }),
      ),
    ).toBe('LimitExceeded');
    await createGroup(sdk);
    expect(codeOf(await call(sdk.vpc, 'CreateSecurityGroup', { GroupName: 'b', GroupDescription: '' }))).toBe(
      'LimitExceeded',
    );
    expect(
      codeOf(
        await call(sdk.vpc, 'CreateSecurityGroup', { GroupName: 'b', GroupDescription: '', ProjectId: '1000101' }),
      ),
    ).toBe('ok');
    expect(
      codeOf(
        await call(sdkFor(emulator.url, { region: SH }).vpc, 'CreateSecurityGroup', {
          GroupName: 'c',
          GroupDescription: '',
        }),
      ),
    ).toBe('ok');
  });
});

describe('emulator: ModifySecurityGroupAttribute and DeleteSecurityGroup', () => {
  it('renames and redescribes a group, changing only what is given', async () => {
    const id = await createGroup(sdk);
    expect(codeOf(await call(sdk.vpc, 'ModifySecurityGroupAttribute', { SecurityGroupId: id, GroupName: 'api' }))).toBe(
      'ok',
    );
    expect(groupNamed(id)).toMatchObject({ SecurityGroupName: 'api', SecurityGroupDesc: 'web servers' });
    expect(
      codeOf(await call(sdk.vpc, 'ModifySecurityGroupAttribute', { SecurityGroupId: id, GroupDescription: '' })),
    ).toBe('ok');
    expect(groupNamed(id)).toMatchObject({ SecurityGroupName: 'api', SecurityGroupDesc: '' });
    const long = await call(sdk.vpc, 'ModifySecurityGroupAttribute', {
      SecurityGroupId: id,
      GroupName: 'n'.repeat(61),
    });
    expect(codeOf(long)).toBe('InvalidParameterValue.TooLong');
    expect(
      codeOf(await call(sdk.vpc, 'ModifySecurityGroupAttribute', { SecurityGroupId: 'sg-zzzz9999', GroupName: 'x' })),
    ).toBe('ResourceNotFound');
  });

  // https://cloud.tencent.com/document/api/215/15803: a group named in another group's policies
  // cannot be deleted; DeleteSecurityGroup documents ResourceInUse.
  it('deletes a group no one uses, and refuses one that instances use or other groups name', async () => {
    const used = await createGroup(sdk, { GroupName: 'used' });
    const named = await createGroup(sdk, { GroupName: 'named' });
    const naming = await createGroup(sdk, {
      GroupName: 'naming',
      SecurityGroupPolicySet: { Ingress: [tcp('22', { CidrBlock: undefined, SecurityGroupId: named })] },
    });
    await emulator.associate(used, 'CVM', 2);
    const inUse = await call(sdk.vpc, 'DeleteSecurityGroup', { SecurityGroupId: used });
    expect(inUse).toMatchObject({ code: 'ResourceInUse', message: expect.stringContaining('2 CVM') });
    const referenced = await call(sdk.vpc, 'DeleteSecurityGroup', { SecurityGroupId: named });
    expect(referenced).toMatchObject({ code: 'ResourceInUse', message: expect.stringContaining(naming) });

    await emulator.associate(used, 'CVM', 0);
    expect(codeOf(await call(sdk.vpc, 'DeleteSecurityGroup', { SecurityGroupId: used }))).toBe('ok');
    expect(codeOf(await call(sdk.vpc, 'DeleteSecurityGroup', { SecurityGroupId: naming }))).toBe('ok');
    expect(codeOf(await call(sdk.vpc, 'DeleteSecurityGroup', { SecurityGroupId: named }))).toBe('ok');
    expect(emulator.state().groups).toEqual([]);
    expect(codeOf(await call(sdk.vpc, 'DeleteSecurityGroup', { SecurityGroupId: named }))).toBe('ResourceNotFound');
    expect(codeOf(await call(sdk.vpc, 'DeleteSecurityGroup', { SecurityGroupId: 'sg-BAD' }))).toBe(
      'InvalidParameterValue.Malformed',
    );
  });
});

// CloneSecurityGroupRequest (vpc_models.d.ts; https://cloud.tencent.com/document/api/215/51025): name
// and description default to the source's, ProjectId to 0, RemoteRegion is the source's region when
// cloning across regions, tags are cloned only with IsCloneTags and then merged with Tags.
describe('emulator: CloneSecurityGroup', () => {
  const source = () =>
    createGroup(sdk, {
      ProjectId: '1000101',
      Tags: [
        { Key: 'team', Value: 'web' },
        { Key: 'env', Value: 'prod' },
      ],
      SecurityGroupPolicySet: { Ingress: [tcp('22'), tcp('443')], Egress: [tcp('53', { Protocol: 'UDP' })] },
    });

  it('copies the policies into a new group with the source’s name, in project 0, without its tags', async () => {
    const id = await source();
    const cloned = answer(await call(sdk.vpc, 'CloneSecurityGroup', { SecurityGroupId: id })).SecurityGroup;
    expect(cloned).toMatchObject({
      SecurityGroupName: 'web',
      SecurityGroupDesc: 'web servers',
      ProjectId: '0',
      TagSet: [],
    });
    expect(cloned?.SecurityGroupId).not.toBe(id);
    const policies = await policiesOf(sdk, cloned?.SecurityGroupId ?? '');
    expect(policies.Ingress?.map((p) => p.Port)).toEqual(['22', '443']);
    expect(policies.Egress?.map((p) => [p.Protocol, p.Port])).toEqual([['UDP', '53']]);
  });

  it('names, describes and tags the clone as asked, merging the source’s tags with IsCloneTags', async () => {
    const id = await source();
    const cloned = answer(
      await call(sdk.vpc, 'CloneSecurityGroup', {
        SecurityGroupId: id,
        GroupName: 'copy',
        GroupDescription: 'a copy',
        ProjectId: '1000101',
        Tags: [{ Key: 'env', Value: 'test' }],
        IsCloneTags: true,
      }),
    ).SecurityGroup;
    expect(cloned).toMatchObject({ SecurityGroupName: 'copy', SecurityGroupDesc: 'a copy', ProjectId: '1000101' });
    expect(cloned?.TagSet).toEqual([
      { Key: 'team', Value: 'web' },
      { Key: 'env', Value: 'test' },
    ]);
  });

  it('clones into another region, named by the request, from RemoteRegion', async () => {
    const id = await source();
    const shanghai = sdkFor(emulator.url, { region: SH });
    const cloned = answer(
      await call(shanghai.vpc, 'CloneSecurityGroup', { SecurityGroupId: id, RemoteRegion: GZ }),
    ).SecurityGroup;
    expect(groupNamed(cloned?.SecurityGroupId ?? '')?.Region).toBe(SH);
    expect((await policiesOf(shanghai, cloned?.SecurityGroupId ?? '')).Ingress).toHaveLength(2);
    // Without RemoteRegion the source is looked for in the request's region.
    expect(codeOf(await call(shanghai.vpc, 'CloneSecurityGroup', { SecurityGroupId: id }))).toBe('ResourceNotFound');
  });

  // UnsupportedOperation.RemoteRegionSgHasReferencedSg: "此安全组存在嵌套安全组规则，不支持跨地域克隆"
  // (tencentcloud-sdk-go vpc/v20170312/errors.go).
  it('refuses to clone across regions a group whose policies name a group', async () => {
    const other = await createGroup(sdk, { GroupName: 'other' });
    const id = await createGroup(sdk, {
      SecurityGroupPolicySet: { Ingress: [tcp('22', { CidrBlock: undefined, SecurityGroupId: other })] },
    });
    const shanghai = sdkFor(emulator.url, { region: SH });
    const across = await call(shanghai.vpc, 'CloneSecurityGroup', { SecurityGroupId: id, RemoteRegion: GZ });
    expect(codeOf(across)).toBe('UnsupportedOperation.RemoteRegionSgHasReferencedSg');
    expect(codeOf(await call(sdk.vpc, 'CloneSecurityGroup', { SecurityGroupId: id }))).toBe('ok');
  });

  it('counts the clone against the target’s quota', async () => {
    await restart({ groupQuota: 1 });
    const id = await createGroup(sdk);
    expect(codeOf(await call(sdk.vpc, 'CloneSecurityGroup', { SecurityGroupId: id }))).toBe('LimitExceeded');
    expect(codeOf(await call(sdk.vpc, 'CloneSecurityGroup', { SecurityGroupId: id, GroupName: 'n'.repeat(61) }))).toBe(
      'InvalidParameterValue.TooLong',
    );
  });
});
