/** A security group's tags through the tag (2018-08-13) service, through Tencent's Node SDK. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../../src/devtools/tencent-emulator/emulator.js';
import { answer, call, codeOf, createGroup, emulatorFor, GZ, type Sdk, sdkFor } from './support.js';

let emulator: RunningEmulator;
let sdk: Sdk;

beforeEach(async () => {
  emulator = await emulatorFor();
  sdk = sdkFor(emulator.url);
});
afterEach(async () => {
  await emulator.stop();
});

// The Terraform provider reads a group's tags with tag DescribeResourceTagsByResourceIds (ServiceType cvm,
// ResourcePrefix sg) and writes them with ModifyResourceTags on qcs::cvm:<region>:uin/:sg/<id>
// (tencentcloud/services/tag/service_tencentcloud_tag.go, tencentcloud/common/common.go BuildTagResourceName);
// ReplaceTags/DeleteTags: "二者必须存在其一，且二者不能包含相同的标签键 … 不能是空数组" (tccli tag/v20180813/api.json).
describe('emulator: a group’s tags through the tag service', () => {
  const tagsOf = async (id: string) =>
    answer(
      await call(sdk.tag, 'DescribeResourceTagsByResourceIds', {
        ServiceType: 'cvm',
        ResourcePrefix: 'sg',
        ResourceRegion: GZ,
        ResourceIds: [id],
      }),
    ).Tags?.map((t) => [t.TagKey, t.TagValue]);
  const modify = (Resource: string, change: object) => call(sdk.tag, 'ModifyResourceTags', { Resource, ...change });

  it('lists, replaces and deletes a group’s tags', async () => {
    const id = await createGroup(sdk, {
      Tags: [
        { Key: 'team', Value: 'web' },
        { Key: 'env', Value: 'prod' },
      ],
    });
    expect(await tagsOf(id)).toEqual([
      ['team', 'web'],
      ['env', 'prod'],
    ]);
    const resource = `qcs::cvm:${GZ}:uin/:sg/${id}`;
    const changed = await modify(resource, {
      ReplaceTags: [{ TagKey: 'env', TagValue: 'test' }],
      DeleteTags: [{ TagKey: 'team' }],
    });
    expect(codeOf(changed)).toBe('ok');
    expect(await tagsOf(id)).toEqual([['env', 'test']]);
    expect(emulator.state().groups[0]?.TagSet).toEqual([{ Key: 'env', Value: 'test' }]);
  });

  it.each([
    ['an empty ReplaceTags', { ReplaceTags: [] }, 'InvalidParameter.Tag'],
    [
      'the same key to replace and delete',
      { ReplaceTags: [{ TagKey: 'a', TagValue: '1' }], DeleteTags: [{ TagKey: 'a' }] },
      'InvalidParameterValue.DeleteTagsParamError',
    ],
    ['neither', {}, 'MissingParameter'],
  ])('refuses %s', async (_, change, code) => {
    const id = await createGroup(sdk);
    expect(codeOf(await modify(`qcs::cvm:${GZ}:uin/:sg/${id}`, change))).toBe(code);
  });

  it('refuses resources other than security groups', async () => {
    expect(codeOf(await modify('qcs::cvm:ap-guangzhou:uin/:instance/ins-123', { DeleteTags: [{ TagKey: 'a' }] }))).toBe(
      'InvalidParameterValue.ResourceDescriptionError',
    );
    const instances = await call(sdk.tag, 'DescribeResourceTagsByResourceIds', {
      ServiceType: 'cvm',
      ResourcePrefix: 'instance',
      ResourceRegion: GZ,
      ResourceIds: ['ins-123'],
    });
    expect(codeOf(instances)).toBe('InvalidParameterValue.ResourcePrefixInvalid');
  });
});
