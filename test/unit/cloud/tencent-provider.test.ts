import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloudQuotaExceededError } from '../../../src/cloud/tencent/call-failure.js';
import { createTencentProvider } from '../../../src/cloud/tencent/tencent-provider.js';
import { loadConfig } from '../../../src/config.js';
import {
  CloudRejectedError,
  CloudUnavailableError,
  NotFoundError,
  QuotaExceededError,
} from '../../../src/service/errors.js';
import type { CreateGroupCommand } from '../../../src/service/ports.js';
import type { Rule } from '../../../src/service/types.js';
import { captureLog } from './support/capture-log.js';
import { type Answer, answerTencent, type RecordedCall } from './support/nock-tencent.js';
import { tencentAnswer, tencentFixture } from './support/tencent-fixtures.js';

const SECRET_ID = 'AKIDunittest00000000000000000000';
const SECRET_KEY = 'unit-test-secret-key-never-logged';
const REQUEST_ID = 'req-7f3a9c';
const REGION = 'ap-guangzhou';

const cloud = loadConfig({ TENCENTCLOUD_SECRET_ID: SECRET_ID, TENCENTCLOUD_SECRET_KEY: SECRET_KEY }).cloud;

const rules: Rule[] = [
  {
    direction: 'inbound',
    protocol: 'TCP',
    port: '22',
    peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
    action: 'ACCEPT',
    description: 'Linux SSH login (IPv4)',
  },
  {
    direction: 'inbound',
    protocol: 'ICMPv6',
    port: 'ALL',
    peer: { kind: 'ipv6', cidr: '::/0' },
    action: 'ACCEPT',
    description: 'Ping (IPv6)',
  },
  {
    direction: 'outbound',
    protocol: 'ALL',
    port: 'ALL',
    peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
    action: 'ACCEPT',
    description: 'Open all ports (IPv4)',
  },
];

const command: CreateGroupCommand = {
  region: REGION,
  name: 'demo',
  description: 'demo',
  projectId: '0',
  rules,
  requestId: REQUEST_ID,
};

const noGroups = {
  json: tencentAnswer('vpc.DescribeSecurityGroups.response.json', { SecurityGroupSet: [], TotalCount: 0 }),
};
const created = { json: tencentFixture('vpc.CreateSecurityGroupWithPolicies.response.json') };
/** Tencent's DescribeSecurityGroups example, the group now carrying our request tag. */
const taggedGroup = (id = 'sg-ms7c7gcr') => {
  const [group] = tencentFixture('vpc.DescribeSecurityGroups.by-tag.response.json').Response
    .SecurityGroupSet as object[];
  return {
    json: tencentAnswer('vpc.DescribeSecurityGroups.by-tag.response.json', {
      SecurityGroupSet: [{ ...group, SecurityGroupId: id, TagSet: [{ Key: 'secgroup-request', Value: REQUEST_ID }] }],
    }),
  };
};
const error = (fixture: string) => ({ json: tencentFixture(fixture) });

let calls: RecordedCall[];
let log: ReturnType<typeof captureLog>;
const answer = (service: string, action: string, a: Answer) => answerTencent(calls, service, action, a);
const vpc = (action: string, a: Answer) => answer('vpc', action, a);
const provider = (fetchTimeoutMs?: number) =>
  createTencentProvider({ cloud, log, fetchTimeoutMs, retry: { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 2 } });
const actions = () => calls.map((c) => c.action);

beforeAll(() => {
  nock.disableNetConnect();
});
afterAll(() => {
  nock.enableNetConnect();
});
beforeEach(() => {
  calls = [];
  log = captureLog();
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe('createGroupWithRules', () => {
  it('creates the group with all its rules in one call, tagged with the request id', async () => {
    vpc('CreateSecurityGroupWithPolicies', created);

    const group = await provider().createGroupWithRules(command);

    expect(group).toEqual({
      id: 'sg-ms7c7gcr',
      name: 'demo',
      description: 'demo',
      projectId: '0',
      region: REGION,
      createdTime: '2018-01-13T11:26:33.000Z',
      tags: { 'secgroup-request': REQUEST_ID },
    });
    // No tag lookup before the create: the service does that itself when it retries or recovers.
    expect(actions()).toEqual(['CreateSecurityGroupWithPolicies']);
    const [create] = calls;
    expect(create?.body).toEqual({
      GroupName: 'demo',
      GroupDescription: 'demo',
      ProjectId: '0',
      SecurityGroupPolicySet: {
        Ingress: [
          {
            Protocol: 'TCP',
            Port: '22',
            CidrBlock: '0.0.0.0/0',
            Action: 'ACCEPT',
            PolicyDescription: 'Linux SSH login (IPv4)',
          },
          { Protocol: 'ICMPv6', Ipv6CidrBlock: '::/0', Action: 'ACCEPT', PolicyDescription: 'Ping (IPv6)' },
        ],
        Egress: [
          {
            Protocol: 'ALL',
            Port: 'ALL',
            CidrBlock: '0.0.0.0/0',
            Action: 'ACCEPT',
            PolicyDescription: 'Open all ports (IPv4)',
          },
        ],
      },
      Tags: [{ Key: 'secgroup-request', Value: REQUEST_ID }],
    });
    expect(create?.headers).toMatchObject({
      host: 'vpc.tencentcloudapi.com',
      'x-tc-action': 'CreateSecurityGroupWithPolicies',
      'x-tc-version': '2017-03-12',
      'x-tc-region': REGION,
      'content-type': 'application/json',
    });
    expect(create?.headers.authorization).toMatch(
      new RegExp(
        `^TC3-HMAC-SHA256 Credential=${SECRET_ID}/\\d{4}-\\d{2}-\\d{2}/vpc/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$`,
      ),
    );
  });

  it('accepts an answer without TagSet or RequestId (the intl example) and still reports the tag', async () => {
    vpc('CreateSecurityGroupWithPolicies', {
      json: tencentFixture('vpc.CreateSecurityGroupWithPolicies.response.intl-en.json'),
    });
    const group = await provider().createGroupWithRules(command);
    expect(group).toMatchObject({ id: 'sg-12345678', createdTime: '', tags: { 'secgroup-request': REQUEST_ID } });
  });

  it('after a timeout, returns the group the timed-out create made instead of creating another', async () => {
    vpc('CreateSecurityGroupWithPolicies', { ...created, delayMs: 2_000 });
    vpc('DescribeSecurityGroups', taggedGroup('sg-2got2lcz'));

    const group = await provider(50).createGroupWithRules(command);

    expect(group.id).toBe('sg-2got2lcz');
    expect(actions()).toEqual(['CreateSecurityGroupWithPolicies', 'DescribeSecurityGroups']);
    expect(calls[1]?.body).toEqual({
      Filters: [{ Name: 'tag:secgroup-request', Values: [REQUEST_ID] }],
      Offset: '0',
      Limit: '100',
    });
    expect(log.text()).toContain('request req-7f3a9c already created sg-2got2lcz; not creating it again');
  });

  it.each<[string, Answer]>([
    ['InternalError', error('error.InternalError.json')],
    ['HTTP 503', { status: 503 }],
    ['a reset connection', { networkError: 'ECONNRESET' }],
  ])('after an ambiguous %s, finds the group by its tag and does not create it twice', async (_, failure) => {
    vpc('CreateSecurityGroupWithPolicies', failure);
    vpc('DescribeSecurityGroups', taggedGroup());

    const group = await provider().createGroupWithRules(command);

    expect(group.id).toBe('sg-ms7c7gcr');
    // A dropped connection is not recorded: only the creates that got an answer are.
    expect(actions()).toEqual([
      ...('networkError' in failure ? [] : ['CreateSecurityGroupWithPolicies']),
      'DescribeSecurityGroups',
    ]);
    expect(calls.at(-1)?.body).toEqual({
      Filters: [{ Name: 'tag:secgroup-request', Values: [REQUEST_ID] }],
      Offset: '0',
      Limit: '100',
    });
    expect(log.text()).toMatch(/attempt 1 failed with (InternalError|HTTP 503|NetworkError)/);
  });

  it('after a timeout, finds the group by name when the tag index lags behind', async () => {
    vpc('CreateSecurityGroupWithPolicies', { ...created, delayMs: 2_000 });
    vpc('DescribeSecurityGroups', noGroups);
    vpc('DescribeSecurityGroups', taggedGroup());

    const group = await provider(50).createGroupWithRules(command);

    expect(group.id).toBe('sg-ms7c7gcr');
    expect(actions()).toEqual(['CreateSecurityGroupWithPolicies', 'DescribeSecurityGroups', 'DescribeSecurityGroups']);
    expect(calls.at(-1)?.body).toEqual({
      Filters: [
        { Name: 'security-group-name', Values: ['demo'] },
        { Name: 'project-id', Values: ['0'] },
      ],
      Offset: '0',
      Limit: '100',
    });
    expect(log.text()).toContain('failed with RequestTimeout');
  });

  it('creates again after an ambiguous failure that did not create anything', async () => {
    vpc('CreateSecurityGroupWithPolicies', error('error.InternalError.json'));
    vpc('DescribeSecurityGroups', noGroups);
    vpc('DescribeSecurityGroups', noGroups);
    vpc('CreateSecurityGroupWithPolicies', created);
    expect((await provider().createGroupWithRules(command)).id).toBe('sg-ms7c7gcr');
    expect(actions()).toEqual([
      'CreateSecurityGroupWithPolicies',
      'DescribeSecurityGroups',
      'DescribeSecurityGroups',
      'CreateSecurityGroupWithPolicies',
    ]);
  });

  it('repeats a throttled create', async () => {
    vpc('CreateSecurityGroupWithPolicies', error('error.RequestLimitExceeded.json'));
    vpc('CreateSecurityGroupWithPolicies', created);
    expect((await provider().createGroupWithRules(command)).id).toBe('sg-ms7c7gcr');
    // A throttled create did not run: nothing to look up before repeating it.
    expect(actions()).toEqual(['CreateSecurityGroupWithPolicies', 'CreateSecurityGroupWithPolicies']);
    expect(log.text()).toContain('failed with RequestLimitExceeded (RequestId bc0e30fe-037b-48ce-85a7-0376e0cff672)');
  });

  it.each([
    ['error.InvalidParameterValue.json', 'InvalidParameterValue', '5a8b1de4-04f5-48eb-9be6-93491ebee6e1'],
    ['error.AuthFailure.SignatureFailure.json', 'AuthFailure.SignatureFailure', 'ed93f3cb-f35e-473f-b9f3-0d451b8b79c6'],
    ['error.UnauthorizedOperation.json', 'UnauthorizedOperation', '6ecbe97c-fadb-4798-8afa-4e56b9e0f3da'],
  ])('does not repeat a rejection (%s) and keeps its code and RequestId', async (fixture, cloudCode, requestId) => {
    vpc('CreateSecurityGroupWithPolicies', error(fixture));

    const err = await provider()
      .createGroupWithRules(command)
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(CloudRejectedError);
    expect(err).toMatchObject({ code: 'cloud_rejected', cloudCode, requestId });
    expect(actions()).toEqual(['CreateSecurityGroupWithPolicies']);
  });

  it.each(['error.LimitExceeded.json', 'error.LimitExceeded.TooLargeFileError.tiia.json'])(
    'reports %s as an exceeded quota, with its code and RequestId',
    async (fixture) => {
      vpc('CreateSecurityGroupWithPolicies', error(fixture));
      const err = await provider()
        .createGroupWithRules(command)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(QuotaExceededError);
      expect(err).toBeInstanceOf(CloudQuotaExceededError);
      expect(err).toMatchObject({ code: 'quota_exceeded', cloudCode: expect.stringMatching(/^LimitExceeded/) });
      expect((err as CloudQuotaExceededError).requestId).toBe(tencentFixture(fixture).Response.RequestId);
      expect(actions()).toEqual(['CreateSecurityGroupWithPolicies']);
    },
  );

  it('gives up with cloud_unavailable when the throttling outlives the retries', async () => {
    for (let i = 0; i < 3; i++) {
      vpc('CreateSecurityGroupWithPolicies', error('error.RequestLimitExceeded.json'));
    }
    const err = await provider()
      .createGroupWithRules(command)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudUnavailableError);
    expect(err).toMatchObject({ cloudCode: 'RequestLimitExceeded', requestId: 'bc0e30fe-037b-48ce-85a7-0376e0cff672' });
    expect(log.text()).toContain('attempt 3 failed with RequestLimitExceeded');
    expect(log.text()).toContain('giving up');
    expect(actions()).toEqual(Array(3).fill('CreateSecurityGroupWithPolicies'));
  });
});

describe('reads', () => {
  it('lists a region’s groups a page at a time, Offset and Limit as strings', async () => {
    vpc('DescribeSecurityGroups', { json: tencentFixture('vpc.DescribeSecurityGroups.response.json') });
    const page = await provider().listGroups({ region: REGION, offset: 40, limit: 500 });
    expect(calls[0]?.body).toEqual({ Offset: '40', Limit: '100' });
    expect(page).toEqual({
      total: 1,
      groups: [
        {
          id: 'sg-05bb4upy',
          name: 'demo',
          description: 'demo',
          projectId: '0',
          region: REGION,
          createdTime: '2017-04-18T13:02:30.000Z',
          tags: {},
        },
      ],
    });
  });

  it('finds nothing by an unknown request tag', async () => {
    vpc('DescribeSecurityGroups', noGroups);
    expect(await provider().findGroupByRequestTag(REGION, 'no-such-request')).toBeUndefined();
    expect(calls[0]?.body).toMatchObject({ Filters: [{ Name: 'tag:secgroup-request', Values: ['no-such-request'] }] });
  });

  it('reads rules back in PolicyIndex order, skipping and logging what it cannot express', async () => {
    vpc('DescribeSecurityGroupPolicies', {
      json: tencentFixture('vpc.DescribeSecurityGroupPolicies.response.cidr.json'),
    });
    const read = await provider().describeRules(REGION, 'sg-ohuuioma');
    expect(calls[0]?.body).toEqual({ SecurityGroupId: 'sg-ohuuioma' });
    expect(read.map((r) => `${r.direction} ${r.protocol} ${r.port} ${r.action} ${r.description}`)).toEqual([
      'inbound TCP 80,443 ACCEPT Web',
      'inbound ICMPv6 ALL ACCEPT Ping (IPv6)',
      'inbound UDP 53 DROP DNS from the app tier',
      'outbound ALL ALL ACCEPT ',
    ]);
    expect(log.text()).toContain('sg-ohuuioma inbound policy 3 skipped: protocol "GRE" is not one secgroup manages');
  });

  it('skips template-based policies of Tencent’s own example', async () => {
    vpc('DescribeSecurityGroupPolicies', { json: tencentFixture('vpc.DescribeSecurityGroupPolicies.response.json') });
    expect(await provider().describeRules(REGION, 'sg-ohuuioma')).toEqual([]);
    expect(log.lines.filter((l) => l.includes('uses service template ppm-f5n1f8da'))).toHaveLength(3);
  });

  it('says which group is not found', async () => {
    vpc('DescribeSecurityGroupPolicies', error('error.ResourceNotFound.json'));
    const err = await provider()
      .describeRules(REGION, 'sg-zzzz9999')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ code: 'not_found', id: 'sg-zzzz9999' });
  });

  it('repeats a read after a 5xx, then succeeds', async () => {
    answer('region', 'DescribeRegions', { status: 503 });
    answer('region', 'DescribeRegions', { json: tencentFixture('region.DescribeRegions.response.json') });
    const regions = await provider().listRegions();
    expect(regions).toHaveLength(18);
    expect(regions[0]).toEqual({ id: 'ap-guangzhou', name: '华南地区(广州)' });
    const [, call] = calls;
    expect(call?.body).toEqual({ Product: 'cvm' });
    expect(call?.headers).toMatchObject({
      host: 'region.tencentcloudapi.com',
      'x-tc-version': '2022-06-27',
      'x-tc-language': 'en-US',
    });
    expect(call?.headers['x-tc-region']).toBeUndefined();
  });

  it('times out a call that does not answer, and gives up after the retries', async () => {
    for (let i = 0; i < 3; i++) {
      vpc('DescribeSecurityGroupPolicies', { ...error('error.InternalError.json'), delayMs: 2_000 });
    }
    const err = await provider(50)
      .describeRules(REGION, 'sg-ohuuioma')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudUnavailableError);
    expect(err).toMatchObject({ code: 'cloud_unavailable', cloudCode: 'RequestTimeout' });
  });

  it('lists projects with the Default project first, ProjectId numbers as strings', async () => {
    answer('tag', 'DescribeProjects', { json: tencentFixture('tag.DescribeProjects.response.json') });
    expect(await provider().listProjects()).toEqual([
      { id: '0', name: 'Default project' },
      { id: '1000101', name: 'test1' },
    ]);
    expect(calls[0]?.body).toEqual({ AllList: 1, Limit: 1000, Offset: 0 });
    expect(calls[0]?.headers).toMatchObject({ host: 'tag.tencentcloudapi.com', 'x-tc-version': '2018-08-13' });
  });

  it('pages through more than 1000 projects', async () => {
    const page = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        ProjectId: from + i,
        ProjectName: `p${from + i}`,
        CreatorUin: 1,
        ProjectInfo: '',
        CreateTime: '',
      }));
    answer('tag', 'DescribeProjects', {
      json: tencentAnswer('tag.DescribeProjects.response.json', { Total: 1500, Projects: page(1, 1000) }),
    });
    answer('tag', 'DescribeProjects', {
      json: tencentAnswer('tag.DescribeProjects.response.json', { Total: 1500, Projects: page(1001, 500) }),
    });
    const projects = await provider().listProjects();
    expect(projects).toHaveLength(1501);
    expect(projects.at(-1)).toEqual({ id: '1500', name: 'p1500' });
    expect(calls.map((c) => c.body.Offset)).toEqual([0, 1000]);
  });

  it('reads the quota from DescribeSecurityGroupLimits and counts the project’s groups', async () => {
    vpc('DescribeSecurityGroupLimits', { json: tencentFixture('vpc.DescribeSecurityGroupLimits.response.json') });
    vpc('DescribeSecurityGroups', { json: tencentFixture('vpc.DescribeSecurityGroups.response.json') });
    expect(await provider().getQuota(REGION, '0')).toEqual({ groupLimit: 50, groupCount: 1, rulesPerGroupLimit: 100 });
    expect(calls.find((c) => c.action === 'DescribeSecurityGroupLimits')?.body).toEqual({});
    expect(calls.find((c) => c.action === 'DescribeSecurityGroups')?.body).toEqual({
      Offset: '0',
      Limit: '1',
      Filters: [{ Name: 'project-id', Values: ['0'] }],
    });
  });

  it('refuses an answer in a shape it does not know', async () => {
    vpc('DescribeSecurityGroupLimits', { json: { Response: { RequestId: 'r-1' } } });
    vpc('DescribeSecurityGroups', { json: tencentFixture('vpc.DescribeSecurityGroups.response.json') });
    const err = await provider()
      .getQuota(REGION)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ cloudCode: 'UnexpectedResponse', requestId: 'r-1' });
  });
});

describe('addRules', () => {
  const emptyPolicies = {
    json: tencentAnswer('vpc.DescribeSecurityGroupPolicies.response.json', {
      SecurityGroupPolicySet: { Ingress: [], Egress: [], Version: '1' },
    }),
  };

  it('adds each direction in its own call', async () => {
    vpc('DescribeSecurityGroupPolicies', emptyPolicies);
    vpc('CreateSecurityGroupPolicies', { json: tencentFixture('vpc.CreateSecurityGroupPolicies.response.json') });
    vpc('DescribeSecurityGroupPolicies', emptyPolicies);
    vpc('CreateSecurityGroupPolicies', {
      json: tencentFixture('vpc.CreateSecurityGroupPolicies.response.intl-en.json'),
    });

    await provider().addRules(REGION, 'sg-ohuuioma', rules);

    const adds = calls.filter((c) => c.action === 'CreateSecurityGroupPolicies').map((c) => c.body);
    expect(adds).toEqual([
      {
        SecurityGroupId: 'sg-ohuuioma',
        SecurityGroupPolicySet: {
          Ingress: [
            {
              Protocol: 'TCP',
              Port: '22',
              CidrBlock: '0.0.0.0/0',
              Action: 'ACCEPT',
              PolicyDescription: 'Linux SSH login (IPv4)',
            },
            { Protocol: 'ICMPv6', Ipv6CidrBlock: '::/0', Action: 'ACCEPT', PolicyDescription: 'Ping (IPv6)' },
          ],
        },
      },
      {
        SecurityGroupId: 'sg-ohuuioma',
        SecurityGroupPolicySet: {
          Egress: [
            {
              Protocol: 'ALL',
              Port: 'ALL',
              CidrBlock: '0.0.0.0/0',
              Action: 'ACCEPT',
              PolicyDescription: 'Open all ports (IPv4)',
            },
          ],
        },
      },
    ]);
  });

  it('after a timeout, adds only what did not arrive', async () => {
    const inbound = rules.filter((r) => r.direction === 'inbound');
    vpc('DescribeSecurityGroupPolicies', emptyPolicies);
    vpc('CreateSecurityGroupPolicies', {
      json: tencentFixture('vpc.CreateSecurityGroupPolicies.response.json'),
      delayMs: 2_000,
    });
    vpc('DescribeSecurityGroupPolicies', {
      json: tencentAnswer('vpc.DescribeSecurityGroupPolicies.response.json', {
        SecurityGroupPolicySet: {
          Version: '2',
          Egress: [],
          Ingress: [
            {
              PolicyIndex: 0,
              Protocol: 'tcp',
              Port: '22',
              CidrBlock: '0.0.0.0/0',
              Action: 'ACCEPT',
              PolicyDescription: 'Linux SSH login (IPv4)',
            },
            {
              PolicyIndex: 1,
              Protocol: 'ICMPV6',
              Port: 'ALL',
              Ipv6CidrBlock: '::/0',
              Action: 'ACCEPT',
              PolicyDescription: 'Ping (IPv6)',
            },
          ],
        },
      }),
    });

    await provider(50).addRules(REGION, 'sg-ohuuioma', inbound);

    // The first add reached Tencent Cloud but its answer never came back; it is not sent again.
    expect(actions()).toEqual([
      'DescribeSecurityGroupPolicies',
      'CreateSecurityGroupPolicies',
      'DescribeSecurityGroupPolicies',
    ]);
    expect(log.text()).toContain('2 inbound rule(s) already in sg-ohuuioma');
  });

  it('on a group that does not exist, says so without retrying', async () => {
    vpc('DescribeSecurityGroupPolicies', error('error.ResourceNotFound.json'));
    await expect(provider().addRules(REGION, 'sg-zzzz9999', rules)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('secrets', () => {
  it('never logs the secret key, the signature or the Authorization header, even when calls fail', async () => {
    vpc('CreateSecurityGroupWithPolicies', error('error.InternalError.json'));
    vpc('DescribeSecurityGroups', noGroups);
    vpc('DescribeSecurityGroups', noGroups);
    vpc('CreateSecurityGroupWithPolicies', error('error.AuthFailure.SignatureFailure.json'));

    const err = await provider()
      .createGroupWithRules(command)
      .catch((e: unknown) => e);

    const signatures = calls.map((c) => /Signature=([0-9a-f]{64})/.exec(c.headers.authorization ?? '')?.[1]);
    expect(signatures.every((s) => s !== undefined)).toBe(true);
    const logged = `${log.text()}\n${String(err)}\n${JSON.stringify(err)}`;
    expect(log.lines.length).toBeGreaterThan(0);
    for (const secret of [SECRET_KEY, 'TC3-HMAC-SHA256', 'Authorization', 'authorization', ...signatures]) {
      expect(logged).not.toContain(secret);
    }
  });
});
