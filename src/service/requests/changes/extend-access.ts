/**
 * An approved extension moves its grant's expiry: from when it is applied, for the hours asked,
 * or to the instant asked. Recorded on the grant with the extension's id, so a take-over after a
 * crash does not move it twice; a grant whose rules are already removed (or being removed) makes
 * the extension fail, saying so.
 */
import { AccessNotActiveError } from '../../errors.js';
import { expiryOf, isActiveGrant } from '../temporary/grants.js';
import type { Performer } from './perform.js';

export const performExtendAccess: Performer = async (request, _afterEarlierAttempt, context) => {
  const { cloud, clock, writes } = context;
  const spec = request.spec;
  if (spec.kind !== 'extend-access') throw new Error(`${request.id} is not an extend-access request`);
  await writes.update(spec.grantId, (grant) => {
    const t = grant.temporary;
    if (t?.extensions?.includes(request.id)) return { keep: true };
    if (!t || !isActiveGrant(grant)) return { refuse: new AccessNotActiveError(grant) };
    const rulesExpireAt = expiryOf(spec.keep, clock.now());
    return {
      write: { ...grant, temporary: { ...t, rulesExpireAt, extensions: [...(t.extensions ?? []), request.id] } },
    };
  });
  const rules = await cloud.describeRules(spec.region, spec.securityGroupId);
  return { securityGroupId: spec.securityGroupId, rules, completedAt: clock.now().toISOString() };
};
