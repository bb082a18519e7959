/**
 * A temporary rule equal to one the group already has is refused: Tencent Cloud keeps a rule
 * once, so the add would add nothing and the removal at expiry would take the group's own rule.
 */
import { InvalidInputError } from '../../errors.js';
import { sameRule } from '../../rules/rules.js';
import type { Rule } from '../../types.js';

export function alreadyInGroup(rules: readonly Rule[], existing: readonly Rule[]): void {
  const issues = rules.flatMap((rule, i) =>
    existing.some((e) => sameRule(e, rule))
      ? [
          {
            field: `rules.${i}`,
            message:
              'The group already has this rule, kept permanently; removing it at expiry would take that one. Leave it out, or keep the rules permanently.',
          },
        ]
      : [],
  );
  if (issues.length > 0) throw new InvalidInputError(issues);
}
