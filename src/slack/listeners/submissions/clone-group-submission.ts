import { InvalidInputError } from '../../../service/errors.js';
import { inputValue } from '../../forms/view-state.js';
import { CloneAction, CloneBlock } from '../../ids.js';
import type { ListenerDeps } from '../listener-deps.js';
import { submitGroupForm } from './group-form-submission.js';

const BLOCK_OF: Record<string, string> = {
  targetRegion: CloneBlock.region,
  projectId: CloneBlock.projectId,
  name: CloneBlock.name,
};

/** The clone form's Submit: a clone-group request with the target's quota and the rules copied. */
export const submitCloneGroup = (deps: ListenerDeps) =>
  submitGroupForm(deps, {
    firstBlock: CloneBlock.name,
    read: () => undefined,
    submit: (values, metadata, requester, submission) =>
      deps.changeRequests.submitCloneGroup(
        {
          region: metadata.region,
          securityGroupId: metadata.groupId,
          targetRegion: inputValue(values, CloneBlock.region, CloneAction.region),
          projectId: inputValue(values, CloneBlock.projectId, CloneAction.projectId),
          name: inputValue(values, CloneBlock.name, CloneAction.name),
          description: '',
        },
        requester,
        submission,
      ),
    errorsFor: (err) => {
      if (!(err instanceof InvalidInputError)) return undefined;
      const errors: Record<string, string> = {};
      for (const issue of err.issues) {
        const block = BLOCK_OF[issue.field] ?? CloneBlock.name;
        errors[block] = errors[block] ? `${errors[block]}\n${issue.message}` : issue.message;
      }
      return errors;
    },
  });
