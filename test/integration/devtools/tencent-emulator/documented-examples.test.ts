/**
 * Tencent's own API examples against the emulator: its example requests are taken, and its answers
 * have the example answers' fields. The examples are in test/fixtures/tencent (sources in its README).
 */
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../../src/devtools/tencent-emulator/emulator.js';
import { answer, call, createGroup, emulatorFor, portsOf, type Sdk, sdkFor, tcp } from './support.js';

let emulator: RunningEmulator;
let sdk: Sdk;

const fixture = async (name: string) =>
  JSON.parse(await readFile(new URL(`../../../fixtures/tencent/${name}`, import.meta.url), 'utf8'));
const example = async (name: string) => (await fixture(name)).Response as Record<string, unknown>;

/** Every field path in a value ("SecurityGroup.TagSet[].Key"), array elements merged. */
function fieldsOf(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((v) => fieldsOf(v, `${path}[]`)))].sort();
  if (typeof value !== 'object' || value === null) return path === '' ? [] : [path];
  return Object.entries(value)
    .flatMap(([k, v]) => [`${path}${path ? '.' : ''}${k}`, ...fieldsOf(v, `${path}${path ? '.' : ''}${k}`)])
    .filter((p, i, all) => all.indexOf(p) === i)
    .sort();
}

beforeEach(async () => {
  emulator = await emulatorFor();
  sdk = sdkFor(emulator.url);
});
afterEach(async () => {
  await emulator.stop();
});

describe('emulator: Tencent’s documented examples', () => {
  it('takes the CreateSecurityGroup example and answers with the example’s fields', async () => {
    const created = answer(
      await call(sdk.vpc, 'CreateSecurityGroup', await fixture('vpc.CreateSecurityGroup.request.json')),
    );
    // The example answers TagSet [] ("应答里的标签列表代表添加成功的标签": the tags that were added); the emulator adds them all.
    const fields = fieldsOf(created).filter((f) => !f.startsWith('SecurityGroup.TagSet[]'));
    expect(fields).toEqual(fieldsOf(await example('vpc.CreateSecurityGroup.response.json')));
    expect(created.SecurityGroup?.TagSet).toEqual([{ Key: 'city', Value: 'shanghai' }]);
  });

  it('answers a group without policies at Version "0", as the DescribeSecurityGroupExpandedPolicies example does', async () => {
    const created = answer(await call(sdk.vpc, 'CreateSecurityGroup', { GroupName: 'blank', GroupDescription: '' }));
    const read = answer(
      await call(sdk.vpc, 'DescribeSecurityGroupPolicies', {
        SecurityGroupId: created.SecurityGroup?.SecurityGroupId ?? '',
      }),
    );
    const { RequestId: _, ...documented } = await example('vpc.DescribeSecurityGroupExpandedPolicies.response.json');
    const { RequestId: __, ...answered } = read;
    expect(answered).toEqual(documented);
  });

  it('answers CloneSecurityGroup with the example’s fields', async () => {
    const id = await createGroup(sdk, { Tags: [{ Key: 'city', Value: 'shanghai' }] });
    const cloned = answer(await call(sdk.vpc, 'CloneSecurityGroup', { SecurityGroupId: id, IsCloneTags: true }));
    expect(fieldsOf(cloned)).toEqual(fieldsOf(await example('vpc.CloneSecurityGroup.response.json')));
  });

  it('answers DescribeSecurityGroupAssociationStatistics and DescribeSecurityGroupReferences with the examples’ fields', async () => {
    const used = await createGroup(sdk);
    await createGroup(sdk, {
      SecurityGroupPolicySet: { Ingress: [tcp('22', { CidrBlock: undefined, SecurityGroupId: used })] },
    });
    await emulator.associate(used, 'CVM', 1);
    const stats = answer(
      await call(sdk.vpc, 'DescribeSecurityGroupAssociationStatistics', { SecurityGroupIds: [used] }),
    );
    expect(fieldsOf(stats)).toEqual(
      fieldsOf(await example('vpc.DescribeSecurityGroupAssociationStatistics.response.json')),
    );
    const refs = answer(await call(sdk.vpc, 'DescribeSecurityGroupReferences', { SecurityGroupIds: [used] }));
    expect(fieldsOf(refs)).toEqual(fieldsOf(await example('vpc.DescribeSecurityGroupReferences.response.json')));
  });

  it('answers DescribeSecurityGroups and DescribeSecurityGroupPolicies with at least the examples’ fields', async () => {
    const id = await createGroup(sdk, {
      SecurityGroupPolicySet: { Ingress: [tcp('22'), tcp('80')], Egress: [tcp('53', { Protocol: 'UDP' })] },
    });
    const groups = answer(await call(sdk.vpc, 'DescribeSecurityGroups', {}));
    expect(fieldsOf(groups)).toEqual(
      expect.arrayContaining(fieldsOf(await example('vpc.DescribeSecurityGroups.response.json'))),
    );
    const policies = answer(await call(sdk.vpc, 'DescribeSecurityGroupPolicies', { SecurityGroupId: id }));
    expect(fieldsOf(policies)).toEqual(
      expect.arrayContaining(fieldsOf(await example('vpc.DescribeSecurityGroupPolicies.response.json'))),
    );
  });

  it('takes both DeleteSecurityGroupPolicies examples: by PolicyIndex ("1", "0") and by content', async () => {
    const id = await createGroup(sdk, {
      SecurityGroupPolicySet: {
        Ingress: [tcp('22'), tcp('80'), tcp('443'), { Protocol: 'ICMP', CidrBlock: '1.1.1.1/32', Action: 'ACCEPT' }],
      },
    });
    for (const name of [
      'vpc.DeleteSecurityGroupPolicies.by-content.request.json',
      'vpc.DeleteSecurityGroupPolicies.by-index.request.json',
    ]) {
      const request = await fixture(name);
      // The example's group and Version are its own; the rest is sent as documented.
      const { Version: _, ...set } = request.SecurityGroupPolicySet;
      const deleted = answer(
        await call(sdk.vpc, 'DeleteSecurityGroupPolicies', {
          ...request,
          SecurityGroupId: id,
          SecurityGroupPolicySet: set,
        }),
      );
      expect(fieldsOf(deleted)).toEqual(fieldsOf(await example('vpc.DeleteSecurityGroupPolicies.response.json')));
    }
    expect(await portsOf(sdk, id)).toEqual(['443']);
  });

  it('takes the ReplaceSecurityGroupPolicies example (PolicyIndex "3" and "4")', async () => {
    const id = await createGroup(sdk, {
      SecurityGroupPolicySet: { Ingress: ['1', '2', '3', '4', '5'].map((p) => tcp(p)) },
    });
    const request = await fixture('vpc.ReplaceSecurityGroupPolicies.request.json');
    const { Version: _, ...set } = request.SecurityGroupPolicySet;
    answer(
      await call(sdk.vpc, 'ReplaceSecurityGroupPolicies', {
        ...request,
        SecurityGroupId: id,
        SecurityGroupPolicySet: set,
      }),
    );
    const ingress = emulator.state().groups.find((g) => g.SecurityGroupId === id)?.Ingress;
    expect(ingress?.slice(3).map((p) => [p.CidrBlock, p.Action, p.PolicyDescription])).toEqual([
      ['20.0.0.0/16', 'ACCEPT', 'TestPolicy'],
      ['30.0.0.0/16', 'DROP', 'TestPolicy2'],
    ]);
  });
});
