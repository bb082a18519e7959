import type { App, BlockAction, ButtonAction, RadioButtonsAction, StaticSelectAction } from '@slack/bolt';
import { ActionId, NewGroupAction, NewGroupBlock } from '../../ids.js';
import type { ListenerDeps } from '../listener-deps.js';
import { approveInUse } from './approve-in-use.js';
import { approveRequest } from './approve-request.js';
import { cancelRequest } from './cancel-request.js';
import { openAddRulesModal } from './open-add-rules-modal.js';
import { openEditResubmitModal } from './open-edit-resubmit-modal.js';
import { openEditRules } from './open-edit-rules.js';
import { openExtendModal } from './open-extend-modal.js';
import { openRejectModal } from './open-reject-modal.js';
import { pageGroups } from './page-groups.js';
import { pageHistory } from './page-history.js';
import { previewAddRules } from './preview-add-rules.js';
import { previewTemplate } from './preview-template.js';
import { refreshLists } from './refresh-lists.js';
import { removeAccessNow } from './remove-access-now.js';
import { replanRequest } from './replan-request.js';
import { retryRequest } from './retry-request.js';

export function registerActions(app: App, deps: ListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(ActionId.approve, approveRequest(deps));
  app.action<BlockAction<ButtonAction>>(ActionId.reject, openRejectModal(deps));
  app.action<BlockAction<ButtonAction>>(ActionId.cancel, cancelRequest(deps));
  app.action<BlockAction<ButtonAction>>(ActionId.retry, retryRequest(deps));
  app.action<BlockAction<ButtonAction>>(ActionId.addRulesNow, openAddRulesModal(deps));
  app.action<BlockAction<ButtonAction>>(ActionId.extendAccess, openExtendModal(deps));
  app.action<BlockAction<ButtonAction>>(ActionId.removeAccessNow, removeAccessNow(deps));
  app.action<BlockAction<ButtonAction>>(ActionId.editRules, openEditRules(deps));
  app.action<BlockAction<ButtonAction>>(ActionId.approveInUse, approveInUse(deps));
  app.action<BlockAction<ButtonAction>>(ActionId.replan, replanRequest(deps));
  app.action<BlockAction<ButtonAction>>(ActionId.editAndResubmit, openEditResubmitModal(deps));
  app.action<BlockAction<ButtonAction>>(ActionId.previewRules, previewAddRules(deps));
  for (const id of [ActionId.groupsNewer, ActionId.groupsOlder]) {
    app.action<BlockAction<ButtonAction>>(id, pageGroups(deps));
  }
  for (const id of [ActionId.historyNewer, ActionId.historyOlder]) {
    app.action<BlockAction<ButtonAction>>(id, pageHistory(deps));
  }
  app.action<BlockAction<ButtonAction>>(ActionId.refreshLists, refreshLists(deps));
  app.action<BlockAction<StaticSelectAction | RadioButtonsAction>>(
    { block_id: NewGroupBlock.templateId, action_id: NewGroupAction.templateId },
    previewTemplate(deps),
  );
}
