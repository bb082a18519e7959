/** The vpc (2017-03-12) security-group actions the emulator answers, and whether each changes state. */
import { type Action, changing, reading } from './action-context.js';
import { DESCRIBE_ACTIONS } from './describe-actions.js';
import { GROUP_ACTIONS } from './group-actions.js';
import { POLICY_ACTIONS } from './policy-actions.js';
import { POLICY_DESCRIBE_ACTIONS } from './policy-describe.js';
import { REPLACE_ACTIONS } from './replace-actions.js';

const all = <T extends string>(handlers: Record<T, Action['run']>, wrap: (run: Action['run']) => Action) =>
  Object.fromEntries(Object.entries<Action['run']>(handlers).map(([name, run]) => [name, wrap(run)]));

export const VPC_ACTIONS: Record<string, Action> = {
  ...all(GROUP_ACTIONS, changing),
  ...all(POLICY_ACTIONS, changing),
  ...all(REPLACE_ACTIONS, changing),
  ...all(DESCRIBE_ACTIONS, reading),
  ...all(POLICY_DESCRIBE_ACTIONS, reading),
};
