/** What app tests need from the emulator: faults, holds, the call record and the admin endpoints. */
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../../src/devtools/tencent-emulator/emulator.js';
import {
  answer,
  call,
  codeOf,
  createGroup,
  emulatorFor,
  GZ,
  portsOf,
  type Sdk,
  sdkFor,
  tcp,
  tempStateFile,
} from './support.js';

let emulator: RunningEmulator;
let sdk: Sdk;
let state: Awaited<ReturnType<typeof tempStateFile>>;

const restart = async (options = {}) => {
  await emulator.stop();
  emulator = await emulatorFor({ stateFile: state.path, ...options });
  sdk = sdkFor(emulator.url);
};
const admin = (path: string, method = 'GET', body?: unknown) =>
  fetch(`${emulator.url}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
const limits = () => call(sdk.vpc, 'DescribeSecurityGroupLimits', null);
const groups = () => call(sdk.vpc, 'DescribeSecurityGroups', {});

beforeEach(async () => {
  state = await tempStateFile();
  emulator = await emulatorFor({ stateFile: state.path });
  sdk = sdkFor(emulator.url);
});
afterEach(async () => {
  await emulator.stop();
  await state.cleanup();
});

describe('emulator: faults', () => {
  it('answers RequestLimitExceeded or HTTP 503 for the set fraction of calls', async () => {
    await restart({ random: () => 0.2, throttleRate: 0.3 });
    expect(codeOf(await groups())).toBe('RequestLimitExceeded');
    emulator.setFaults({ throttleRate: 0.1, error5xxRate: 0.25 });
    expect(await groups()).toMatchObject({ ok: false, httpCode: 503 });
    emulator.setFaults({ error5xxRate: 0 });
    expect(codeOf(await groups())).toBe('ok');
  });

  it('fails the next N calls of one action with a code, then answers again', async () => {
    emulator.setFaults({ scripted: [{ action: 'DescribeSecurityGroupLimits', times: 2, code: 'InternalError' }] });
    expect(codeOf(await groups())).toBe('ok');
    expect([codeOf(await limits()), codeOf(await limits()), codeOf(await limits())]).toEqual([
      'InternalError',
      'InternalError',
      'ok',
    ]);
  });

  it.each([
    ['an error code', { code: 'InternalError' }, 'InternalError'],
    ['HTTP 502', { httpStatus: 502 }, 'HTTP 502'],
    ['a dropped connection', { reset: true as const }, ''],
  ])('carries a change out and then fails it with %s: the ambiguous case', async (_, failure, code) => {
    emulator.setFaults({ scripted: [{ action: 'CreateSecurityGroup', afterCommit: true, ...failure }] });
    const outcome = await call(sdk.vpc, 'CreateSecurityGroup', { GroupName: 'web', GroupDescription: '' });
    expect(outcome.ok ? 'ok' : outcome.code || (outcome.httpCode ? `HTTP ${outcome.httpCode}` : '')).toBe(code);
    expect(emulator.state().groups.map((g) => g.SecurityGroupName)).toEqual(['web']);
  });

  it('drops the connection before acting', async () => {
    emulator.setFaults({ scripted: [{ action: '*', reset: true }] });
    const outcome = await call(sdk.vpc, 'CreateSecurityGroup', { GroupName: 'web', GroupDescription: '' });
    expect(outcome).toMatchObject({ ok: false, code: '', message: expect.stringContaining('socket hang up') });
    expect(emulator.state().groups).toEqual([]);
  });

  it('takes faults over its admin endpoint, and says what is wrong with a bad one', async () => {
    const bad = await admin('/__admin/faults', 'POST', {
      throttleRate: 2,
      scripted: [{ action: 'X', code: 'A', httpStatus: 500 }],
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { problems: string[] }).problems).toEqual([
      expect.stringContaining('throttleRate'),
      expect.stringContaining('give exactly one of code, httpStatus or reset'),
    ]);
    expect((await admin('/__admin/faults', 'POST', { throttleRate: 1 })).status).toBe(200);
    expect(codeOf(await groups())).toBe('RequestLimitExceeded');
    expect(emulator.faults().throttleRate).toBe(1);
  });
});

describe('emulator: quotas', () => {
  it('changes its group and rule quotas while running, in process and over its admin endpoint', async () => {
    await createGroup(sdk);
    emulator.setLimits({ groupQuota: 1 });
    expect(answer(await limits()).SecurityGroupLimitSet?.SecurityGroupLimit).toBe(1);
    expect(codeOf(await call(sdk.vpc, 'CreateSecurityGroup', { GroupName: 'second', GroupDescription: '' }))).toBe(
      'LimitExceeded',
    );

    const bad = await admin('/__admin/limits', 'POST', { groupQuota: -1 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { problems: string[] }).problems).toEqual([expect.stringContaining('groupQuota')]);
    const set = await admin('/__admin/limits', 'POST', { groupQuota: 2, ruleQuota: 1 });
    expect(await set.json()).toEqual({ limits: { groupQuota: 2, ruleQuota: 1 } });
    expect(answer(await limits()).SecurityGroupLimitSet).toMatchObject({
      SecurityGroupLimit: 2,
      SecurityGroupPolicyLimit: 1,
    });
    expect(codeOf(await call(sdk.vpc, 'CreateSecurityGroup', { GroupName: 'second', GroupDescription: '' }))).toBe(
      'ok',
    );
  });
});

describe('emulator: projects', () => {
  it('adds a project while running, in process and over its admin endpoint; DescribeProjects lists it', async () => {
    const projectNames = async () => {
      const outcome = await call(sdk.tag, 'DescribeProjects', { AllList: 1, Limit: 1000, Offset: 0 });
      return outcome.ok ? outcome.response.Projects?.map((p) => p.ProjectName) : codeOf(outcome);
    };
    const before = (await projectNames()) as string[];
    const id = await emulator.addProject('Shop');
    const added = await admin('/__admin/projects', 'POST', { ProjectName: 'Data' });
    expect(await added.json()).toEqual({ ProjectId: id + 1, ProjectName: 'Data' });
    expect(await projectNames()).toEqual([...before, 'Shop', 'Data']);
    expect((await admin('/__admin/projects', 'POST', { ProjectName: '' })).status).toBe(400);
  });
});

describe('emulator: regions', () => {
  it('serves the regions it is given, in process and over its admin endpoint, and refuses the others', async () => {
    const tokyo = { id: 'ap-tokyo', zh: '亚太东北(东京)', en: 'Northeast Asia (Tokyo)' };
    emulator.setRegions([tokyo]);
    const listed = answer(await call(sdk.region, 'DescribeRegions', { Product: 'cvm' }));
    expect(listed.RegionSet?.map((r) => [r.Region, r.RegionName])).toEqual([['ap-tokyo', '亚太东北(东京)']]);
    expect(codeOf(await groups())).toBe('UnsupportedRegion');

    const bad = await admin('/__admin/regions', 'POST', [{ id: 'Guangzhou', zh: '', en: '' }]);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { problems: string[] }).problems).toEqual([expect.stringContaining('0.id')]);
    const set = await admin('/__admin/regions', 'POST', [
      { id: GZ, zh: '华南地区(广州)', en: 'South China (Guangzhou)' },
    ]);
    expect(set.status).toBe(200);
    expect(codeOf(await groups())).toBe('ok');
    expect(answer(await call(sdk.region, 'DescribeRegions', { Product: 'cvm' })).TotalCount).toBe(1);
  });
});

describe('emulator: holding a call', () => {
  it('holds a call before it acts: nothing changes until it is released', async () => {
    const id = await createGroup(sdk);
    const held = emulator.holdNext('DeleteSecurityGroup', 'before');
    const deleting = call(sdk.vpc, 'DeleteSecurityGroup', { SecurityGroupId: id });
    await held.arrived;
    expect(emulator.state().groups).toHaveLength(1);
    held.release();
    expect(codeOf(await deleting)).toBe('ok');
    expect(emulator.state().groups).toEqual([]);
  });

  it('holds a call after it acts: the change is saved and seen, the answer waits', async () => {
    const id = await createGroup(sdk);
    const held = emulator.holdNext('CreateSecurityGroupPolicies', 'after');
    let answered = false;
    const adding = call(sdk.vpc, 'CreateSecurityGroupPolicies', {
      SecurityGroupId: id,
      SecurityGroupPolicySet: { Ingress: [tcp('8080')] },
    }).then((outcome) => {
      answered = true;
      return outcome;
    });
    await held.arrived;
    expect(await portsOf(sdk, id)).toEqual(['22', '8080']);
    expect(JSON.parse(await readFile(state.path, 'utf8')).groups[0].Ingress).toHaveLength(2);
    expect(answered).toBe(false);
    held.release();
    expect(codeOf(await adding)).toBe('ok');
  });

  it('holds only calls that reach the action (a refused signature does not take the hold)', async () => {
    const held = emulator.holdNext('DescribeSecurityGroups');
    expect(codeOf(await call(sdkFor(emulator.url, { secretKey: 'wrong' }).vpc, 'DescribeSecurityGroups', {}))).toBe(
      'AuthFailure.SignatureFailure',
    );
    const listing = groups();
    await held.arrived;
    held.release();
    expect(codeOf(await listing)).toBe('ok');
  });
});

describe('emulator: call record and admin endpoints', () => {
  it('records each call with its action, region, params and outcome, in process and at /__admin/calls', async () => {
    await createGroup(sdk);
    await call(sdk.vpc, 'DescribeSecurityGroups', { Limit: '101' });
    await call(sdk.region, 'DescribeRegions', { Product: 'cvm' });
    const expected = [
      {
        service: 'vpc',
        action: 'CreateSecurityGroupWithPolicies',
        region: GZ,
        params: expect.objectContaining({ GroupName: 'web' }),
        outcome: 'ok',
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      },
      expect.objectContaining({
        action: 'DescribeSecurityGroups',
        params: { Limit: '101' },
        outcome: 'InvalidParameterValue.Range',
      }),
      expect.objectContaining({ service: 'region', action: 'DescribeRegions', region: '', outcome: 'ok' }),
    ];
    expect(emulator.calls()).toEqual(expected);
    expect(((await (await admin('/__admin/calls')).json()) as { calls: unknown[] }).calls).toEqual(expected);
    expect((await admin('/__admin/calls', 'DELETE')).status).toBe(200);
    expect(emulator.calls()).toEqual([]);
  });

  it('shows and resets its state over the admin endpoint', async () => {
    await createGroup(sdk);
    const shown = (await (await admin('/__admin/state')).json()) as { state: { groups: unknown[] } };
    expect(shown.state.groups).toHaveLength(1);
    expect((await admin('/__admin/reset', 'POST', {})).status).toBe(200);
    expect(emulator.state().groups).toEqual([]);
    expect(JSON.parse(await readFile(state.path, 'utf8')).groups).toEqual([]);
    expect((await admin('/__admin/nothing')).status).toBe(404);
  });
});
