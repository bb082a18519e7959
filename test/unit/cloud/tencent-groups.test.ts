/**
 * The provider's day-2 group calls against Tencent's documented VPC API (2017-03-12):
 * DescribeSecurityGroups by id, DescribeSecurityGroupAssociationStatistics with
 * DescribeSecurityGroupReferences, DeleteSecurityGroup and CloneSecurityGroup. Sources:
 * TencentCloud/tencentcloud-cli tccli/services/vpc/v20170312/api.json and examples.json (zh), the
 * same files in TencentCloud/tencentcloud-cli-intl-en, TencentCloud/tencentcloud-sdk-nodejs
 * src/services/vpc/v20170312/vpc_models.ts (CloneSecurityGroupRequest), and
 * TencentCloud/tencentcloud-sdk-go tencentcloud/vpc/v20170312/client.go (error codes per action).
 */
import { describe, expect, it } from 'vitest';
import { CloudRejectedError, NotFoundError } from '../../../src/service/errors.js';
import type { CloneGroupCommand } from '../../../src/service/ports.js';
import type { Answer } from './support/nock-tencent.js';
import { failureOf, REGION, tencentHarness } from './support/provider-harness.js';
import { tencentAnswer, tencentFixture } from './support/tencent-fixtures.js';

const h = tencentHarness();
const REQUEST_ID = 'req-c10ne0k1';
const fixture = (name: string): Answer => ({ json: tencentFixture(name) });
const noGroups: Answer = {
  json: tencentAnswer('vpc.DescribeSecurityGroups.response.json', { SecurityGroupSet: [], TotalCount: 0 }),
};

describe('describeGroup', () => {
  it('asks for the one id (SecurityGroupIds, never with Filters) and returns the group', async () => {
    h.vpc('DescribeSecurityGroups', fixture('vpc.DescribeSecurityGroups.response.json'));
    const group = await h.provider().describeGroup(REGION, 'sg-05bb4upy');
    expect(h.body('DescribeSecurityGroups')).toEqual({ SecurityGroupIds: ['sg-05bb4upy'] });
    expect(group).toMatchObject({
      id: 'sg-05bb4upy',
      name: 'demo',
      region: REGION,
      createdTime: '2017-04-18T13:02:30.000Z',
    });
  });

  it.each<[string, Answer]>([
    ['an empty set', noGroups],
    ['ResourceNotFound', fixture('error.ResourceNotFound.json')],
  ])('is undefined when the region has no such group (%s)', async (_, answer) => {
    h.vpc('DescribeSecurityGroups', answer);
    expect(await h.provider().describeGroup(REGION, 'sg-zzzz9999')).toBeUndefined();
  });
});

describe('groupUsage', () => {
  const referencedBy = (groupId: string, ids: string[]): Answer => ({
    json: tencentAnswer('vpc.DescribeSecurityGroupReferences.response.json', {
      ReferredSecurityGroupSet: [{ SecurityGroupId: groupId, ReferredSecurityGroupIds: ids }],
    }),
  });

  it('counts bound instances from InstanceStatistics and names the groups whose rules reference it', async () => {
    h.vpc(
      'DescribeSecurityGroupAssociationStatistics',
      fixture('vpc.DescribeSecurityGroupAssociationStatistics.response.json'),
    );
    h.vpc('DescribeSecurityGroupReferences', referencedBy('sg-ohuuioma', ['sg-23456789', 'sg-13572468']));
    const usage = await h.provider().groupUsage(REGION, 'sg-ohuuioma');
    expect(h.body('DescribeSecurityGroupAssociationStatistics')).toEqual({ SecurityGroupIds: ['sg-ohuuioma'] });
    expect(h.body('DescribeSecurityGroupReferences')).toEqual({ SecurityGroupIds: ['sg-ohuuioma'] });
    expect(usage).toEqual({
      resources: [{ kind: 'CVM', count: 1 }],
      referencingGroups: ['sg-23456789', 'sg-13572468'],
    });
  });

  it('falls back to the CVM, CDB, ENI and CLB counts when InstanceStatistics is absent (intl example)', async () => {
    h.vpc(
      'DescribeSecurityGroupAssociationStatistics',
      fixture('vpc.DescribeSecurityGroupAssociationStatistics.response.intl-en.json'),
    );
    h.vpc('DescribeSecurityGroupReferences', {
      json: tencentAnswer('vpc.DescribeSecurityGroupReferences.response.json', { ReferredSecurityGroupSet: [] }),
    });
    expect(await h.provider().groupUsage(REGION, 'sg-05bb4upy')).toEqual({
      resources: [
        { kind: 'CVM', count: 1 },
        { kind: 'ENI', count: 1 },
        { kind: 'CLB', count: 1 },
      ],
      referencingGroups: [],
    });
  });

  it('says which group is not found', async () => {
    h.vpc('DescribeSecurityGroupAssociationStatistics', fixture('error.ResourceNotFound.json'));
    h.vpc('DescribeSecurityGroupReferences', fixture('error.ResourceNotFound.json'));
    const err = await failureOf(h.provider().groupUsage(REGION, 'sg-zzzz9999'));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ id: 'sg-zzzz9999' });
  });
});

describe('deleteGroup', () => {
  it('deletes by SecurityGroupId', async () => {
    h.vpc('DeleteSecurityGroup', fixture('vpc.DeleteSecurityGroup.response.json'));
    await h.provider().deleteGroup(REGION, 'sg-kxxx1gb1');
    expect(h.body('DeleteSecurityGroup')).toEqual({ SecurityGroupId: 'sg-kxxx1gb1' });
  });

  it('accepts the intl example’s answer without a RequestId', async () => {
    h.vpc('DeleteSecurityGroup', fixture('vpc.DeleteSecurityGroup.response.intl-en.json'));
    await expect(h.provider().deleteGroup(REGION, 'sg-kxxx1gb1')).resolves.toBeUndefined();
  });

  it('refuses a group in use (ResourceInUse) with the code, once', async () => {
    h.vpc('DeleteSecurityGroup', fixture('error.ResourceInUse.json'));
    const err = await failureOf(h.provider().deleteGroup(REGION, 'sg-kxxx1gb1'));
    expect(err).toBeInstanceOf(CloudRejectedError);
    expect(err).toMatchObject({ cloudCode: 'ResourceInUse', requestId: '1b7e9c40-3a2d-4f8e-b5c6-9d0a2e4f6b18' });
    expect(h.actions()).toEqual(['DeleteSecurityGroup']);
  });

  it.each(['error.ResourceNotFound.json', 'error.InvalidSecurityGroupID.NotFound.json'])(
    'says the group is not found (%s)',
    async (name) => {
      h.vpc('DeleteSecurityGroup', fixture(name));
      await expect(h.provider().deleteGroup(REGION, 'sg-zzzz9999')).rejects.toBeInstanceOf(NotFoundError);
    },
  );

  it('repeats a delete whose answer was lost, and takes "not found" then as done', async () => {
    h.vpc('DeleteSecurityGroup', fixture('error.InternalError.json'));
    h.vpc('DeleteSecurityGroup', fixture('error.InvalidSecurityGroupID.NotFound.json'));
    await h.provider().deleteGroup(REGION, 'sg-kxxx1gb1');
    expect(h.actions()).toEqual(['DeleteSecurityGroup', 'DeleteSecurityGroup']);
    expect(h.log.text()).toContain('sg-kxxx1gb1 is gone; an earlier attempt deleted it');
  });
});

describe('cloneGroup', () => {
  const command: CloneGroupCommand = {
    sourceRegion: REGION,
    sourceGroupId: 'sg-78ysaex1',
    targetRegion: REGION,
    name: 'demo',
    description: 'demo',
    projectId: '0',
    requestId: REQUEST_ID,
  };
  const cloned = fixture('vpc.CloneSecurityGroup.response.json');
  const taggedClone: Answer = {
    json: tencentAnswer('vpc.DescribeSecurityGroups.by-tag.response.json', {
      SecurityGroupSet: [
        {
          ...(
            tencentFixture('vpc.DescribeSecurityGroups.by-tag.response.json').Response.SecurityGroupSet as object[]
          )[0],
          SecurityGroupId: 'sg-f42uhpkj',
          TagSet: [{ Key: 'secgroup-request', Value: REQUEST_ID }],
        },
      ],
    }),
  };

  it('clones in one call that names the copy and tags it with the request id, without the source’s tags', async () => {
    h.vpc('CloneSecurityGroup', cloned);
    const group = await h.provider().cloneGroup(command);
    expect(h.body('CloneSecurityGroup')).toEqual({
      SecurityGroupId: 'sg-78ysaex1',
      GroupName: 'demo',
      GroupDescription: 'demo',
      ProjectId: '0',
      Tags: [{ Key: 'secgroup-request', Value: REQUEST_ID }],
    });
    expect(h.calls[0]?.headers).toMatchObject({ 'x-tc-region': REGION });
    expect(group).toEqual({
      id: 'sg-f42uhpkj',
      name: 'demo',
      description: 'demo',
      projectId: '0',
      region: REGION,
      createdTime: '2018-01-13T11:26:33.000Z',
      tags: { 'secgroup-request': REQUEST_ID, city: 'shanghai' },
    });
  });

  it('clones across regions: sent to the target region, RemoteRegion naming the source’s', async () => {
    h.vpc('CloneSecurityGroup', fixture('vpc.CloneSecurityGroup.response.intl-en.json'));
    const group = await h.provider().cloneGroup({ ...command, targetRegion: 'ap-shanghai' });
    expect(h.calls[0]?.headers).toMatchObject({ 'x-tc-region': 'ap-shanghai' });
    expect(h.body('CloneSecurityGroup')).toMatchObject({ SecurityGroupId: 'sg-78ysaex1', RemoteRegion: REGION });
    // The intl answer has no TagSet; the tag was sent with the clone.
    expect(group).toMatchObject({ id: 'sg-12341256', region: 'ap-shanghai', tags: { 'secgroup-request': REQUEST_ID } });
  });

  it('reports that a group whose rules name groups cannot be cloned to another region', async () => {
    h.vpc('CloneSecurityGroup', fixture('error.UnsupportedOperation.RemoteRegionSgHasReferencedSg.json'));
    const err = await failureOf(h.provider().cloneGroup({ ...command, targetRegion: 'ap-shanghai' }));
    expect(err).toBeInstanceOf(CloudRejectedError);
    expect(err).toMatchObject({ cloudCode: 'UnsupportedOperation.RemoteRegionSgHasReferencedSg' });
    expect(h.actions()).toEqual(['CloneSecurityGroup']);
  });

  it('says which source group is not found', async () => {
    h.vpc('CloneSecurityGroup', fixture('error.ResourceNotFound.json'));
    const err = await failureOf(h.provider().cloneGroup(command));
    expect(err).toMatchObject({ code: 'not_found', id: 'sg-78ysaex1' });
  });

  it('after a timeout, returns the copy the timed-out clone made (found by its tag) instead of cloning again', async () => {
    h.vpc('CloneSecurityGroup', { ...cloned, delayMs: 2_000 });
    h.vpc('DescribeSecurityGroups', taggedClone);
    const group = await h.provider(50).cloneGroup({ ...command, targetRegion: 'ap-shanghai' });
    expect(group.id).toBe('sg-f42uhpkj');
    expect(h.actions()).toEqual(['CloneSecurityGroup', 'DescribeSecurityGroups']);
    expect(h.calls[1]?.headers).toMatchObject({ 'x-tc-region': 'ap-shanghai' });
    expect(h.calls[1]?.body).toEqual({
      Filters: [{ Name: 'tag:secgroup-request', Values: [REQUEST_ID] }],
      Offset: '0',
      Limit: '100',
    });
  });

  it('clones again after a lost answer when neither the tag nor the name finds a copy', async () => {
    h.vpc('CloneSecurityGroup', fixture('error.InternalError.json'));
    h.vpc('DescribeSecurityGroups', noGroups);
    h.vpc('DescribeSecurityGroups', noGroups);
    h.vpc('CloneSecurityGroup', cloned);
    expect((await h.provider().cloneGroup(command)).id).toBe('sg-f42uhpkj');
    expect(h.calls.at(2)?.body).toEqual({
      Filters: [
        { Name: 'security-group-name', Values: ['demo'] },
        { Name: 'project-id', Values: ['0'] },
      ],
      Offset: '0',
      Limit: '100',
    });
  });

  it('looks the copy up when the answer leaves SecurityGroup out (the intl reference says it may be null)', async () => {
    h.vpc('CloneSecurityGroup', {
      json: tencentAnswer('vpc.CloneSecurityGroup.response.json', { SecurityGroup: null }),
    });
    h.vpc('DescribeSecurityGroups', taggedClone);
    expect((await h.provider().cloneGroup(command)).id).toBe('sg-f42uhpkj');
  });
});
