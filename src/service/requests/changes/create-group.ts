import { makeGroupOnce } from './make-group-once.js';
import type { Performer } from './perform.js';

/**
 * One create call with every rule, tagged with the request id; after an earlier attempt the tag is
 * looked up first, so a group is never created twice. Then the rules and the quota use are read back.
 */
export const performCreateGroup: Performer = async (request, afterEarlierAttempt, context) => {
  const spec = request.spec;
  if (spec.kind !== 'create-group') throw new Error(`${request.id} is not a create-group request`);
  return makeGroupOnce(request, afterEarlierAttempt, context, {
    region: spec.region,
    projectId: spec.projectId,
    alreadyMade: (group) => `group ${group.id} already exists, not creating it again`,
    make: () =>
      context.cloud.createGroupWithRules({
        region: spec.region,
        name: spec.name,
        description: spec.notes,
        projectId: spec.projectId,
        rules: request.rules,
        requestId: request.id,
      }),
  });
};
