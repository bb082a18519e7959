import type { types } from '@slack/bolt';
import type { TemplatePreview } from '../../service/api.js';
import type { AccessPolicy } from '../../service/policy/access-policy.js';
import { DEFAULT_PROJECT, type Project, type Region } from '../../service/types.js';
import { ActionId, NewGroupAction, NewGroupBlock, ViewId } from '../ids.js';
import { keepForBlocks } from './keep-for-input.js';
import { SlackLimits } from './limits.js';
import { contextBlock } from './message.js';
import { truncate } from './mrkdwn.js';
import { approvalsText, templatePreviewBlocks } from './template-preview.js';

export interface NewGroupModalInput {
  regions: Region[];
  templates: TemplatePreview[];
  projects: Project[];
  defaultRegion: string;
  /** Opaque to the builder: what the submission needs back (see forms/private-metadata.ts). */
  privateMetadata: string;
  /** The template chosen so far, shown in full under the choice. */
  selectedTemplateId?: string;
  /** What the last "Refresh lists" found, under the button. */
  listsNote?: string;
  /** What the access policy asks of temporary rules, shown beside "Keep for". */
  accessPolicy?: AccessPolicy;
}

function plain(text: string): types.PlainTextElement {
  return { type: 'plain_text', text };
}

function option(text: string, value: string): types.PlainTextOption {
  return { text: plain(truncate(text, SlackLimits.optionText)), value };
}

function regionOption(region: Region): types.PlainTextOption {
  return option(`${region.name} (${region.id})`, region.id);
}

/** The name whole (names are at most an option's 75 characters); approvals and risk under it. */
function templateOption(preview: TemplatePreview): types.PlainTextOption {
  const { template, risks, approvalsRequired } = preview;
  const risky = template.riskNote !== undefined || risks.length > 0;
  return {
    text: plain(truncate(template.name, SlackLimits.optionText)),
    value: template.id,
    description: plain(`${approvalsText(approvalsRequired)}${risky ? ' · :warning: has risks' : ''}`),
  };
}

/**
 * Radio buttons as in the console; a select once there are more templates than radios allow,
 * in groups of 100 once there are more than one select lists. Choosing one updates the form
 * (dispatch_action), which then shows it in full.
 */
function templateElement(
  templates: TemplatePreview[],
  selected: string | undefined,
): types.RadioButtons | types.StaticSelect {
  if (templates.length <= SlackLimits.radioOptions) {
    const options = templates.map(templateOption);
    const initial = options.find((o) => o.value === selected);
    return {
      type: 'radio_buttons',
      action_id: NewGroupAction.templateId,
      options,
      ...(initial ? { initial_option: initial } : {}),
    };
  }
  const options = templates.map(({ template }) => option(template.name, template.id));
  const initial = options.find((o) => o.value === selected);
  const select = {
    type: 'static_select' as const,
    action_id: NewGroupAction.templateId,
    placeholder: plain('Choose a template'),
    ...(initial ? { initial_option: initial } : {}),
  };
  if (options.length <= SlackLimits.staticSelectOptions) return { ...select, options };
  const size = SlackLimits.staticSelectOptions;
  const groups = Array.from({ length: Math.min(Math.ceil(options.length / size), size) }, (_, i) => ({
    label: plain(`Templates ${i * size + 1}–${Math.min((i + 1) * size, options.length)}`),
    options: options.slice(i * size, (i + 1) * size),
  }));
  return { ...select, option_groups: groups };
}

/** The `/secgroup new` modal: the Tencent Cloud console's "Create a security group" fields. */
export function buildNewGroupModal(input: NewGroupModalInput): types.ModalView {
  const regions = input.regions.slice(0, SlackLimits.staticSelectOptions);
  const initialRegion = regions.find((r) => r.id === input.defaultRegion);
  const projects = input.projects.slice(0, SlackLimits.staticSelectOptions);
  const defaultProject = projects.find((p) => p.id === DEFAULT_PROJECT.id);
  return {
    type: 'modal',
    callback_id: ViewId.newGroup,
    private_metadata: input.privateMetadata,
    title: plain('New security group'),
    submit: plain('Submit for approval'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'input',
        block_id: NewGroupBlock.region,
        label: plain('Region'),
        element: {
          type: 'static_select',
          action_id: NewGroupAction.region,
          placeholder: plain('Choose a region'),
          options: regions.map(regionOption),
          ...(initialRegion ? { initial_option: regionOption(initialRegion) } : {}),
        },
      },
      {
        type: 'input',
        block_id: NewGroupBlock.templateId,
        dispatch_action: true,
        label: plain('Template'),
        element: templateElement(input.templates, input.selectedTemplateId),
      },
      ...templatePreviewBlocks(input.templates.find((p) => p.template.id === input.selectedTemplateId)),
      {
        type: 'input',
        block_id: NewGroupBlock.name,
        label: plain('Name'),
        hint: plain('Up to 60 characters.'),
        element: {
          type: 'plain_text_input',
          action_id: NewGroupAction.name,
          min_length: 1,
          max_length: 60,
          placeholder: plain('e.g. web-prod'),
        },
      },
      {
        type: 'input',
        block_id: NewGroupBlock.projectId,
        label: plain('Project'),
        element: {
          type: 'static_select',
          action_id: NewGroupAction.projectId,
          placeholder: plain('Choose a project'),
          options: projects.map((p) => option(p.name, p.id)),
          ...(defaultProject ? { initial_option: option(defaultProject.name, defaultProject.id) } : {}),
        },
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ActionId.refreshLists,
            text: plain('Refresh lists'),
            value: 'regions-and-projects',
          },
        ],
      },
      contextBlock(input.listsNote ?? 'A region or project missing? Refresh lists asks Tencent Cloud for them again.'),
      {
        type: 'input',
        block_id: NewGroupBlock.notes,
        optional: true,
        label: plain('Notes'),
        hint: plain('A short description, up to 100 characters.'),
        element: { type: 'plain_text_input', action_id: NewGroupAction.notes, multiline: true, max_length: 100 },
      },
      ...keepForBlocks({ permanent: true, ...(input.accessPolicy ? { policy: input.accessPolicy } : {}) }),
    ],
  };
}
