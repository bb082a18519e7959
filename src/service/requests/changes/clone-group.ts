import { makeGroupOnce } from './make-group-once.js';
import type { Performer } from './perform.js';

/**
 * One CloneSecurityGroup call (RemoteRegion when the source is in another region), tagged with
 * the request id; after an earlier attempt the tag is looked up first, so the group is never
 * copied twice. Then the copy's rules and the target's quota use are read back.
 */
export const performCloneGroup: Performer = async (request, afterEarlierAttempt, context) => {
  const spec = request.spec;
  if (spec.kind !== 'clone-group') throw new Error(`${request.id} is not a clone-group request`);
  return makeGroupOnce(request, afterEarlierAttempt, context, {
    region: spec.region,
    projectId: spec.projectId,
    alreadyMade: (copy) => `${copy.id} is already the copy of ${spec.sourceGroupId}, not cloning again`,
    make: () =>
      context.cloud.cloneGroup({
        sourceRegion: spec.sourceRegion,
        sourceGroupId: spec.sourceGroupId,
        targetRegion: spec.region,
        name: spec.name,
        description: spec.description,
        projectId: spec.projectId,
        requestId: request.id,
      }),
  });
};
