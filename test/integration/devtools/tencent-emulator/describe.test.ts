/** The Describe actions, through Tencent's Node SDK, with the parameters tccli's API definition gives them. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../../src/devtools/tencent-emulator/emulator.js';
import { answer, call, codeOf, createGroup, emulatorFor, type Sdk, sdkFor, tcp } from './support.js';

let emulator: RunningEmulator;
let sdk: Sdk;
/** The emulator's clock: a few seconds on per group, so CreatedTime and UpdateTime differ. */
let now: number;

beforeEach(async () => {
  now = Date.now();
  emulator = await emulatorFor({ clock: { now: () => new Date(now) } });
  sdk = sdkFor(emulator.url);
});
afterEach(async () => {
  await emulator.stop();
});

describe('emulator: DescribeSecurityGroups', () => {
  const ids: Record<string, string> = {};
  const list = async (params: Record<string, unknown>) => {
    const outcome = await call(sdk.vpc, 'DescribeSecurityGroups', params as never);
    if (!outcome.ok) return outcome.code;
    const names = outcome.response.SecurityGroupSet?.map((g) => g.SecurityGroupName);
    return { names, total: outcome.response.TotalCount };
  };

  beforeEach(async () => {
    for (const [name, extra] of [
      ['a', { Tags: [{ Key: 'secgroup-request', Value: 'req-a' }] }],
      ['b', { ProjectId: '1000101', Tags: [{ Key: 'team', Value: 'web' }] }],
      ['c', { Tags: [{ Key: 'secgroup-request', Value: 'req-c' }] }],
    ] as const) {
      ids[name] = await createGroup(sdk, { GroupName: name, ...extra });
      now += 5_000;
    }
    await createGroup(sdkFor(emulator.url, { region: 'ap-shanghai' }), { GroupName: 'elsewhere' });
  });

  it('lists the region’s groups newest first without OrderField, paged by Offset and Limit strings', async () => {
    expect(await list({})).toEqual({ names: ['c', 'b', 'a'], total: 3 });
    expect(await list({ Offset: '1', Limit: '1' })).toEqual({ names: ['b'], total: 3 });
  });

  // OrderField: "支持：`CreatedTime` `UpdateTime`。注意：该字段没有默认值"; OrderDirection: "升序：`ASC`，倒序：`DESC`。
  // 默认值：`ASC`" (DescribeSecurityGroupsRequest, tccli/services/vpc/v20170312/api.json).
  it('orders by CreatedTime or UpdateTime, ascending unless DESC', async () => {
    expect(await list({ OrderField: 'CreatedTime' })).toMatchObject({ names: ['a', 'b', 'c'] });
    expect(await list({ OrderField: 'CreatedTime', OrderDirection: 'DESC' })).toMatchObject({ names: ['c', 'b', 'a'] });
    await call(sdk.vpc, 'ModifySecurityGroupAttribute', { SecurityGroupId: ids.a ?? '', GroupDescription: 'touched' });
    expect(await list({ OrderField: 'UpdateTime', OrderDirection: 'DESC' })).toMatchObject({ names: ['a', 'c', 'b'] });
    expect(await list({ OrderField: 'Name' })).toBe('InvalidParameterValue');
    expect(await list({ OrderField: 'UpdateTime', OrderDirection: 'UP' })).toBe('InvalidParameterValue');
  });

  it.each([
    [[{ Name: 'tag:secgroup-request', Values: ['req-c'] }], ['c']],
    [[{ Name: 'tag:secgroup-request', Values: ['req-a', 'req-c'] }], ['c', 'a']],
    [[{ Name: 'tag-key', Values: ['team'] }], ['b']],
    [[{ Name: 'project-id', Values: ['1000101'] }], ['b']],
    [
      [
        { Name: 'security-group-name', Values: ['a', 'b'] },
        { Name: 'project-id', Values: ['0'] },
      ],
      ['a'],
    ],
  ])('filters by %j', async (Filters, names) => {
    expect(await list({ Filters })).toMatchObject({ names });
  });

  it('finds groups by id, and answers ResourceNotFound for an id it does not have', async () => {
    expect(await list({ Filters: [{ Name: 'security-group-id', Values: [ids.a] }] })).toMatchObject({ names: ['a'] });
    expect(await list({ SecurityGroupIds: [ids.b, ids.a] })).toMatchObject({ names: ['b', 'a'] });
    expect(await list({ SecurityGroupIds: [ids.a, 'sg-zzzz9999'] })).toBe('ResourceNotFound');
  });

  it.each([
    ['Limit over 100', { Limit: '101' }, 'InvalidParameterValue.Range'],
    ['an unknown filter', { Filters: [{ Name: 'color', Values: ['red'] }] }, 'InvalidParameter.FilterInvalidKey'],
    ['a filter that is not an object', { Filters: ['tag-key'] }, 'InvalidParameter.FilterNotDict'],
    [
      'filter values not a list',
      { Filters: [{ Name: 'tag-key', Values: 'team' }] },
      'InvalidParameter.FilterValuesNotList',
    ],
    [
      'ids and filters together',
      { SecurityGroupIds: ['sg-abcd1234'], Filters: [{ Name: 'tag-key', Values: ['x'] }] },
      'InvalidParameter.Coexist',
    ],
    ['a malformed id', { SecurityGroupIds: ['sg-BAD'] }, 'InvalidParameterValue.Malformed'],
  ])('refuses %s', async (_, params, code) => {
    expect(await list(params)).toBe(code);
  });
});

// Filters: security-group-id, ip (fuzzy), address-module, service-module, protocol-type, port (fuzzy,
// ALL for all), poly (ALL|ACCEPT|DROP), direction (ALL|INBOUND|OUTBOUND), description (fuzzy):
// DescribeSecurityGroupPoliciesRequest, tccli/services/vpc/v20170312/api.json.
describe('emulator: DescribeSecurityGroupPolicies Filters', () => {
  let id: string;
  const shown = async (Filters: object[]) => {
    const outcome = await call(sdk.vpc, 'DescribeSecurityGroupPolicies', { SecurityGroupId: id, Filters } as never);
    if (!outcome.ok) return outcome.code;
    const set = outcome.response.SecurityGroupPolicySet;
    return [
      ...(set?.Ingress ?? []).map((p) => `in${p.PolicyIndex}:${p.Port}`),
      ...(set?.Egress ?? []).map((p) => `out${p.PolicyIndex}:${p.Port}`),
    ];
  };

  beforeEach(async () => {
    const other = await createGroup(sdk, { GroupName: 'other' });
    id = await createGroup(sdk, {
      SecurityGroupPolicySet: {
        Ingress: [
          tcp('22', { CidrBlock: '10.1.0.0/16', PolicyDescription: 'ssh from office' }),
          tcp('443', { CidrBlock: '0.0.0.0/0', PolicyDescription: 'https' }),
          tcp('8080', { CidrBlock: undefined, SecurityGroupId: other, Action: 'DROP' }),
        ],
        Egress: [{ Protocol: 'UDP', Port: '53', Ipv6CidrBlock: '2001:db8::/32', Action: 'ACCEPT' }],
      },
    });
  });

  it.each([
    [[], ['in0:22', 'in1:443', 'in2:8080', 'out0:53']],
    [[{ Name: 'direction', Values: ['OUTBOUND'] }], ['out0:53']],
    [[{ Name: 'poly', Values: ['DROP'] }], ['in2:8080']],
    [[{ Name: 'ip', Values: ['10.1'] }], ['in0:22']],
    [[{ Name: 'ip', Values: ['2001:db8'] }], ['out0:53']],
    [[{ Name: 'port', Values: ['44'] }], ['in1:443']],
    [
      [
        { Name: 'port', Values: ['ALL'] },
        { Name: 'protocol-type', Values: ['UDP'] },
      ],
      ['out0:53'],
    ],
    [[{ Name: 'description', Values: ['office'] }], ['in0:22']],
    [
      [
        { Name: 'direction', Values: ['INBOUND'] },
        { Name: 'poly', Values: ['ACCEPT'] },
      ],
      ['in0:22', 'in1:443'],
    ],
  ])('filters by %j, keeping each policy’s PolicyIndex', async (filters, expected) => {
    expect(await shown(filters)).toEqual(expected);
  });

  it('filters by a referenced group, and refuses a filter it does not document', async () => {
    const other = await call(sdk.vpc, 'DescribeSecurityGroups', {
      Filters: [{ Name: 'security-group-name', Values: ['other'] }],
    });
    expect(
      await shown([
        { Name: 'security-group-id', Values: [answer(other).SecurityGroupSet?.[0]?.SecurityGroupId ?? ''] },
      ]),
    ).toEqual(['in2:8080']);
    expect(await shown([{ Name: 'cidr', Values: ['10.1'] }])).toBe('InvalidParameter.FilterInvalidKey');
    expect(await shown([{ Name: 'direction', Values: ['SIDEWAYS'] }])).toBe('InvalidParameterValue.Malformed');
  });
});

// SecurityGroupAssociationStatistics: CVM, CDB, ENI, SG ("被安全组引用数"), CLB, InstanceStatistics
// ("全量实例的绑定统计"), TotalCount ("所有资源的总计数（不包含被安全组引用数）") in vpc_models.d.ts;
// ReferredSecurityGroup {SecurityGroupId, ReferredSecurityGroupIds}: https://cloud.tencent.com/document/api/215/36092.
describe('emulator: what uses a group', () => {
  it('counts the instances attached over the admin API and the groups that name it', async () => {
    const used = await createGroup(sdk, { GroupName: 'used' });
    const idle = await createGroup(sdk, { GroupName: 'idle' });
    const naming = await createGroup(sdk, {
      GroupName: 'naming',
      SecurityGroupPolicySet: { Ingress: [tcp('22', { CidrBlock: undefined, SecurityGroupId: used })] },
    });
    await emulator.associate(used, 'CVM', 3);
    await emulator.associate(used, 'CLB', 1);
    await emulator.associate(used, 'REDIS', 2);
    const stats = answer(
      await call(sdk.vpc, 'DescribeSecurityGroupAssociationStatistics', { SecurityGroupIds: [used, idle] }),
    );
    expect(stats.SecurityGroupAssociationStatisticsSet).toEqual([
      {
        SecurityGroupId: used,
        CVM: 3,
        CDB: 0,
        ENI: 0,
        SG: 1,
        CLB: 1,
        InstanceStatistics: [
          { InstanceType: 'CVM', InstanceCount: 3 },
          { InstanceType: 'CLB', InstanceCount: 1 },
          { InstanceType: 'REDIS', InstanceCount: 2 },
        ],
        TotalCount: 6,
      },
      { SecurityGroupId: idle, CVM: 0, CDB: 0, ENI: 0, SG: 0, CLB: 0, InstanceStatistics: [], TotalCount: 0 },
    ]);
    const refs = answer(await call(sdk.vpc, 'DescribeSecurityGroupReferences', { SecurityGroupIds: [used, idle] }));
    expect(refs.ReferredSecurityGroupSet).toEqual([
      { SecurityGroupId: used, ReferredSecurityGroupIds: [naming] },
      { SecurityGroupId: idle, ReferredSecurityGroupIds: [] },
    ]);
    const missing = await call(sdk.vpc, 'DescribeSecurityGroupReferences', { SecurityGroupIds: ['sg-zzzz9999'] });
    expect(codeOf(missing)).toBe('ResourceNotFound');
  });

  it('attaches instances over POST /__admin/associations, and says what is wrong with a bad request', async () => {
    const id = await createGroup(sdk);
    const post = (body: unknown) =>
      fetch(`${emulator.url}/__admin/associations`, { method: 'POST', body: JSON.stringify(body) });
    const ok = await post({ SecurityGroupId: id, InstanceType: 'CDB', InstanceCount: 4 });
    expect(await ok.json()).toEqual({ SecurityGroupId: id, Associations: { CDB: 4 } });
    const stats = answer(await call(sdk.vpc, 'DescribeSecurityGroupAssociationStatistics', { SecurityGroupIds: [id] }));
    expect(stats.SecurityGroupAssociationStatisticsSet?.[0]).toMatchObject({ CDB: 4, TotalCount: 4 });
    expect((await post({ SecurityGroupId: 'sg-zzzz9999', InstanceType: 'CVM', InstanceCount: 1 })).status).toBe(404);
    const bad = await post({ SecurityGroupId: id, InstanceType: 'cvm', InstanceCount: -1 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { problems: string[] }).problems).toEqual([
      expect.stringContaining('InstanceType'),
      expect.stringContaining('InstanceCount'),
    ]);
  });
});
