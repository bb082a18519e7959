/** Reads "Keep for" from a submitted form, and puts the service's issue about it beside the right input. */
import type { KeepForInput } from '../../service/api.js';
import type { FieldIssue } from '../../service/errors.js';
import { KeepAction, KeepBlock } from '../ids.js';
import { inputValue, type ViewStateValues } from './view-state.js';

/** What was chosen; "until" is the picked date and time in UTC (empty when either is missing). */
export function readKeepFor(values: ViewStateValues): KeepForInput {
  const keepFor = inputValue(values, KeepBlock.keepFor, KeepAction.keepFor) || 'permanent';
  if (keepFor !== 'until') return { keepFor };
  const date = inputValue(values, KeepBlock.untilDate, KeepAction.untilDate);
  const time = inputValue(values, KeepBlock.untilTime, KeepAction.untilTime);
  return { keepFor, until: date && time ? `${date}T${time}:00Z` : '' };
}

/** Whether a service issue is about "Keep for". */
export const isKeepIssue = (issue: FieldIssue): boolean => issue.field === 'keep';

/** The block an issue about "Keep for" goes beside: the date when "until" lacks one, else the select. */
export function keepErrorBlock(values: ViewStateValues): string {
  const keep = readKeepFor(values);
  return keep.keepFor === 'until' && !keep.until ? KeepBlock.untilDate : KeepBlock.keepFor;
}
