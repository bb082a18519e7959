import type { ListenerDeps } from '../listener-deps.js';
import { submitGroupForm } from './group-form-submission.js';

/** The delete confirmation's Submit: a delete-group request, its plan saying what uses the group. */
export const submitDeleteGroup = (deps: ListenerDeps) =>
  submitGroupForm(deps, {
    firstBlock: 'delete_group',
    read: () => undefined,
    submit: (_values, metadata, requester, submission) =>
      deps.changeRequests.submitDeleteGroup(
        { region: metadata.region, securityGroupId: metadata.groupId },
        requester,
        submission,
      ),
    errorsFor: () => undefined,
  });
