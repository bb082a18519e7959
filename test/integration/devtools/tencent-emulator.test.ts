import { readdir, readFile, writeFile } from 'node:fs/promises';
import { CommonClient } from 'tencentcloud-sdk-nodejs-common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/devtools/tencent-emulator/emulator.js';
import {
  CREDENTIALS,
  callWithSdk,
  codeOf,
  emulatorFor,
  GZ,
  groupParams,
  type SdkOutcome,
  tempStateFile,
} from '../cloud/support/emulator-harness.js';

let emulator: RunningEmulator;
let state: Awaited<ReturnType<typeof tempStateFile>>;

const vpc = (action: string, params: Record<string, unknown>, region: string | undefined = GZ) =>
  callWithSdk(emulator.url, 'vpc', action, params, { region });
const createGroup = (overrides: Record<string, unknown> = {}, region = GZ) =>
  vpc('CreateSecurityGroupWithPolicies', groupParams(overrides), region);
const groupIdOf = (outcome: SdkOutcome) => {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.code}: ${outcome.message}`);
  return (outcome.response.SecurityGroup as { SecurityGroupId: string }).SecurityGroupId;
};
const restart = async (options = {}) => {
  await emulator.stop();
  emulator = await emulatorFor({ stateFile: state.path, ...options });
};

beforeEach(async () => {
  state = await tempStateFile();
  emulator = await emulatorFor({ stateFile: state.path });
});
afterEach(async () => {
  await emulator.stop();
  await state.cleanup();
});

describe('emulator: wire protocol', () => {
  it('creates a group as Tencent Cloud answers it, and reads its policies back with PolicyIndex', async () => {
    const created = await createGroup();
    expect(created.ok && created.response).toMatchObject({
      RequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      SecurityGroup: {
        SecurityGroupId: expect.stringMatching(/^sg-[a-z0-9]{8}$/),
        SecurityGroupName: 'web',
        SecurityGroupDesc: 'web servers',
        ProjectId: '0',
        IsDefault: false,
        CreatedTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
        TagSet: [{ Key: 'secgroup-request', Value: 'req-1' }],
      },
    });
    const read = await vpc('DescribeSecurityGroupPolicies', { SecurityGroupId: groupIdOf(created) });
    expect(read.ok && read.response.SecurityGroupPolicySet).toMatchObject({
      Version: '1',
      Ingress: [
        {
          PolicyIndex: 0,
          Protocol: 'TCP',
          Port: '22',
          CidrBlock: '10.0.0.0/8',
          Ipv6CidrBlock: '',
          SecurityGroupId: '',
          AddressTemplate: { AddressId: '', AddressGroupId: '' },
          ServiceTemplate: { ServiceId: '', ServiceGroupId: '' },
          Action: 'ACCEPT',
          PolicyDescription: 'SSH',
        },
      ],
      Egress: [{ PolicyIndex: 0, Protocol: 'ALL', Port: 'ALL', CidrBlock: '0.0.0.0/0' }],
    });
  });

  it('answers the quotas it was started with', async () => {
    await restart({ groupQuota: 7, ruleQuota: 9 });
    const limits = await vpc('DescribeSecurityGroupLimits', {});
    expect(limits.ok && limits.response.SecurityGroupLimitSet).toMatchObject({
      SecurityGroupLimit: 7,
      SecurityGroupPolicyLimit: 9,
    });
  });

  it('lists regions in the language asked for, and projects with Limit given as number or string', async () => {
    const zh = await callWithSdk(emulator.url, 'region', 'DescribeRegions', { Product: 'cvm' });
    const en = await callWithSdk(emulator.url, 'region', 'DescribeRegions', { Product: 'cvm' }, { language: 'en-US' });
    expect(zh.ok && (zh.response.RegionSet as object[])[0]).toMatchObject({
      Region: 'ap-guangzhou',
      RegionName: '华南地区(广州)',
    });
    expect(en.ok && (en.response.RegionSet as object[])[0]).toMatchObject({ RegionName: 'South China (Guangzhou)' });
    for (const params of [
      { AllList: 1, Limit: 1000, Offset: 0 },
      { AllList: '0', Limit: '500', Offset: '0' },
    ]) {
      const projects = await callWithSdk(emulator.url, 'tag', 'DescribeProjects', params);
      expect(projects.ok && projects.response).toMatchObject({
        Total: 1,
        Projects: [{ ProjectId: 1000101, ProjectName: 'Demo project' }],
      });
    }
  });

  it.each([
    ['an unknown action', 'vpc', 'DeleteEverything', {}, GZ, 'InvalidAction'],
    ['an unknown parameter', 'vpc', 'DescribeSecurityGroupLimits', { Force: true }, GZ, 'UnknownParameter'],
    ['no region', 'vpc', 'DescribeSecurityGroupLimits', {}, undefined, 'MissingParameter'],
    ['an unknown region', 'vpc', 'DescribeSecurityGroupLimits', {}, 'mars-north-1', 'UnsupportedRegion'],
    ['another product’s regions', 'region', 'DescribeRegions', { Product: 'cos' }, undefined, 'InvalidParameterValue'],
  ] as const)('answers %s with its error code', async (_, service, action, params, region, code) => {
    expect(codeOf(await callWithSdk(emulator.url, service, action, params, { region }))).toBe(code);
  });

  it('answers a version it does not have with NoSuchVersion', async () => {
    const outcome = await callWithSdk(
      emulator.url,
      'vpc',
      'DescribeSecurityGroups',
      {},
      { region: GZ, version: '2099-01-01' },
    );
    expect(codeOf(outcome)).toBe('NoSuchVersion');
  });
});

describe('emulator: signatures', () => {
  it('refuses a wrong secret key, an unknown SecretId and a clock five minutes off', async () => {
    const wrongKey = await callWithSdk(
      emulator.url,
      'vpc',
      'DescribeSecurityGroups',
      {},
      { region: GZ, secretKey: 'nope' },
    );
    expect(wrongKey).toMatchObject({
      code: 'AuthFailure.SignatureFailure',
      message: 'The provided credentials could not be validated. Please check your signature is correct.',
    });
    const unknownId = await callWithSdk(
      emulator.url,
      'vpc',
      'DescribeSecurityGroups',
      {},
      { region: GZ, secretId: 'AKIDnobody' },
    );
    expect(codeOf(unknownId)).toBe('AuthFailure.SecretIdNotFound');

    await restart({ clock: { now: () => new Date(Date.now() + 301_000) } });
    expect(codeOf(await vpc('DescribeSecurityGroups', {}))).toBe('AuthFailure.SignatureExpire');
  });

  it('refuses a client that signs for the endpoint’s IP instead of the service, as Tencent does', async () => {
    const client = new CommonClient(emulator.url.replace('http://', ''), '2017-03-12', {
      credential: CREDENTIALS,
      region: GZ,
      profile: { httpProfile: { protocol: 'http://', agent: new (await import('node:http')).Agent() } },
    });
    const err = (await client.request('DescribeSecurityGroups', {}).catch((e: unknown) => e)) as {
      code?: string;
      message?: string;
    };
    expect(err.code).toBe('AuthFailure.InvalidAuthorization');
    expect(err.message).toContain('`Service` in Credential not valid');
  });

  it('refuses a request without Authorization', async () => {
    const response = await fetch(`${emulator.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-tc-action': 'DescribeSecurityGroups',
        'x-tc-version': '2017-03-12',
      },
      body: '{}',
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { Response: { Error: { Code: string }; RequestId: string } };
    expect(body.Response.Error.Code).toBe('AuthFailure.InvalidAuthorization');
    expect(body.Response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('emulator: documented limits', () => {
  it.each([
    ['a 61-character name', { GroupName: 'n'.repeat(61) }, 'InvalidParameterValue.TooLong'],
    ['a 101-character description', { GroupDescription: 'd'.repeat(101) }, 'InvalidParameterValue.TooLong'],
    ['no name', { GroupName: undefined }, 'MissingParameter'],
    ['no description at all', { GroupDescription: undefined }, 'MissingParameter'],
    ['a project that does not exist', { ProjectId: '424242' }, 'ResourceNotFound'],
    [
      'a repeated tag key',
      {
        Tags: [
          { Key: 'a', Value: '1' },
          { Key: 'a', Value: '2' },
        ],
      },
      'InvalidParameterValue.TagDuplicateKey',
    ],
    [
      'a port on ICMP',
      {
        SecurityGroupPolicySet: {
          Ingress: [{ Protocol: 'ICMP', Port: '22', CidrBlock: '0.0.0.0/0', Action: 'ACCEPT' }],
        },
      },
      'InvalidParameterValue.Combination',
    ],
    [
      'two peers in one policy',
      {
        SecurityGroupPolicySet: {
          Ingress: [{ Protocol: 'TCP', Port: '22', CidrBlock: '0.0.0.0/0', Ipv6CidrBlock: '::/0', Action: 'ACCEPT' }],
        },
      },
      'InvalidParameter.Coexist',
    ],
    [
      'the same policy twice',
      {
        SecurityGroupPolicySet: {
          Ingress: [
            { Protocol: 'TCP', Port: '22', CidrBlock: '0.0.0.0/0', Action: 'ACCEPT' },
            { Protocol: 'tcp', Port: '22', CidrBlock: '0.0.0.0/0', Action: 'accept', PolicyDescription: 'again' },
          ],
        },
      },
      'UnsupportedOperation.DuplicatePolicy',
    ],
  ])('refuses %s and stores nothing', async (_, overrides, code) => {
    expect(codeOf(await createGroup(overrides))).toBe(code);
    expect(emulator.state().groups).toEqual([]);
  });

  it('takes a 60-character name, a 100-character description and a blank one', async () => {
    expect(codeOf(await createGroup({ GroupName: 'n'.repeat(60), GroupDescription: 'd'.repeat(100) }))).toBe('ok');
    expect(codeOf(await createGroup({ GroupDescription: '' }))).toBe('ok');
  });

  it('limits groups per region per project', async () => {
    await restart({ groupQuota: 2 });
    expect(codeOf(await createGroup())).toBe('ok');
    expect(codeOf(await createGroup())).toBe('ok');
    const third = await createGroup();
    expect(codeOf(third)).toBe('LimitExceeded');
    expect(codeOf(await createGroup({ ProjectId: '1000101' }))).toBe('ok');
    expect(codeOf(await createGroup({}, 'ap-shanghai'))).toBe('ok');
    expect(emulator.state().groups).toHaveLength(4);
  });

  it('limits policies per group per direction, on create and on add', async () => {
    await restart({ ruleQuota: 2 });
    const policy = (port: number) => ({
      Protocol: 'TCP',
      Port: String(port),
      CidrBlock: '0.0.0.0/0',
      Action: 'ACCEPT',
    });
    const full = { SecurityGroupPolicySet: { Ingress: [policy(1), policy(2)], Egress: [policy(3), policy(4)] } };
    const created = await createGroup(full);
    expect(codeOf(created)).toBe('ok');
    expect(codeOf(await createGroup({ SecurityGroupPolicySet: { Ingress: [policy(1), policy(2), policy(3)] } }))).toBe(
      'LimitExceeded.SecurityGroupPolicySet',
    );
    const add = await vpc('CreateSecurityGroupPolicies', {
      SecurityGroupId: groupIdOf(created),
      SecurityGroupPolicySet: { Ingress: [policy(5)] },
    });
    expect(codeOf(add)).toBe('LimitExceeded.SecurityGroupPolicySet');
  });
});

describe('emulator: CreateSecurityGroupPolicies', () => {
  const add = (id: string, set: Record<string, unknown>) =>
    vpc('CreateSecurityGroupPolicies', { SecurityGroupId: id, SecurityGroupPolicySet: set });
  const ingressPorts = async (id: string) => {
    const read = await vpc('DescribeSecurityGroupPolicies', { SecurityGroupId: id });
    return read.ok
      ? (read.response.SecurityGroupPolicySet as { Ingress: { Port: string }[] }).Ingress.map((p) => p.Port)
      : [];
  };
  const tcp = (port: string, extra = {}) => ({
    Protocol: 'TCP',
    Port: port,
    CidrBlock: '0.0.0.0/0',
    Action: 'ACCEPT',
    ...extra,
  });

  it('appends without PolicyIndex, inserts first with PolicyIndex 0, and bumps the version', async () => {
    const id = groupIdOf(await createGroup());
    expect(codeOf(await add(id, { Ingress: [tcp('80')] }))).toBe('ok');
    expect(codeOf(await add(id, { Ingress: [tcp('443', { PolicyIndex: 0 })] }))).toBe('ok');
    expect(await ingressPorts(id)).toEqual(['443', '22', '80']);
    const read = await vpc('DescribeSecurityGroupPolicies', { SecurityGroupId: id });
    expect(read.ok && (read.response.SecurityGroupPolicySet as { Version: string }).Version).toBe('3');
  });

  it.each([
    ['both directions at once', { Ingress: [tcp('80')], Egress: [tcp('80')] }, 'InvalidParameter.Coexist'],
    ['no policy', { Ingress: [] }, 'MissingParameter'],
    [
      'a policy already there',
      { Ingress: [tcp('22', { CidrBlock: '10.0.0.0/8' })] },
      'UnsupportedOperation.DuplicatePolicy',
    ],
    ['a PolicyIndex past the end', { Ingress: [tcp('80', { PolicyIndex: 5 })] }, 'InvalidParameterValue.Range'],
  ])('refuses %s and changes nothing', async (_, set, code) => {
    const id = groupIdOf(await createGroup());
    expect(codeOf(await add(id, set))).toBe(code);
    expect(await ingressPorts(id)).toEqual(['22']);
  });

  it.each([
    ['sg-zzzz9999', 'ResourceNotFound'],
    ['sg-BAD', 'InvalidParameterValue.Malformed'],
  ])('answers %s with %s, here and on DescribeSecurityGroupPolicies', async (id, code) => {
    expect(codeOf(await add(id, { Ingress: [tcp('80')] }))).toBe(code);
    expect(codeOf(await vpc('DescribeSecurityGroupPolicies', { SecurityGroupId: id }))).toBe(code);
  });
});

describe('emulator: DescribeSecurityGroups', () => {
  const list = async (params: Record<string, unknown>, region = GZ) => {
    const outcome = await vpc('DescribeSecurityGroups', params, region);
    if (!outcome.ok) return outcome.code;
    const r = outcome.response as { SecurityGroupSet: { SecurityGroupName: string }[]; TotalCount: number };
    return { names: r.SecurityGroupSet.map((g) => g.SecurityGroupName), total: r.TotalCount };
  };

  beforeEach(async () => {
    await createGroup({ GroupName: 'a', Tags: [{ Key: 'secgroup-request', Value: 'req-a' }] });
    await createGroup({ GroupName: 'b', ProjectId: '1000101', Tags: [{ Key: 'team', Value: 'web' }] });
    await createGroup({ GroupName: 'c', Tags: [{ Key: 'secgroup-request', Value: 'req-c' }] });
    await createGroup({ GroupName: 'elsewhere' }, 'ap-shanghai');
  });

  it('lists the region’s groups newest first, paged by Offset and Limit strings', async () => {
    expect(await list({})).toEqual({ names: ['c', 'b', 'a'], total: 3 });
    expect(await list({ Offset: '1', Limit: '1' })).toEqual({ names: ['b'], total: 3 });
  });

  it.each([
    [[{ Name: 'tag:secgroup-request', Values: ['req-c'] }], ['c']],
    [[{ Name: 'tag:secgroup-request', Values: ['req-a', 'req-c'] }], ['c', 'a']],
    [[{ Name: 'tag-key', Values: ['team'] }], ['b']],
    [[{ Name: 'project-id', Values: ['1000101'] }], ['b']],
    [[{ Name: 'security-group-name', Values: ['a'] }], ['a']],
    [
      [
        { Name: 'security-group-name', Values: ['a', 'b'] },
        { Name: 'project-id', Values: ['0'] },
      ],
      ['a'],
    ],
  ])('filters by %j', async (filters, names) => {
    expect(await list({ Filters: filters })).toMatchObject({ names });
  });

  it('filters by security-group-id and by SecurityGroupIds', async () => {
    const [a] = emulator.state().groups;
    const id = a?.SecurityGroupId ?? '';
    expect(await list({ Filters: [{ Name: 'security-group-id', Values: [id] }] })).toMatchObject({ names: ['a'] });
    expect(await list({ SecurityGroupIds: [id] })).toMatchObject({ names: ['a'] });
  });

  it.each([
    ['Limit over 100', { Limit: '101' }, 'InvalidParameterValue.Range'],
    ['Limit as a number', { Limit: 5 }, 'InvalidParameter'],
    ['an unknown filter', { Filters: [{ Name: 'color', Values: ['red'] }] }, 'InvalidParameter.FilterInvalidKey'],
    [
      'filter values that are not a list',
      { Filters: [{ Name: 'tag-key', Values: 'team' }] },
      'InvalidParameter.FilterValuesNotList',
    ],
    [
      'ids and filters together',
      { SecurityGroupIds: ['sg-abcd1234'], Filters: [{ Name: 'tag-key', Values: ['x'] }] },
      'InvalidParameter.Coexist',
    ],
  ])('refuses %s', async (_, params, code) => {
    expect(await list(params)).toBe(code);
  });
});

describe('emulator: state file', () => {
  it('keeps groups and policies across a restart, written whole', async () => {
    const id = groupIdOf(await createGroup());
    await restart();
    const read = await vpc('DescribeSecurityGroupPolicies', { SecurityGroupId: id });
    expect(codeOf(read)).toBe('ok');
    expect(emulator.state().groups.map((g) => g.SecurityGroupId)).toEqual([id]);
    expect(await readdir(state.dir)).toEqual(['emulator.json']);
    expect(JSON.parse(await readFile(state.path, 'utf8')).groups).toHaveLength(1);
  });

  it('leaves the file as it was when a create is refused', async () => {
    await createGroup();
    const before = await readFile(state.path, 'utf8');
    expect(codeOf(await createGroup({ GroupName: 'n'.repeat(61) }))).toBe('InvalidParameterValue.TooLong');
    expect(await readFile(state.path, 'utf8')).toBe(before);
  });

  it('will not start on a damaged file, and says which', async () => {
    await emulator.stop();
    await writeFile(state.path, '{"formatVersion": 1, "groups": [');
    await expect(emulatorFor({ stateFile: state.path })).rejects.toThrow(
      `Emulator state file ${state.path} is not valid JSON`,
    );
    emulator = await emulatorFor();
  });
});

describe('emulator: faults', () => {
  const admin = (path: string, body?: unknown) =>
    fetch(`${emulator.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('answers RequestLimitExceeded or HTTP 503 for the set fraction of calls', async () => {
    await restart({ random: () => 0.2, throttleRate: 0.3 });
    expect(codeOf(await vpc('DescribeSecurityGroups', {}))).toBe('RequestLimitExceeded');
    emulator.setFaults({ throttleRate: 0.1, error5xxRate: 0.25 });
    expect(await vpc('DescribeSecurityGroups', {})).toMatchObject({ ok: false, httpCode: 503 });
    emulator.setFaults({ error5xxRate: 0 });
    expect(codeOf(await vpc('DescribeSecurityGroups', {}))).toBe('ok');
  });

  it('fails the next calls of one action as scripted, then answers again', async () => {
    emulator.setFaults({ scripted: [{ action: 'DescribeSecurityGroupLimits', times: 2, code: 'InternalError' }] });
    expect(codeOf(await vpc('DescribeSecurityGroups', {}))).toBe('ok');
    expect(codeOf(await vpc('DescribeSecurityGroupLimits', {}))).toBe('InternalError');
    expect(codeOf(await vpc('DescribeSecurityGroupLimits', {}))).toBe('InternalError');
    expect(codeOf(await vpc('DescribeSecurityGroupLimits', {}))).toBe('ok');
  });

  it('can carry a create out and still fail it: the ambiguous case', async () => {
    emulator.setFaults({
      scripted: [{ action: 'CreateSecurityGroupWithPolicies', httpStatus: 502, afterCommit: true }],
    });
    expect(await createGroup()).toMatchObject({ ok: false, httpCode: 502 });
    expect(emulator.state().groups).toHaveLength(1);
  });

  it('can drop the connection', async () => {
    emulator.setFaults({ scripted: [{ action: '*', reset: true }] });
    const outcome = await vpc('DescribeSecurityGroups', {});
    expect(outcome).toMatchObject({ ok: false, code: '' });
    expect(outcome.ok || outcome.message).toContain('socket hang up');
  });

  it('takes faults over its admin endpoint, and says what is wrong with a bad one', async () => {
    const bad = await admin('/__admin/faults', {
      throttleRate: 2,
      scripted: [{ action: 'X', code: 'A', httpStatus: 500 }],
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { problems: string[] }).problems).toEqual([
      expect.stringContaining('throttleRate'),
      expect.stringContaining('give exactly one of code, httpStatus or reset'),
    ]);
    const good = await admin('/__admin/faults', { throttleRate: 1 });
    expect(good.status).toBe(200);
    expect(codeOf(await vpc('DescribeSecurityGroups', {}))).toBe('RequestLimitExceeded');
    expect(emulator.faults().throttleRate).toBe(1);
  });

  it('shows and resets its state over the admin endpoint', async () => {
    await createGroup();
    const shown = (await (await admin('/__admin/state')).json()) as { state: { groups: unknown[] } };
    expect(shown.state.groups).toHaveLength(1);
    expect((await admin('/__admin/reset', {})).status).toBe(200);
    expect(emulator.state().groups).toEqual([]);
    expect(JSON.parse(await readFile(state.path, 'utf8')).groups).toEqual([]);
  });
});
