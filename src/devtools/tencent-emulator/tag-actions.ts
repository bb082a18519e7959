/**
 * tag (2018-08-13) actions on the tags of security groups, the resources `qcs::cvm:<region>:uin/<uin>:sg/<id>`:
 * the Terraform provider reads a group's tags with DescribeResourceTagsByResourceIds and changes
 * them with ModifyResourceTags (tencentcloud/services/tag/service_tencentcloud_tag.go). Other
 * resources are refused with the codes these actions document.
 */
import { createHash } from 'node:crypto';
import { type Action, changing, reading } from './action-context.js';
import { TencentApiError } from './api-error.js';
import type { StoredGroup } from './emulator-state.js';
import { isObject, missing, onlyParams, optionalArray, optionalInteger, requiredString, stringList } from './params.js';

const IDS_MAX = 50;
const TAGS_PER_CHANGE_MAX = 10;
const TAG_KEY_MAX = 127;
const TAG_VALUE_MAX = 255;
const GROUP_RESOURCE = /^qcs::cvm:([a-z0-9-]+):uin\/\d*:sg\/(sg-[a-z0-9]{8})$/;

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const invalid = (code: string, message: string) => new TencentApiError(code, message);

const describeResourceTagsByResourceIds = reading((ctx) => {
  onlyParams(ctx.params, [
    'ServiceType',
    'ResourcePrefix',
    'ResourceIds',
    'ResourceRegion',
    'Offset',
    'Limit',
    'Category',
  ]);
  if (requiredString(ctx.params, 'ServiceType') !== 'cvm') {
    throw invalid('InvalidParameterValue.ServiceTypeInvalid', 'The emulator keeps tags of cvm resources only.');
  }
  if (requiredString(ctx.params, 'ResourcePrefix') !== 'sg') {
    throw invalid(
      'InvalidParameterValue.ResourcePrefixInvalid',
      'The emulator keeps tags of security groups (sg) only.',
    );
  }
  const region = requiredString(ctx.params, 'ResourceRegion');
  if (!ctx.regions.some((r) => r.id === region)) {
    throw invalid('InvalidParameterValue.RegionInvalid', `\`ResourceRegion\` ${region} is not a region.`);
  }
  const ids = stringList(ctx.params, 'ResourceIds') ?? [];
  if (ids.length === 0) throw missing('ResourceIds');
  if (ids.length > IDS_MAX) {
    throw invalid('InvalidParameterValue.ResourceIdInvalid', `At most ${IDS_MAX} ResourceIds per request.`);
  }
  const offset = optionalInteger(ctx.params, 'Offset') ?? 0;
  const limit = optionalInteger(ctx.params, 'Limit') ?? 15;
  if (limit < 1 || offset < 0 || offset % limit !== 0) {
    throw new TencentApiError('InvalidParameterValue', '`Offset` must be a multiple of `Limit` (15 unless given).');
  }
  const category = ctx.params.Category;
  const tags = ctx.state.groups
    .filter((g) => g.Region === region && ids.includes(g.SecurityGroupId))
    .flatMap((g) =>
      category === 'System'
        ? []
        : g.TagSet.map((t) => ({
            TagKey: t.Key,
            TagValue: t.Value,
            ResourceId: g.SecurityGroupId,
            TagKeyMd5: md5(t.Key),
            TagValueMd5: md5(t.Value),
            ServiceType: 'cvm',
            Category: 'Custom',
          })),
    );
  return { TotalCount: tags.length, Offset: offset, Limit: limit, Tags: tags.slice(offset, offset + limit) };
});

function readTagList(raw: unknown[], name: string, withValue: boolean): { key: string; value: string }[] {
  if (raw.length === 0) throw invalid('InvalidParameter.Tag', `\`${name}\` may be left out, but not be empty.`);
  if (raw.length > TAGS_PER_CHANGE_MAX) {
    throw invalid('InvalidParameter.Tag', `At most ${TAGS_PER_CHANGE_MAX} tags in \`${name}\`.`);
  }
  return raw.map((item, i) => {
    const where = `${name}.${i}.`;
    if (!isObject(item)) throw invalid('InvalidParameter', `The type of parameter \`${name}.${i}\` should be Object.`);
    onlyParams(item, withValue ? ['TagKey', 'TagValue', 'Category'] : ['TagKey'], where);
    const key = typeof item.TagKey === 'string' ? item.TagKey : '';
    if (key === '') throw invalid('InvalidParameterValue.TagKeyEmpty', `\`${where}TagKey\` is empty.`);
    if ([...key].length > TAG_KEY_MAX) {
      throw invalid(
        'InvalidParameterValue.TagKeyLengthExceeded',
        `\`${where}TagKey\` is over ${TAG_KEY_MAX} characters.`,
      );
    }
    const value = withValue ? requiredString(item, 'TagValue', where) : '';
    if ([...value].length > TAG_VALUE_MAX) {
      throw invalid(
        'InvalidParameterValue.TagValueLengthExceeded',
        `\`${where}TagValue\` is over ${TAG_VALUE_MAX} characters.`,
      );
    }
    return { key, value };
  });
}

/** ReplaceTags adds or changes, DeleteTags removes; one of them, not empty, never the same key in both. */
const modifyResourceTags = changing((ctx) => {
  onlyParams(ctx.params, ['Resource', 'ReplaceTags', 'DeleteTags']);
  const resource = requiredString(ctx.params, 'Resource');
  const m = GROUP_RESOURCE.exec(resource);
  if (!m) {
    throw invalid(
      'InvalidParameterValue.ResourceDescriptionError',
      `\`Resource\` ${resource} is not a security group (qcs::cvm:<region>:uin/<uin>:sg/<id>).`,
    );
  }
  const replace = optionalArray(ctx.params, 'ReplaceTags');
  const remove = optionalArray(ctx.params, 'DeleteTags');
  if (!replace && !remove) throw missing('ReplaceTags');
  const replaced = replace ? readTagList(replace, 'ReplaceTags', true) : [];
  const deleted = remove ? readTagList(remove, 'DeleteTags', false).map((t) => t.key) : [];
  if (replaced.some((t) => deleted.includes(t.key))) {
    throw invalid('InvalidParameterValue.DeleteTagsParamError', 'ReplaceTags and DeleteTags name the same key.');
  }
  const group: StoredGroup | undefined = ctx.state.groups.find((g) => g.Region === m[1] && g.SecurityGroupId === m[2]);
  if (!group)
    throw new TencentApiError('ResourceNotFound', `The security group \`${m[2]}\` does not exist in ${m[1]}.`);
  const kept = group.TagSet.filter((t) => !deleted.includes(t.Key) && !replaced.some((r) => r.key === t.Key));
  group.TagSet = [...kept, ...replaced.map((t) => ({ Key: t.key, Value: t.value }))];
  return {};
});

export const TAG_RESOURCE_ACTIONS: Record<string, Action> = {
  DescribeResourceTagsByResourceIds: describeResourceTagsByResourceIds,
  ModifyResourceTags: modifyResourceTags,
};
