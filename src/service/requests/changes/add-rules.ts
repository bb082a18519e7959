import { sameRule } from '../../rules/rules.js';
import type { Performer } from './perform.js';
import { quotaUse } from './quota-use.js';

/**
 * Adds the request's rules to its group; after an earlier attempt only those not there yet (rules
 * carry no tag, so what an earlier attempt added is found by comparing rules). Then reads back the
 * rules and the quota use.
 */
export const performAddRules: Performer = async (request, afterEarlierAttempt, context) => {
  const { cloud, clock } = context;
  const spec = request.spec;
  if (spec.kind !== 'add-rules') throw new Error(`${request.id} is not an add-rules request`);
  let missing = request.rules;
  if (afterEarlierAttempt) {
    const present = await cloud.describeRules(spec.region, spec.securityGroupId);
    missing = request.rules.filter((rule) => !present.some((p) => sameRule(p, rule)));
  }
  if (missing.length > 0) await cloud.addRules(spec.region, spec.securityGroupId, missing);
  const rules = await cloud.describeRules(spec.region, spec.securityGroupId);
  const completedAt = clock.now().toISOString();
  return { securityGroupId: spec.securityGroupId, rules, completedAt, ...(await quotaUse(context, spec.region)) };
};
