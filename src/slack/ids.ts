/** Every Slack id the app sends and routes on, typed once (builders and registrations share them). */

export const COMMAND = '/secgroup';

export const ViewId = {
  newGroup: 'secgroup_new_group',
  addRules: 'secgroup_add_rules',
  rejectReason: 'secgroup_reject_reason',
  extendAccess: 'secgroup_extend_access',
  editRules: 'secgroup_edit_rules',
  deleteGroup: 'secgroup_delete_group',
  cloneGroup: 'secgroup_clone_group',
  /** Shown at once while a day-2 form reads the group (a trigger_id lives 3 s). */
  loading: 'secgroup_loading',
} as const;

export const ActionId = {
  approve: 'secgroup_approve',
  reject: 'secgroup_reject',
  cancel: 'secgroup_cancel',
  retry: 'secgroup_retry',
  /** On a failed add-rules request the cloud refused as asked: the add-rules form, prefilled with its rules. */
  editAndResubmit: 'secgroup_edit_resubmit',
  /** In the add-rules form: shows what the lines read as. */
  previewRules: 'secgroup_preview_rules',
  addRulesNow: 'secgroup_add_rules_now',
  /** Temporary access, in the thread of a request whose rules are kept for a while. */
  extendAccess: 'secgroup_extend_access',
  removeAccessNow: 'secgroup_remove_access_now',
  /** Opens the edit form of a group; its value is `<sg-id> <region>`. */
  editRules: 'secgroup_edit_rules_open',
  /** Approves deleting a group that is in use, accepting that explicitly. */
  approveInUse: 'secgroup_approve_in_use',
  /** Plans a failed edit again from the group's rules now. */
  replan: 'secgroup_replan',
  /** The page buttons of `/secgroup list` and `/secgroup history` (two per message, so two ids each). */
  groupsNewer: 'secgroup_groups_previous',
  groupsOlder: 'secgroup_groups_next',
  historyNewer: 'secgroup_history_newer',
  historyOlder: 'secgroup_history_older',
  /** In the new-group form: fetch the region and project lists again. */
  refreshLists: 'secgroup_refresh_lists',
} as const;

/** Input blocks of the new-group modal, one per field of CreateGroupInput. */
export const NewGroupBlock = {
  region: 'new_group_region',
  templateId: 'new_group_template',
  name: 'new_group_name',
  projectId: 'new_group_project',
  notes: 'new_group_notes',
} as const;

export const NewGroupAction = {
  region: 'region',
  templateId: 'template',
  name: 'name',
  projectId: 'project',
  notes: 'notes',
} as const;

/** The add-rules modal's boxes, one per direction, one rule per line (service/rules/rule-lines.ts). */
export const AddRulesBlock = { inbound: 'add_rules_inbound', outbound: 'add_rules_outbound' } as const;
export const ADD_RULES_ACTION = 'rules';

export const RejectBlock = { reason: 'reject_reason' } as const;
export const RejectAction = { reason: 'reason' } as const;

/** "Keep for" in the new-group, add-rules and extend forms: how long, and the date and time for "until". */
export const KeepBlock = { keepFor: 'keep_for', untilDate: 'keep_until_date', untilTime: 'keep_until_time' } as const;
export const KeepAction = { keepFor: 'keep_for', untilDate: 'date', untilTime: 'time' } as const;
/** The clone modal's fields. */
export const CloneBlock = { region: 'clone_region', projectId: 'clone_project', name: 'clone_name' } as const;
export const CloneAction = { region: 'region', projectId: 'project', name: 'name' } as const;
