/**
 * Changing a group's policies, through Tencent's Node SDK, with Tencent's optimistic concurrency:
 * SecurityGroupPolicySet.Version "用户每次更新安全规则版本会自动加1 … 不填不考虑冲突" (each change adds
 * 1; without a Version no conflict is checked): SecurityGroupPolicySet in tencentcloud-sdk-nodejs
 * 4.1.313 vpc_models.d.ts. Errors are checked against each action's documented codes (support.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../../src/devtools/tencent-emulator/emulator.js';
import { call, codeOf, createGroup, emulatorFor, policiesOf, portsOf, type Sdk, sdkFor, tcp } from './support.js';

let emulator: RunningEmulator;
let sdk: Sdk;
let id: string;

const versionOf = async () => (await policiesOf(sdk, id)).Version;
const add = (Ingress: object[], Version?: string) =>
  call(sdk.vpc, 'CreateSecurityGroupPolicies', {
    SecurityGroupId: id,
    SecurityGroupPolicySet: { Ingress, Version },
  } as never);

beforeEach(async () => {
  emulator = await emulatorFor({ ruleQuota: 6 });
  sdk = sdkFor(emulator.url);
  id = await createGroup(sdk, { SecurityGroupPolicySet: { Ingress: [tcp('22'), tcp('80'), tcp('443')] } });
});
afterEach(async () => {
  await emulator.stop();
});

describe('emulator: Version', () => {
  // UnsupportedOperation.VersionMismatch is documented for CreateSecurityGroupPolicies,
  // DeleteSecurityGroupPolicies, ReplaceSecurityGroupPolicy and ReplaceSecurityGroupPolicies
  // (tencentcloud-sdk-go vpc/v20170312/client.go; https://cloud.tencent.com/document/api/215/15809).
  it.each([
    ['CreateSecurityGroupPolicies', (n: number) => ({ Ingress: [tcp(`80${n}`)] })],
    ['DeleteSecurityGroupPolicies', () => ({ Ingress: [{ PolicyIndex: 0 }] })],
    ['ReplaceSecurityGroupPolicy', (n: number) => ({ Ingress: [tcp(`80${n}`, { PolicyIndex: 0 })] })],
    ['ReplaceSecurityGroupPolicies', (n: number) => ({ Ingress: [tcp(`80${n}`, { PolicyIndex: 0 })] })],
  ] as const)('%s applies at the current Version or none, and refuses a stale one', async (action, set) => {
    let n = 0;
    const change = (Version?: string) =>
      call(sdk.vpc, action, { SecurityGroupId: id, SecurityGroupPolicySet: { ...set(++n), Version } } as never);
    expect(await versionOf()).toBe('1');
    expect(codeOf(await change('1'))).toBe('ok');
    expect(await versionOf()).toBe('2');
    const before = await policiesOf(sdk, id);
    const stale = await change('1');
    expect(stale).toMatchObject({
      code: 'UnsupportedOperation.VersionMismatch',
      message: expect.stringContaining('(2)'),
    });
    expect(await policiesOf(sdk, id)).toEqual(before);
    expect(codeOf(await change())).toBe('ok');
    expect(await versionOf()).toBe('3');
  });

  it('refuses a Version that is not a number', async () => {
    expect(codeOf(await add([tcp('8080')], 'latest'))).toBe('InvalidParameterValue.Malformed');
  });
});

describe('emulator: CreateSecurityGroupPolicies', () => {
  it('appends without PolicyIndex and inserts at a PolicyIndex (0 first)', async () => {
    expect(codeOf(await add([tcp('8080')]))).toBe('ok');
    expect(codeOf(await add([tcp('1'), tcp('2')].map((p) => ({ ...p, PolicyIndex: '0' }))))).toBe('ok');
    expect(await portsOf(sdk, id)).toEqual(['1', '2', '22', '80', '443', '8080']);
    const ingress = (await policiesOf(sdk, id)).Ingress ?? [];
    expect(ingress.map((p) => p.PolicyIndex)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it.each([
    ['both directions at once', { Ingress: [tcp('8080')], Egress: [tcp('8080')] }, 'InvalidParameter.Coexist'],
    ['no policy', { Ingress: [] }, 'InvalidParameterValue.Empty'],
    [
      'a policy already there',
      { Ingress: [tcp('22', { PolicyDescription: 'again' })] },
      'UnsupportedOperation.DuplicatePolicy',
    ],
    ['a PolicyIndex past the end', { Ingress: [tcp('8080', { PolicyIndex: 4 })] }, 'InvalidParameterValue.Range'],
    [
      'different PolicyIndex values',
      { Ingress: [tcp('1', { PolicyIndex: 0 }), tcp('2', { PolicyIndex: 1 })] },
      'InvalidParameterValue',
    ],
    [
      'more policies than a group takes',
      { Ingress: ['1', '2', '3', '4'].map((p) => tcp(p)) },
      'LimitExceeded.SecurityGroupPolicySet',
    ],
    // "只有当 Protocol 字段是 TCP 或 UDP 时，Port 字段才被接受 … 排他关系": CreateSecurityGroupPolicies' API page.
    ['a port on ICMP', { Ingress: [tcp('22', { Protocol: 'ICMP' })] }, 'InvalidParameter.Coexist'],
    [
      'a group that does not exist',
      { Ingress: [tcp('22', { CidrBlock: undefined, SecurityGroupId: 'sg-zzzz9999' })] },
      'ResourceNotFound',
    ],
  ])('refuses %s and changes nothing', async (_, set, code) => {
    expect(
      codeOf(
        await call(sdk.vpc, 'CreateSecurityGroupPolicies', {
          SecurityGroupId: id,
          SecurityGroupPolicySet: set,
        } as never),
      ),
    ).toBe(code);
    expect(await portsOf(sdk, id)).toEqual(['22', '80', '443']);
    expect(await versionOf()).toBe('1');
  });

  // SecurityGroupPolicy.CidrBlock: "特殊说明：0.0.0.0/n 都会映射为0.0.0.0/0。作为入参时，可使用字符串
  // `MY_PUBLIC_IP`指代发起请求的公网IP地址"; PolicyDescription is then "Replaced-From-MY_PUBLIC_IP";
  // Priority is a documented member (vpc_models.d.ts SecurityGroupPolicy).
  it('maps 0.0.0.0/n to 0.0.0.0/0, reads MY_PUBLIC_IP as the caller’s address, and takes Priority', async () => {
    const added = await add([
      tcp('8080', { CidrBlock: '0.0.0.0/8', Priority: 1 }),
      tcp('8081', { CidrBlock: 'MY_PUBLIC_IP' }),
    ]);
    expect(codeOf(added)).toBe('ok');
    const ingress = (await policiesOf(sdk, id)).Ingress ?? [];
    expect(ingress.slice(3).map((p) => [p.CidrBlock, p.PolicyDescription])).toEqual([
      ['0.0.0.0/0', ''],
      ['127.0.0.1', 'Replaced-From-MY_PUBLIC_IP'],
    ]);
  });
});

describe('emulator: DeleteSecurityGroupPolicies', () => {
  const remove = (set: object) =>
    call(sdk.vpc, 'DeleteSecurityGroupPolicies', { SecurityGroupId: id, SecurityGroupPolicySet: set } as never);

  // Both ways are in Tencent's own examples: {"PolicyIndex": "1"} and {"Action": "Accept", "Protocol":
  // "icmp", "CidrBlock": "1.1.1.1/32", "Port": "all"} (tccli/services/vpc/v20170312/examples.json).
  it('deletes by PolicyIndex; later policies move up', async () => {
    expect(codeOf(await remove({ Ingress: [{ PolicyIndex: '2' }, { PolicyIndex: '0' }] }))).toBe('ok');
    expect((await policiesOf(sdk, id)).Ingress?.map((p) => [p.PolicyIndex, p.Port])).toEqual([[0, '80']]);
  });

  it('deletes by content, whatever the case, the description too when given', async () => {
    expect(
      codeOf(await add([{ Protocol: 'ICMP', CidrBlock: '1.1.1.1/32', Action: 'ACCEPT', PolicyDescription: 'ping' }])),
    ).toBe('ok');
    expect(
      codeOf(
        await remove({
          Ingress: [
            { Action: 'Accept', Protocol: 'icmp', CidrBlock: '1.1.1.1/32', Port: 'all', PolicyDescription: 'pong' },
          ],
        }),
      ),
    ).toBe('ResourceNotFound');
    expect(
      codeOf(await remove({ Ingress: [{ Action: 'Accept', Protocol: 'icmp', CidrBlock: '1.1.1.1/32', Port: 'all' }] })),
    ).toBe('ok');
    expect(codeOf(await remove({ Ingress: [tcp('80', { Action: 'accept' })] }))).toBe('ok');
    expect(await portsOf(sdk, id)).toEqual(['22', '443']);
  });

  it.each([
    ['both ways in one request', { Ingress: [{ PolicyIndex: 0 }, tcp('80')] }, 'InvalidParameter.Coexist'],
    ['an index with content', { Ingress: [tcp('80', { PolicyIndex: 1 })] }, 'InvalidParameter.Coexist'],
    ['both directions', { Ingress: [{ PolicyIndex: 0 }], Egress: [{ PolicyIndex: 0 }] }, 'InvalidParameter.Coexist'],
    ['an index past the end', { Ingress: [{ PolicyIndex: 3 }] }, 'InvalidParameterValue.Range'],
    ['a policy that is not there', { Ingress: [tcp('8443')] }, 'ResourceNotFound'],
    ['nothing', {}, 'InvalidParameterValue.Empty'],
  ])('refuses %s and changes nothing', async (_, set, code) => {
    expect(codeOf(await remove(set))).toBe(code);
    expect(await portsOf(sdk, id)).toEqual(['22', '80', '443']);
  });
});

describe('emulator: ReplaceSecurityGroupPolicy and ReplaceSecurityGroupPolicies', () => {
  // "单个请求中只能替换单个方向的一条规则, 必须要指定索引（PolicyIndex）": https://cloud.tencent.com/document/api/215/15811
  it('replaces one policy at its PolicyIndex', async () => {
    const replaced = await call(sdk.vpc, 'ReplaceSecurityGroupPolicy', {
      SecurityGroupId: id,
      SecurityGroupPolicySet: { Ingress: [tcp('8443', { PolicyIndex: 1 })] },
      OriginalSecurityGroupPolicySet: { Ingress: [tcp('80', { PolicyIndex: 1 })] },
    });
    expect(codeOf(replaced)).toBe('ok');
    expect(await portsOf(sdk, id)).toEqual(['22', '8443', '443']);
    const two = { Ingress: [tcp('1', { PolicyIndex: 0 }), tcp('2', { PolicyIndex: 1 })] };
    expect(
      codeOf(await call(sdk.vpc, 'ReplaceSecurityGroupPolicy', { SecurityGroupId: id, SecurityGroupPolicySet: two })),
    ).toBe('InvalidParameterValue.LimitExceeded');
  });

  // "单个请求中只能替换单个方向的一条或多条规则, 必须要指定索引（PolicyIndex）"; UpdateType Policy (default) |
  // Priority | Both, OriginalSecurityGroupPolicySet required for priorities: https://cloud.tencent.com/document/product/215/88451
  it('replaces several policies of one direction, each at its PolicyIndex', async () => {
    const replace = (set: object, extra = {}) =>
      call(sdk.vpc, 'ReplaceSecurityGroupPolicies', {
        SecurityGroupId: id,
        SecurityGroupPolicySet: set,
        ...extra,
      } as never);
    expect(
      codeOf(await replace({ Ingress: [tcp('2222', { PolicyIndex: '0' }), tcp('4443', { PolicyIndex: '2' })] })),
    ).toBe('ok');
    expect(await portsOf(sdk, id)).toEqual(['2222', '80', '4443']);
    expect(codeOf(await replace({ Ingress: [tcp('1')] }))).toBe('MissingParameter');
    expect(codeOf(await replace({ Ingress: [tcp('80', { PolicyIndex: 0 })] }))).toBe(
      'UnsupportedOperation.DuplicatePolicy',
    );
    expect(codeOf(await replace({ Ingress: [tcp('1', { PolicyIndex: 0 })] }, { UpdateType: 'Priority' }))).toBe(
      'MissingParameter',
    );
    const original = { OriginalSecurityGroupPolicySet: { Ingress: [tcp('2222', { PolicyIndex: 0 })] } };
    expect(
      codeOf(await replace({ Ingress: [tcp('1', { PolicyIndex: 1 })] }, { UpdateType: 'Both', ...original })),
    ).toBe('UnsupportedOperation');
    expect(codeOf(await replace({ Ingress: [tcp('1', { PolicyIndex: 1 })] }, { UpdateType: 'Order' }))).toBe(
      'InvalidParameterValue',
    );
    expect(await portsOf(sdk, id)).toEqual(['2222', '80', '4443']);
  });
});

// https://cloud.tencent.com/document/api/215/15810: Version 0 empties the group and ignores Egress
// and Ingress; PolicyIndex is not supported; SortPolicys keeps (false) or takes (true) the order.
// Its documented errors include no VersionMismatch. The Terraform provider's rule set sends the
// next Version, and only the directions it sets (tencentcloud/services/vpc/resource_tc_security_group_rule_set.go).
describe('emulator: ModifySecurityGroupPolicies', () => {
  const reset = (set: object, extra = {}) =>
    call(sdk.vpc, 'ModifySecurityGroupPolicies', {
      SecurityGroupId: id,
      SecurityGroupPolicySet: set,
      ...extra,
    } as never);

  it('resets the directions given and leaves the other; Version 0 empties the group', async () => {
    expect(codeOf(await reset({ Egress: [tcp('53', { Protocol: 'UDP' })], Version: '7' }))).toBe('ok');
    expect([await portsOf(sdk, id), await portsOf(sdk, id, 'Egress')]).toEqual([['22', '80', '443'], ['53']]);
    expect(await versionOf()).toBe('2');
    expect(codeOf(await reset({ Version: '0', Ingress: [tcp('1')] }))).toBe('ok');
    expect([await portsOf(sdk, id), await portsOf(sdk, id, 'Egress')]).toEqual([[], []]);
    expect(await versionOf()).toBe('3');
  });

  it('keeps the order of policies that stay unless SortPolicys, and their ModifyTime', async () => {
    const before = (await policiesOf(sdk, id)).Ingress ?? [];
    expect(codeOf(await reset({ Ingress: [tcp('8080'), tcp('443'), tcp('22')] }))).toBe('ok');
    expect(await portsOf(sdk, id)).toEqual(['22', '443', '8080']);
    const kept = (await policiesOf(sdk, id)).Ingress?.find((p) => p.Port === '443');
    expect(kept?.ModifyTime).toBe(before.find((p) => p.Port === '443')?.ModifyTime);
    expect(codeOf(await reset({ Ingress: [tcp('8080'), tcp('443'), tcp('22')] }, { SortPolicys: true }))).toBe('ok');
    expect(await portsOf(sdk, id)).toEqual(['8080', '443', '22']);
  });

  it.each([
    ['a PolicyIndex', { Ingress: [tcp('1', { PolicyIndex: 0 })] }, 'UnsupportedOperation'],
    ['the same policy twice', { Ingress: [tcp('1'), tcp('1')] }, 'UnsupportedOperation.DuplicatePolicy'],
    ['too many policies', { Ingress: ['1', '2', '3', '4', '5', '6', '7'].map((p) => tcp(p)) }, 'LimitExceeded'],
    ['neither direction', { Version: '1' }, 'InvalidParameterValue.Empty'],
  ])('refuses %s and changes nothing', async (_, set, code) => {
    expect(codeOf(await reset(set))).toBe(code);
    expect(await portsOf(sdk, id)).toEqual(['22', '80', '443']);
  });
});
