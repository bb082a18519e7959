import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloudQuotaExceededError } from '../../../src/cloud/tencent/call-failure.js';
import { createTencentProvider } from '../../../src/cloud/tencent/tencent-provider.js';
import { loadConfig } from '../../../src/config.js';
import type { EmulatorOptions, RunningEmulator } from '../../../src/devtools/tencent-emulator/emulator.js';
import { emulatorCloudConfig } from '../../../src/devtools/tencent-emulator/emulator-cloud-config.js';
import { loadTemplates } from '../../../src/service/catalog/templates.js';
import { CloudRejectedError, CloudUnavailableError } from '../../../src/service/errors.js';
import type { CloudProvider, CreateGroupCommand } from '../../../src/service/ports.js';
import type { Rule, Template } from '../../../src/service/types.js';
import { captureLog } from '../../unit/cloud/support/capture-log.js';
import { CREDENTIALS, callWithSdk, emulatorFor, GZ, groupParams, tempStateFile } from './support/emulator-harness.js';

const defaults = loadConfig({});
let emulator: RunningEmulator;
let state: Awaited<ReturnType<typeof tempStateFile>>;
let log: ReturnType<typeof captureLog>;
let webBasic: Template;

/** The actions the emulator received, in order. */
const emulatorCalls = () => emulator.calls().map((c) => c.action);

const providerFor = (
  url: string,
  overrides: { secretId?: string; secretKey?: string; fetchTimeoutMs?: number; retries?: number } = {},
): CloudProvider =>
  createTencentProvider({
    cloud: emulatorCloudConfig(
      defaults.cloud,
      {
        ...defaults.emulator,
        secretId: overrides.secretId ?? CREDENTIALS.secretId,
        secretKey: overrides.secretKey ?? CREDENTIALS.secretKey,
      },
      url,
    ),
    log,
    fetchTimeoutMs: overrides.fetchTimeoutMs,
    retry: { retries: overrides.retries ?? 3, minTimeoutMs: 1, maxTimeoutMs: 5 },
  });

const command = (requestId: string, overrides: Partial<CreateGroupCommand> = {}): CreateGroupCommand => ({
  region: GZ,
  name: `web-${requestId}`,
  description: webBasic.description,
  projectId: '0',
  rules: webBasic.rules,
  requestId,
  ...overrides,
});

const restart = async (options: Partial<EmulatorOptions> = {}) => {
  await emulator.stop();
  emulator = await emulatorFor({ stateFile: state.path, ...options });
};

beforeEach(async () => {
  const template = (await loadTemplates('manifest/templates.yml')).find((t) => t.id === 'web-basic');
  if (!template) throw new Error('manifest/templates.yml has no web-basic template');
  webBasic = template;
  log = captureLog();
  state = await tempStateFile();
  emulator = await emulatorFor({ stateFile: state.path });
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await emulator.stop();
  await state.cleanup();
});

describe('Tencent provider against the emulator, over HTTP through the SDK client', () => {
  it('creates a group from the web-basic template and reads the same rules back, its creation time as an instant', async () => {
    await emulator.stop();
    // The emulator answers in Tencent's format and zone ("2026-11-28 23:26:04", Beijing time); its
    // clock stays at the real time, which it checks signatures against.
    const created = new Date(Math.floor(Date.now() / 1000) * 1000);
    emulator = await emulatorFor({ stateFile: state.path, clock: { now: () => created } });
    const provider = providerFor(emulator.url);
    const group = await provider.createGroupWithRules(command('req-1'));
    expect(group).toMatchObject({
      id: expect.stringMatching(/^sg-[a-z0-9]{8}$/),
      name: 'web-req-1',
      description: webBasic.description,
      projectId: '0',
      region: GZ,
      createdTime: created.toISOString(),
      tags: { 'secgroup-request': 'req-1' },
    });
    expect(await provider.describeRules(GZ, group.id)).toEqual(webBasic.rules);
  });

  it('lists the groups and finds one by its request tag', async () => {
    const provider = providerFor(emulator.url);
    const first = await provider.createGroupWithRules(command('req-1'));
    const second = await provider.createGroupWithRules(command('req-2', { projectId: '1000101' }));
    const listed = await provider.listGroups({ region: GZ });
    expect(listed.total).toBe(2);
    expect(listed.groups.map((g) => g.id)).toEqual([second.id, first.id]);
    expect((await provider.listGroups({ region: GZ, offset: 1, limit: 1 })).groups.map((g) => g.id)).toEqual([
      first.id,
    ]);
    expect((await provider.findGroupByRequestTag(GZ, 'req-2'))?.id).toBe(second.id);
    expect(await provider.findGroupByRequestTag(GZ, 'req-3')).toBeUndefined();
    expect(await provider.findGroupByRequestTag('ap-shanghai', 'req-1')).toBeUndefined();
  });

  it('a plain create makes exactly one create call and no lookup', async () => {
    const group = await providerFor(emulator.url).createGroupWithRules(command('req-1'));
    expect(emulatorCalls()).toEqual(['CreateSecurityGroupWithPolicies']);
    expect(emulator.state().groups.map((g) => g.SecurityGroupId)).toEqual([group.id]);
  });

  it.each([
    ['HTTP 503', { httpStatus: 503 }],
    ['a dropped connection', { reset: true as const }],
  ])('a create committed but answered %s looks the tag up once and leaves exactly one group', async (_, failure) => {
    emulator.setFaults({ scripted: [{ action: 'CreateSecurityGroupWithPolicies', afterCommit: true, ...failure }] });
    const group = await providerFor(emulator.url).createGroupWithRules(command('req-1'));
    expect(emulator.state().groups.map((g) => g.SecurityGroupId)).toEqual([group.id]);
    // The failed create, then the tag lookup that finds its group; no second create.
    expect(emulatorCalls()).toEqual(['CreateSecurityGroupWithPolicies', 'DescribeSecurityGroups']);
    expect(log.text()).toContain(`request req-1 already created ${group.id}`);
  });

  it('adds rules one direction per call, after the existing ones, and adding them again changes nothing', async () => {
    const provider = providerFor(emulator.url);
    const group = await provider.createGroupWithRules(command('req-1', { rules: [] }));
    const added: Rule[] = [
      {
        direction: 'inbound',
        protocol: 'TCP',
        port: '8000-8010',
        peer: { kind: 'ipv4', cidr: '10.0.0.0/8' },
        action: 'ACCEPT',
        description: 'app',
      },
      {
        direction: 'outbound',
        protocol: 'UDP',
        port: '53',
        peer: { kind: 'security-group', groupId: group.id },
        action: 'DROP',
        description: 'dns',
      },
      {
        direction: 'inbound',
        protocol: 'ICMPv6',
        port: 'ALL',
        peer: { kind: 'ipv6', cidr: '2001:db8::/32' },
        action: 'ACCEPT',
        description: 'ping',
      },
    ];
    await provider.addRules(GZ, group.id, added);
    await provider.addRules(GZ, group.id, added);
    const read = await provider.describeRules(GZ, group.id);
    expect(read).toEqual([added[0], added[2], added[1]]);
    const stored = emulator.state().groups[0];
    // Created without rules at Version 0, then one Version per direction added.
    expect([stored?.Ingress.length, stored?.Egress.length, stored?.PolicyVersion]).toEqual([2, 1, 2]);
    expect(log.text()).toContain('2 inbound rule(s) already in');
  });

  it('reports an exceeded group quota with Tencent’s code and RequestId, and getQuota agrees', async () => {
    await restart({ groupQuota: 1 });
    const provider = providerFor(emulator.url);
    await provider.createGroupWithRules(command('req-1'));
    const err = await provider.createGroupWithRules(command('req-2')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudQuotaExceededError);
    expect(err).toMatchObject({
      code: 'quota_exceeded',
      cloudCode: 'LimitExceeded',
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(await provider.getQuota(GZ, '0')).toEqual({ groupLimit: 1, groupCount: 1, rulesPerGroupLimit: 100 });
    expect(await provider.getQuota(GZ, '1000101')).toEqual({ groupLimit: 1, groupCount: 0, rulesPerGroupLimit: 100 });
  });

  it('reports a plan with more rules than a group takes', async () => {
    await restart({ ruleQuota: 5 });
    const err = await providerFor(emulator.url)
      .createGroupWithRules(command('req-1'))
      .catch((e: unknown) => e);
    // CreateSecurityGroupWithPolicies documents LimitExceeded, not LimitExceeded.SecurityGroupPolicySet
    // (tencentcloud-sdk-go tencentcloud/vpc/v20170312/client.go).
    expect(err).toMatchObject({ code: 'quota_exceeded', cloudCode: 'LimitExceeded' });
    expect(emulator.state().groups).toEqual([]);
  });

  it.each([
    ['a wrong secret key', { secretKey: 'not-the-key' }, 'AuthFailure.SignatureFailure'],
    ['an unknown SecretId', { secretId: 'AKIDsomeoneelse' }, 'AuthFailure.SecretIdNotFound'],
  ])('maps %s to a rejection it does not retry', async (_, credentials, cloudCode) => {
    const err = await providerFor(emulator.url, credentials)
      .listRegions()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudRejectedError);
    expect(err).toMatchObject({
      code: 'cloud_rejected',
      cloudCode,
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(log.text()).not.toContain('retrying');
  });

  it('finds its groups again after the emulator restarts', async () => {
    const group = await providerFor(emulator.url).createGroupWithRules(command('req-1'));
    await restart();
    const provider = providerFor(emulator.url);
    expect((await provider.findGroupByRequestTag(GZ, 'req-1'))?.id).toBe(group.id);
    expect(await provider.describeRules(GZ, group.id)).toEqual(webBasic.rules);
  });

  it.each([
    ['HTTP 503', { httpStatus: 503 }],
    ['InternalError', { code: 'InternalError' }],
    ['a dropped connection', { reset: true as const }],
  ])('creates exactly one group when the create succeeds but answers %s', async (_, failure) => {
    emulator.setFaults({ scripted: [{ action: 'CreateSecurityGroupWithPolicies', afterCommit: true, ...failure }] });
    const group = await providerFor(emulator.url).createGroupWithRules(command('req-1'));
    const groups = emulator.state().groups;
    expect(groups.map((g) => g.SecurityGroupId)).toEqual([group.id]);
    expect(log.text()).toContain('request req-1 already created');
  });

  it('repeats a throttled create and still creates one group', async () => {
    emulator.setFaults({
      scripted: [{ action: 'CreateSecurityGroupWithPolicies', times: 2, code: 'RequestLimitExceeded' }],
    });
    await providerFor(emulator.url).createGroupWithRules(command('req-1'));
    expect(emulator.state().groups).toHaveLength(1);
  });

  it('gives up with cloud_unavailable when the cloud is slower than the timeout', async () => {
    emulator.setFaults({ latencyMs: 500 });
    const err = await providerFor(emulator.url, { fetchTimeoutMs: 50, retries: 1 })
      .listRegions()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudUnavailableError);
    expect(err).toMatchObject({ cloudCode: 'RequestTimeout' });
  });

  it('lists regions by English name and projects with the Default project', async () => {
    const provider = providerFor(emulator.url);
    const regions = await provider.listRegions();
    expect(regions).toHaveLength(18);
    expect(regions).toContainEqual({ id: 'ap-guangzhou', name: 'South China (Guangzhou)' });
    expect(await provider.listProjects()).toEqual([
      { id: '0', name: 'Default project' },
      { id: '1000101', name: 'Demo project' },
    ]);
  });

  it('goes straight to the endpoint even when http_proxy is set', async () => {
    vi.stubEnv('http_proxy', 'http://127.0.0.1:9');
    vi.stubEnv('HTTP_PROXY', 'http://127.0.0.1:9');
    expect(await providerFor(emulator.url, { retries: 0 }).listRegions()).toHaveLength(18);
  });

  it('skips, and logs, a policy secgroup cannot express', async () => {
    const created = await callWithSdk(
      emulator.url,
      'vpc',
      'CreateSecurityGroupWithPolicies',
      groupParams({
        SecurityGroupPolicySet: {
          Ingress: [
            { Protocol: 'TCP', Port: '22', AddressTemplate: { AddressId: 'ipm-2uw6ujo6' }, Action: 'ACCEPT' },
            { Protocol: 'TCP', Port: '443', CidrBlock: '0.0.0.0/0', Action: 'ACCEPT', PolicyDescription: 'https' },
          ],
        },
      }),
      { region: GZ },
    );
    const id = created.ok ? (created.response.SecurityGroup as { SecurityGroupId: string }).SecurityGroupId : '';
    const rules = await providerFor(emulator.url).describeRules(GZ, id);
    expect(rules.map((r) => r.description)).toEqual(['https']);
    expect(log.text()).toContain(`${id} inbound policy 0 skipped: uses address template ipm-2uw6ujo6`);
  });
});
