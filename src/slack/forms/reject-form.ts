import { validateRejectReason } from '../../service/policy/approval-policy.js';
import { RejectAction, RejectBlock } from '../ids.js';
import { inputValue, type ViewStateValues } from './view-state.js';

export type RejectReason = { ok: true; reason: string } | { ok: false; errors: Record<string, string> };

/** The reason typed in the reject modal, checked by the service's rule for reasons. */
export function readRejectForm(values: ViewStateValues): RejectReason {
  const checked = validateRejectReason(inputValue(values, RejectBlock.reason, RejectAction.reason));
  if (checked.ok) return { ok: true, reason: checked.value };
  return { ok: false, errors: { [RejectBlock.reason]: checked.issues.map((i) => i.message).join('; ') } };
}
