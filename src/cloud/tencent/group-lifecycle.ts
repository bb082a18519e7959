/** Making and removing groups: create with rules, clone, delete. Each is done once per request. */
import type { CloudProvider } from '../../service/ports.js';
import { CallFailure, GROUP_NOT_FOUND_CODES, groupFailure } from './call-failure.js';
import type { GroupLookups } from './group-reads.js';
import { groupFromTencent, policySetFor } from './policy-mapping.js';
import type { ProviderContext } from './provider-context.js';
import { cloneGroupResponse, createGroupResponse, emptyResponse } from './response-schemas.js';
import { REQUEST_TAG_KEY } from './tencent-apis.js';

export function groupLifecycle(
  ctx: ProviderContext,
  { findCreated }: GroupLookups,
): Pick<CloudProvider, 'createGroupWithRules' | 'cloneGroup' | 'deleteGroup'> {
  const { api, log, retrying } = ctx;
  return {
    createGroupWithRules(cmd) {
      let createMayHaveRun = false;
      return retrying(`CreateSecurityGroupWithPolicies for request ${cmd.requestId}`, async () => {
        // A first attempt goes straight to the create (the service looks the tag up itself when it
        // retries or recovers a request); only after an ambiguous failure might the group exist.
        const existing = createMayHaveRun ? await findCreated(cmd) : undefined;
        if (existing) {
          log.info(`Tencent Cloud: request ${cmd.requestId} already created ${existing.id}; not creating it again`);
          return existing;
        }
        try {
          const answer = await api.call({
            service: 'vpc',
            action: 'CreateSecurityGroupWithPolicies',
            region: cmd.region,
            params: {
              GroupName: cmd.name,
              GroupDescription: cmd.description,
              ProjectId: cmd.projectId,
              SecurityGroupPolicySet: policySetFor(cmd.rules),
              Tags: [{ Key: REQUEST_TAG_KEY, Value: cmd.requestId }],
            },
            response: createGroupResponse,
          });
          const group = groupFromTencent(answer.SecurityGroup, cmd.region);
          // Some answers omit TagSet; the tag was sent with the create.
          return { ...group, tags: { [REQUEST_TAG_KEY]: cmd.requestId, ...group.tags } };
        } catch (err) {
          if (err instanceof CallFailure && err.kind === 'ambiguous') createMayHaveRun = true;
          throw err;
        }
      });
    },

    cloneGroup(cmd) {
      const made = { region: cmd.targetRegion, name: cmd.name, projectId: cmd.projectId, requestId: cmd.requestId };
      let cloneMayHaveRun = false;
      return retrying(`CloneSecurityGroup ${cmd.sourceGroupId} for request ${cmd.requestId}`, async () => {
        const existing = cloneMayHaveRun ? await findCreated(made) : undefined;
        if (existing) {
          log.info(`Tencent Cloud: request ${cmd.requestId} already cloned ${existing.id}; not cloning again`);
          return existing;
        }
        try {
          // The copy is made in the region the call is sent to; RemoteRegion names the source's
          // region when it is another one. CloneSecurityGroup takes Tags (SDK and cloud.tencent.com
          // API reference since late 2024; the intl reference does not list them yet), so group,
          // rules and request tag arrive in one call and the tag lookup above is sound.
          // IsCloneTags stays off: a source made by secgroup carries its own request's tag.
          const answer = await api.call({
            service: 'vpc',
            action: 'CloneSecurityGroup',
            region: cmd.targetRegion,
            params: {
              SecurityGroupId: cmd.sourceGroupId,
              GroupName: cmd.name,
              GroupDescription: cmd.description,
              ProjectId: cmd.projectId,
              ...(cmd.sourceRegion === cmd.targetRegion ? {} : { RemoteRegion: cmd.sourceRegion }),
              Tags: [{ Key: REQUEST_TAG_KEY, Value: cmd.requestId }],
            },
            response: cloneGroupResponse,
          });
          if (!answer.SecurityGroup) {
            // The copy was made but the answer does not say which: look it up, as after a lost answer.
            throw new CallFailure('ambiguous', 'UnexpectedResponse', 'CloneSecurityGroup answered without the group');
          }
          const group = groupFromTencent(answer.SecurityGroup, cmd.targetRegion);
          return { ...group, tags: { [REQUEST_TAG_KEY]: cmd.requestId, ...group.tags } };
        } catch (err) {
          if (err instanceof CallFailure && err.kind === 'ambiguous') cloneMayHaveRun = true;
          throw groupFailure(err, cmd.sourceGroupId);
        }
      });
    },

    deleteGroup(region, groupId) {
      let deleteMayHaveRun = false;
      return retrying(`DeleteSecurityGroup ${groupId}`, async () => {
        try {
          await api.call({
            service: 'vpc',
            action: 'DeleteSecurityGroup',
            region,
            params: { SecurityGroupId: groupId },
            response: emptyResponse,
          });
        } catch (err) {
          if (err instanceof CallFailure && err.kind === 'ambiguous') deleteMayHaveRun = true;
          // Repeating a delete is safe; if an attempt whose answer was lost did delete the group,
          // the repeat finds it gone, which is what was asked for.
          if (deleteMayHaveRun && err instanceof CallFailure && GROUP_NOT_FOUND_CODES.has(err.code)) {
            log.info(
              `Tencent Cloud: ${groupId} is gone; an earlier attempt deleted it (RequestId ${err.requestId ?? '-'})`,
            );
            return;
          }
          // In use is ResourceInUse ("资源被占用", the only in-use code DeleteSecurityGroup lists;
          // a group named in other groups' rules cannot be deleted either): CloudRejectedError keeps
          // the code for people.
          throw groupFailure(err, groupId);
        }
      });
    },
  };
}
