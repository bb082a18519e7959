/**
 * The cloud work of each kind of request. A performer runs while its request is `executing` under
 * this process's lease, and returns what the change left in the cloud. `afterEarlierAttempt` says
 * an earlier attempt may have taken effect (a retry, or a take-over after a crash): the performer
 * then looks before it writes, so no change is applied twice.
 */
import type { Clock } from '../../../lib/clock.js';
import type { Log } from '../../../lib/log.js';
import type { CloudProvider } from '../../ports.js';
import type { ChangeRequest, ExecutionResult, RequestKind } from '../../types.js';
import type { RequestWrites } from '../request-writes.js';
import { performAddRules } from './add-rules.js';
import { performCloneGroup } from './clone-group.js';
import { performCreateGroup } from './create-group.js';
import { performDeleteGroup } from './delete-group.js';
import { performEditRules } from './edit-rules.js';
import { performExtendAccess } from './extend-access.js';
import { performRemoveAccess } from './remove-access.js';

export interface PerformContext {
  cloud: CloudProvider;
  clock: Clock;
  log: Log;
  /** For work recorded in the store: a removal's first look, an extension's new expiry. */
  writes: RequestWrites;
}

export type Performer = (
  request: ChangeRequest,
  afterEarlierAttempt: boolean,
  context: PerformContext,
) => Promise<ExecutionResult>;

const PERFORMERS: Record<RequestKind, Performer> = {
  'create-group': performCreateGroup,
  'add-rules': performAddRules,
  'remove-access': performRemoveAccess,
  'extend-access': performExtendAccess,
  'edit-rules': performEditRules,
  'delete-group': performDeleteGroup,
  'clone-group': performCloneGroup,
};

export function perform(request: ChangeRequest, afterEarlierAttempt: boolean, context: PerformContext) {
  return PERFORMERS[request.kind](request, afterEarlierAttempt, context);
}
