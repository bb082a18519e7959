import type { CreateGroupInput } from '../../service/api.js';
import type { FieldIssue } from '../../service/errors.js';
import { NewGroupAction, NewGroupBlock } from '../ids.js';
import { isKeepIssue, keepErrorBlock, readKeepFor } from './keep-for-form.js';
import { inputValue, type ViewStateValues } from './view-state.js';

/** The new-group modal's answers as the service's raw input (trimming and rules are the service's). */
export function readNewGroupForm(values: ViewStateValues): CreateGroupInput {
  const read = (field: Exclude<keyof CreateGroupInput, 'keep'>) =>
    inputValue(values, NewGroupBlock[field], NewGroupAction[field]);
  return {
    region: read('region'),
    templateId: read('templateId'),
    name: read('name'),
    projectId: read('projectId'),
    // The notes box is multiline for room to type; the group description is one line.
    notes: read('notes').replace(/\s*\r?\n\s*/g, ' '),
    keep: readKeepFor(values),
  };
}

function isFormField(field: string): field is keyof typeof NewGroupBlock {
  return Object.hasOwn(NewGroupBlock, field);
}

/**
 * Field issues as `response_action: errors` wants them: keyed by block id. An issue on a field the
 * form does not have is put on the name, so it is still shown rather than lost.
 */
export function newGroupErrors(issues: FieldIssue[], values: ViewStateValues = {}): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const formField = isFormField(issue.field) ? NewGroupBlock[issue.field] : NewGroupBlock.name;
    const blockId = isKeepIssue(issue) ? keepErrorBlock(values) : formField;
    errors[blockId] = errors[blockId] ? `${errors[blockId]}; ${issue.message}` : issue.message;
  }
  return errors;
}
