import type { App } from '@slack/bolt';
import { ViewId } from '../../ids.js';
import type { ListenerDeps } from '../listener-deps.js';
import { submitAddRules } from './add-rules-submission.js';
import { submitCloneGroup } from './clone-group-submission.js';
import { submitDeleteGroup } from './delete-group-submission.js';
import { submitEditRules } from './edit-rules-submission.js';
import { submitExtension } from './extend-access-submission.js';
import { submitNewGroupRequest } from './new-group-submission.js';
import { submitRejection } from './reject-reason-submission.js';

export function registerViews(app: App, deps: ListenerDeps): void {
  app.view(ViewId.newGroup, submitNewGroupRequest(deps));
  app.view(ViewId.addRules, submitAddRules(deps));
  app.view(ViewId.rejectReason, submitRejection(deps));
  app.view(ViewId.extendAccess, submitExtension(deps));
  app.view(ViewId.editRules, submitEditRules(deps));
  app.view(ViewId.deleteGroup, submitDeleteGroup(deps));
  app.view(ViewId.cloneGroup, submitCloneGroup(deps));
}
