/**
 * The day-2 forms: a loading view opened at once (a trigger_id lives 3 s, reading a group takes
 * longer), then the edit form (the group's rules now, one per line, per direction), the delete
 * confirmation (with what uses the group), the clone form (target region, project, name), or why
 * the form cannot be shown.
 */
import type { types } from '@slack/bolt';
import type { GroupState } from '../../service/api.js';
import type { AccessPolicy } from '../../service/policy/access-policy.js';
import { rulesOf } from '../../service/rules/rule-diff.js';
import { formatRuleLines } from '../../service/rules/rule-lines.js';
import { DIRECTIONS, type GroupUsage, type Project, type Region, type SecurityGroup } from '../../service/types.js';
import { CloneAction, CloneBlock, ViewId } from '../ids.js';
import { fitLines, HELP, NOTES, rulesBox } from './add-rules-modal.js';
import { usageLine } from './day2-card.js';
import { keepForBlocks } from './keep-for-input.js';
import { SlackLimits } from './limits.js';
import { contextBlock, mrkdwnSection } from './message.js';
import { code, truncate } from './mrkdwn.js';
import { buildDiffSections, driftHeading } from './rule-diff-blocks.js';
import { inlineUserText } from './user-text.js';

const plain = (text: string): types.PlainTextElement => ({ type: 'plain_text', text });

/** Opened at once; replaced by the form once the group is read. */
export function buildLoadingModal(title: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: ViewId.loading,
    title: plain(title),
    close: plain('Close'),
    blocks: [mrkdwnSection(':hourglass_flowing_sand: Reading the group from Tencent Cloud…')],
  };
}

/** The form could not be shown: why, in the modal that was loading. */
export function buildFormProblemModal(title: string, problem: string): types.ModalView {
  return { ...buildLoadingModal(title), blocks: [mrkdwnSection(problem)] };
}

export interface EditRulesModalInput {
  group: SecurityGroup;
  state: GroupState;
  privateMetadata: string;
  /** What the access policy asks of temporary rules, shown beside "Keep for". */
  accessPolicy?: AccessPolicy;
}

/**
 * The edit form: the group's rules now in two boxes; what is submitted is the whole new list.
 * "Keep for" applies to an edit that only adds rules (the service refuses it otherwise).
 */
export function buildEditRulesModal({
  group,
  state,
  privateMetadata,
  accessPolicy,
}: EditRulesModalInput): types.ModalView {
  const rules = state.rules.map((p) => p.rule);
  const boxes = DIRECTIONS.map((d) => ({ direction: d, ...fitLines(formatRuleLines(rulesOf(rules, d))) }));
  const title = plain('Edit rules');
  const about = mrkdwnSection(
    `Rules of ${code(group.id)} (${inlineUserText(group.name)}) in ${code(group.region)}, as they are now (version ${code(state.version)}). Change, add or remove lines, then submit: the plan is the difference, and it goes through approval.`,
  );
  if (boxes.some((b) => b.left > 0)) {
    // Submitting a cut list would remove the rules left out.
    return buildFormProblemModal(
      'Edit rules',
      `${code(group.id)} has more rules than fit in this form (${SlackLimits.textInputLength} characters a direction); change it in the Tencent Cloud console.`,
    );
  }
  const drift = state.drift ? buildDiffSections(state.drift.diff, driftHeading(state.drift), 5) : [];
  const foreign =
    state.foreign.length > 0
      ? [
          contextBlock(
            `${state.foreign.length} rule(s) are not shown (address or service templates, e.g. ${inlineUserText(truncate(state.foreign[0] ?? '', 100))}); a direction holding them can be changed only in the console.`,
          ),
        ]
      : [];
  return {
    type: 'modal',
    callback_id: ViewId.editRules,
    private_metadata: privateMetadata,
    title,
    submit: plain('Plan the change'),
    close: plain('Cancel'),
    blocks: [
      about,
      ...drift,
      ...foreign,
      { type: 'section', text: { type: 'mrkdwn', text: HELP } },
      contextBlock(NOTES),
      ...boxes.map((b) => rulesBox(b.direction, b.text)),
      ...keepForBlocks({ permanent: true, ...(accessPolicy ? { policy: accessPolicy } : {}) }),
    ],
  };
}

/** Asks to confirm a deletion, saying what uses the group. */
export function buildDeleteGroupModal(
  group: SecurityGroup,
  usage: GroupUsage,
  privateMetadata: string,
): types.ModalView {
  return {
    type: 'modal',
    callback_id: ViewId.deleteGroup,
    private_metadata: privateMetadata,
    title: plain('Delete group'),
    submit: plain('Request deletion'),
    close: plain('Cancel'),
    blocks: [
      mrkdwnSection(
        `Delete ${code(group.id)} (${inlineUserText(group.name)}) in ${code(group.region)}? This cannot be undone; two approvers must approve it.`,
      ),
      mrkdwnSection(usageLine(usage)),
    ],
  };
}

function option(text: string, value: string): types.PlainTextOption {
  return { text: plain(truncate(text, SlackLimits.optionText)), value };
}

/** Target region, project and name of a copy. */
export function buildCloneGroupModal(
  group: SecurityGroup,
  choices: { regions: Region[]; projects: Project[] },
  privateMetadata: string,
): types.ModalView {
  const regions = choices.regions
    .slice(0, SlackLimits.staticSelectOptions)
    .map((r) => option(`${r.name} (${r.id})`, r.id));
  const projects = choices.projects
    .slice(0, SlackLimits.staticSelectOptions)
    .map((p) => option(`${p.name} (${p.id})`, p.id));
  const initialRegion = regions.find((o) => o.value === group.region);
  const initialProject = projects.find((o) => o.value === group.projectId);
  return {
    type: 'modal',
    callback_id: ViewId.cloneGroup,
    private_metadata: privateMetadata,
    title: plain('Clone group'),
    submit: plain('Plan the copy'),
    close: plain('Cancel'),
    blocks: [
      mrkdwnSection(
        `A copy of ${code(group.id)} (${inlineUserText(group.name)}) in ${code(group.region)}, with its rules.`,
      ),
      {
        type: 'input',
        block_id: CloneBlock.region,
        label: plain('Region'),
        element: {
          type: 'static_select',
          action_id: CloneAction.region,
          options: regions,
          ...(initialRegion ? { initial_option: initialRegion } : {}),
        },
      },
      {
        type: 'input',
        block_id: CloneBlock.projectId,
        label: plain('Project'),
        element: {
          type: 'static_select',
          action_id: CloneAction.projectId,
          options: projects,
          ...(initialProject ? { initial_option: initialProject } : {}),
        },
      },
      {
        type: 'input',
        block_id: CloneBlock.name,
        label: plain('Name'),
        element: {
          type: 'plain_text_input',
          action_id: CloneAction.name,
          max_length: 60,
          initial_value: [...`${group.name}-copy`].slice(0, 60).join(''),
        },
      },
    ],
  };
}
