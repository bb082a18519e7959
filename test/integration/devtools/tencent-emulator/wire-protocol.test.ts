import { CommonClient } from 'tencentcloud-sdk-nodejs-common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../../src/devtools/tencent-emulator/emulator.js';
import { callWithSdk, codeOf as commonCodeOf } from '../../cloud/support/emulator-harness.js';
import {
  answer,
  CREDENTIALS,
  call,
  codeOf,
  createGroup,
  emulatorFor,
  GZ,
  rawCall,
  type Sdk,
  sdkFor,
  tcp,
} from './support.js';

let emulator: RunningEmulator;
let sdk: Sdk;

const restart = async (options = {}) => {
  await emulator.stop();
  emulator = await emulatorFor(options);
  sdk = sdkFor(emulator.url);
};

beforeEach(async () => {
  emulator = await emulatorFor();
  sdk = sdkFor(emulator.url);
});
afterEach(async () => {
  await emulator.stop();
});

describe('emulator: wire protocol, through Tencent’s Node SDK', () => {
  // Shapes: SecurityGroup, SecurityGroupPolicySet, SecurityGroupPolicy in tencentcloud-sdk-nodejs
  // 4.1.313 tencentcloud/services/vpc/v20170312/vpc_models.d.ts. Version is a String there.
  it('creates a group as Tencent Cloud answers it, and reads its policies back with PolicyIndex and Version', async () => {
    const created = answer(
      await call(sdk.vpc, 'CreateSecurityGroupWithPolicies', {
        GroupName: 'web',
        GroupDescription: 'web servers',
        ProjectId: '0',
        SecurityGroupPolicySet: {
          Ingress: [tcp('22', { PolicyDescription: 'SSH' })],
          Egress: [{ Protocol: 'ALL', Port: 'ALL', CidrBlock: '0.0.0.0/0', Action: 'ACCEPT' }],
        },
        Tags: [{ Key: 'secgroup-request', Value: 'req-1' }],
      }),
    );
    expect(created).toMatchObject({
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
    const read = answer(
      await call(sdk.vpc, 'DescribeSecurityGroupPolicies', {
        SecurityGroupId: created.SecurityGroup?.SecurityGroupId ?? '',
      }),
    );
    expect(read.SecurityGroupPolicySet).toEqual({
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
          ModifyTime: created.SecurityGroup?.CreatedTime,
          PolicyDescription: 'SSH',
        },
      ],
      Egress: [expect.objectContaining({ PolicyIndex: 0, Protocol: 'ALL', Port: 'ALL', CidrBlock: '0.0.0.0/0' })],
      PolicyStatistics: {
        IngressIPv4TotalCount: 1,
        IngressIPv6TotalCount: 0,
        EgressIPv4TotalCount: 1,
        EgressIPv6TotalCount: 0,
      },
    });
  });

  it('answers the quotas it was started with', async () => {
    await restart({ groupQuota: 7, ruleQuota: 9 });
    // The SDK sends a request typed `null` as the body "" (common/abstract_client.js doRequestWithSign3: `data: params || ""`).
    const limits = answer(await call(sdk.vpc, 'DescribeSecurityGroupLimits', null));
    expect(limits.SecurityGroupLimitSet).toMatchObject({ SecurityGroupLimit: 7, SecurityGroupPolicyLimit: 9 });
  });

  // region 2022-06-27 DescribeRegionsRequest.Product: "待查询产品的名称，例如cvm，具体取值请查询DescribeProducts接口"
  // (any product DescribeProducts lists, cvm being an example): tccli/services/region/v20220627/api.json.
  it('lists regions for any product, in the language asked for', async () => {
    for (const Product of ['cvm', 'vpc', 'cos']) {
      const zh = answer(await call(sdk.region, 'DescribeRegions', { Product }));
      expect(zh.RegionSet?.[0]).toMatchObject({
        Region: 'ap-guangzhou',
        RegionName: '华南地区(广州)',
        RegionState: 'AVAILABLE',
      });
      expect(zh.TotalCount).toBe(zh.RegionSet?.length);
    }
    const en = answer(
      await call(sdkFor(emulator.url, { language: 'en-US' }).region, 'DescribeRegions', { Product: 'cvm' }),
    );
    expect(en.RegionSet?.[0]).toMatchObject({ RegionName: 'South China (Guangzhou)' });
    expect(codeOf(await call(sdk.region, 'DescribeRegions', { Product: 'cvm', Scene: 7 }))).toBe('InvalidParameter');
  });

  // tag 2018-08-13 DescribeProjectsRequest: AllList, Limit, Offset required; ProjectId ("按项目ID筛选，大于0")
  // and ProjectName ("按项目名称筛选") narrow it: tccli/services/tag/v20180813/api.json.
  it('lists projects, Limit as number or string, narrowed by ProjectId or ProjectName', async () => {
    await restart({
      projects: [
        { id: 1001, name: 'Payments' },
        { id: 1002, name: 'Web' },
      ],
    });
    const names = async (params: Record<string, unknown>) => {
      const outcome = await call(sdk.tag, 'DescribeProjects', params as never);
      return outcome.ok
        ? { total: outcome.response.Total, names: outcome.response.Projects?.map((p) => p.ProjectName) }
        : codeOf(outcome);
    };
    expect(await names({ AllList: 1, Limit: 1000, Offset: 0 })).toEqual({ total: 2, names: ['Payments', 'Web'] });
    expect(await names({ AllList: '0', Limit: '500', Offset: '1' })).toEqual({ total: 2, names: ['Web'] });
    expect(await names({ AllList: 1, Limit: 1000, Offset: 0, ProjectId: 1002 })).toEqual({ total: 1, names: ['Web'] });
    expect(await names({ AllList: 1, Limit: 1000, Offset: 0, ProjectName: 'Payments' })).toEqual({
      total: 1,
      names: ['Payments'],
    });
    expect(await names({ AllList: 1, Limit: 1000, Offset: 0, ProjectId: 0 })).toBe('InvalidParameter');
  });

  it.each([
    ['an unknown action', 'vpc', 'DeleteEverything', {}, GZ, 'InvalidAction'],
    ['an unknown parameter', 'vpc', 'DescribeSecurityGroupLimits', { Force: true }, GZ, 'UnknownParameter'],
    ['no region', 'vpc', 'DescribeSecurityGroupLimits', {}, undefined, 'MissingParameter'],
    ['an unknown region', 'vpc', 'DescribeSecurityGroupLimits', {}, 'mars-north-1', 'UnsupportedRegion'],
    ['no product', 'region', 'DescribeRegions', {}, undefined, 'MissingParameter'],
  ] as const)('answers %s with its error code', async (_, service, action, params, region, code) => {
    expect(commonCodeOf(await callWithSdk(emulator.url, service, action, params, { region }))).toBe(code);
  });

  it('answers a version it does not have with NoSuchVersion', async () => {
    const outcome = await callWithSdk(
      emulator.url,
      'vpc',
      'DescribeSecurityGroups',
      {},
      { region: GZ, version: '2099-01-01' },
    );
    expect(commonCodeOf(outcome)).toBe('NoSuchVersion');
  });
});

describe('emulator: what other clients send', () => {
  // tccli passes --endpoint to the Python SDK's HttpProfile (tccli/services/vpc/vpc_client.py, e.g.
  // doDescribeSecurityGroups). The Python SDK uses an endpoint with a scheme as the URL as it is
  // (tencentcloud/common/http/request.py ApiRequest._handle_host), sends it as the Host header and
  // signs that Host, with the service of the client class, not of the endpoint
  // (tencentcloud/common/abstract_client.py _build_req_with_tc3_signature).
  it('answers tccli --endpoint http://127.0.0.1:<port>: Host is that URL, signed for service vpc', async () => {
    const { status, body } = await rawCall(emulator.url, {
      path: '/',
      host: emulator.url,
      service: 'vpc',
      action: 'DescribeSecurityGroups',
      region: GZ,
      params: { Limit: '20' },
    });
    expect(status).toBe(200);
    expect(body.Response).toMatchObject({ SecurityGroupSet: [], TotalCount: 0 });
  });

  // The Terraform provider sends its requests to <scheme>://<service>.<domain>/ (protocol and domain
  // settings: tencentcloud/connectivity/client.go NewClientProfile) through http.DefaultTransport
  // (tencentcloud/connectivity/transport.go), which honours HTTP_PROXY
  // (https://pkg.go.dev/net/http#ProxyFromEnvironment): a proxied request names an absolute URL.
  it('answers a request sent to it as an HTTP proxy (absolute URL, Host vpc.tencentcloudapi.com)', async () => {
    const id = await createGroup(sdk);
    const { body } = await rawCall(emulator.url, {
      path: 'http://vpc.tencentcloudapi.com/',
      host: 'vpc.tencentcloudapi.com',
      service: 'vpc',
      action: 'DescribeSecurityGroupPolicies',
      region: GZ,
      params: { SecurityGroupId: id },
    });
    expect(body.Response).toMatchObject({ SecurityGroupPolicySet: { Version: '1' } });
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
    expect(commonCodeOf(unknownId)).toBe('AuthFailure.SecretIdNotFound');

    await restart({ clock: { now: () => new Date(Date.now() + 301_000) } });
    expect(codeOf(await call(sdk.vpc, 'DescribeSecurityGroups', {}))).toBe('AuthFailure.SignatureExpire');
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
