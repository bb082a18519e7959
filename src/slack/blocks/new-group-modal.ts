import type { types } from '@slack/bolt';
import { DEFAULT_PROJECT, type Project, type Region, type Template } from '../../service/types.js';
import { NewGroupAction, NewGroupBlock, ViewId } from '../ids.js';
import { SlackLimits } from './limits.js';
import { clipMrkdwn, escapeMrkdwn, truncate } from './mrkdwn.js';

export interface NewGroupModalInput {
  regions: Region[];
  templates: Template[];
  projects: Project[];
  defaultRegion: string;
  /** Opaque to the builder: what the submission needs back (see forms/private-metadata.ts). */
  privateMetadata: string;
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

function templateOption(template: Template): types.Option {
  const risk = template.riskNote ? ' :warning:' : '';
  const detail = [template.description, template.notes].filter(Boolean).join(' ');
  return {
    text: { type: 'mrkdwn', text: clipMrkdwn(`*${escapeMrkdwn(template.name)}*${risk}`, SlackLimits.optionText) },
    value: template.id,
    description: plain(truncate(detail, SlackLimits.optionText)),
  };
}

/** Radio buttons as in the console; a static select once there are more templates than radios allow. */
function templateElement(templates: Template[]): types.RadioButtons | types.StaticSelect {
  if (templates.length <= SlackLimits.radioOptions) {
    return { type: 'radio_buttons', action_id: NewGroupAction.templateId, options: templates.map(templateOption) };
  }
  return {
    type: 'static_select',
    action_id: NewGroupAction.templateId,
    placeholder: plain('Choose a template'),
    options: templates.slice(0, SlackLimits.staticSelectOptions).map((t) => option(t.name, t.id)),
  };
}

/** The risk notes in full, since a radio option's description is cut at 75 characters. */
function riskContext(templates: Template[]): types.KnownBlock[] {
  const risky = templates.filter((t) => t.riskNote);
  if (risky.length === 0) return [];
  return [
    {
      type: 'context',
      elements: risky.slice(0, SlackLimits.contextElements).map((t) => ({
        type: 'mrkdwn' as const,
        text: `:warning: *${escapeMrkdwn(t.name)}*: ${escapeMrkdwn(t.riskNote ?? '')}`,
      })),
    },
  ];
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
        label: plain('Template'),
        element: templateElement(input.templates),
      },
      ...riskContext(input.templates),
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
        type: 'input',
        block_id: NewGroupBlock.notes,
        optional: true,
        label: plain('Notes'),
        hint: plain('A short description, up to 100 characters.'),
        element: { type: 'plain_text_input', action_id: NewGroupAction.notes, multiline: true, max_length: 100 },
      },
    ],
  };
}
