import { InvalidInputError, VersionConflictError } from '../../../service/errors.js';
import { parseRuleLines } from '../../../service/rules/rule-lines.js';
import { peerText } from '../../../service/rules/rules.js';
import { DIRECTIONS } from '../../../service/types.js';
import { type AddRulesForm, addRulesErrors, readAddRulesText } from '../../forms/add-rules-form.js';
import { readKeepFor } from '../../forms/keep-for-form.js';
import type { ViewStateValues } from '../../forms/view-state.js';
import { AddRulesBlock } from '../../ids.js';
import type { ListenerDeps } from '../listener-deps.js';
import { submitGroupForm } from './group-form-submission.js';

/** Both boxes as rules (an empty box empties that direction), remembering each rule's line. */
function readEdit(values: ViewStateValues): { form: AddRulesForm } | { errors: Record<string, string> } {
  const text = readAddRulesText(values);
  const form: AddRulesForm = { rules: [], lines: [] };
  const errors: Record<string, string> = {};
  for (const direction of DIRECTIONS) {
    const parsed = parseRuleLines(text[direction], direction);
    if ('errors' in parsed) {
      errors[AddRulesBlock[direction]] = parsed.errors
        .slice(0, 5)
        .map((e) => e.message)
        .join('\n');
      continue;
    }
    const lines = text[direction].split(/\r\n|\r|\n/).flatMap((raw, i) => {
      const line = raw.trim();
      return line === '' || line.startsWith('#') ? [] : [i + 1];
    });
    parsed.rules.forEach((rule, i) => {
      form.rules.push({ ...rule, peer: peerText(rule.peer) });
      form.lines.push({ direction, line: lines[i] ?? 0 });
    });
  }
  return Object.keys(errors).length > 0 ? { errors } : { form };
}

const CHANGED =
  'The group changed while this form was open. Close it and open the edit form again to start from its rules now.';

/**
 * The edit form's Submit: the whole new rule list, planned as a diff from the Version the form showed,
 * kept as chosen; the service's refusal of "Keep for" (an edit that changes rules too) goes beside it.
 */
export const submitEditRules = (deps: ListenerDeps) =>
  submitGroupForm(deps, {
    firstBlock: AddRulesBlock.inbound,
    read: (values) => {
      const read = readEdit(values);
      return 'errors' in read ? read.errors : undefined;
    },
    submit: (values, metadata, requester, submission) => {
      const read = readEdit(values);
      const rules = 'form' in read ? read.form.rules : [];
      return deps.changeRequests.submitEditRules(
        {
          region: metadata.region,
          securityGroupId: metadata.groupId,
          rules,
          keep: readKeepFor(values),
          ...(metadata.version ? { baseVersion: metadata.version } : {}),
        },
        requester,
        submission,
      );
    },
    errorsFor: (err, values) => {
      if (err instanceof VersionConflictError) return { [AddRulesBlock.inbound]: CHANGED };
      if (!(err instanceof InvalidInputError)) return undefined;
      const read = readEdit(values);
      return 'form' in read ? addRulesErrors(read.form, err.issues, values) : undefined;
    },
  });
