/** What each kind of request does, in the words its card, dialogs and thread use. */
import type { ChangeRequest, RequestKind } from '../../service/types.js';
import { code } from './mrkdwn.js';
import { inlineUserText } from './user-text.js';

const TITLES: Record<RequestKind, string> = {
  'create-group': 'Security group request',
  'add-rules': 'Add rules request',
  'remove-access': 'Removal of temporary rules',
  'extend-access': 'Keep temporary rules longer',
  'edit-rules': 'Edit rules request',
  'delete-group': 'Delete group request',
  'clone-group': 'Clone group request',
};

const EXECUTING: Record<RequestKind, string> = {
  'create-group': 'Creating',
  'add-rules': 'Adding rules',
  'remove-access': 'Removing rules',
  'extend-access': 'Keeping rules longer',
  'edit-rules': 'Changing rules',
  'delete-group': 'Deleting',
  'clone-group': 'Cloning',
};

const NOTHING_CHANGED: Record<RequestKind, string> = {
  'create-group': 'No group was created.',
  'add-rules': 'No rule was added.',
  'remove-access': 'No rule was removed.',
  'extend-access': 'The rules keep their expiry.',
  'edit-rules': 'No rule was changed.',
  'delete-group': 'The group was not deleted.',
  'clone-group': 'No copy was made.',
};

export const requestTitle = (request: Pick<ChangeRequest, 'kind'>): string => TITLES[request.kind];
export const executingWord = (request: Pick<ChangeRequest, 'kind'>): string => EXECUTING[request.kind];
export const nothingChanged = (request: Pick<ChangeRequest, 'kind'>): string => NOTHING_CHANGED[request.kind];

const ruleCount = (n: number) => `${n} rule${n === 1 ? '' : 's'}`;

/** The group a request changes (the source, for a clone), if it names one. */
export function subjectGroup(request: ChangeRequest): string | undefined {
  const spec = request.spec;
  if (spec.kind === 'create-group') return undefined;
  return spec.kind === 'clone-group' ? spec.sourceGroupId : spec.securityGroupId;
}

/** The change in a sentence, in plain text (confirmation dialogs). */
export function changeSentence(request: ChangeRequest): string {
  const spec = request.spec;
  switch (spec.kind) {
    case 'create-group': {
      const rules = request.rules.length === 0 ? 'no rules (it denies all traffic)' : ruleCount(request.rules.length);
      return `create security group "${spec.name}" in ${spec.region} with ${rules}`;
    }
    case 'add-rules':
      return `add ${ruleCount(request.rules.length)} to ${spec.securityGroupId} in ${spec.region}`;
    case 'extend-access':
      return `keep ${ruleCount(request.rules.length)} in ${spec.securityGroupId} longer`;
    case 'remove-access':
      return `remove ${ruleCount(request.rules.length)} from ${spec.securityGroupId}`;
    case 'edit-rules': {
      const { added, removed, changed } = spec.diff;
      return `change the rules of ${spec.securityGroupId} in ${spec.region} (${added.length} added, ${removed.length} removed, ${changed.length} changed)`;
    }
    case 'delete-group':
      return `delete ${spec.securityGroupId} in ${spec.region}`;
    case 'clone-group':
      return `copy ${spec.sourceGroupId} (${spec.sourceRegion}) as "${spec.name}" in ${spec.region}`;
  }
}

/** What the request is about in a few words, in mrkdwn (fallbacks and lists). */
export function changeSummary(request: ChangeRequest): string {
  const spec = request.spec;
  switch (spec.kind) {
    case 'create-group':
      return `create ${inlineUserText(spec.name)} in ${code(spec.region)}`;
    case 'add-rules':
      return `add ${ruleCount(request.rules.length)} to ${code(spec.securityGroupId)} in ${code(spec.region)}`;
    case 'remove-access':
      return `remove the ${ruleCount(request.rules.length)} ${code(spec.grantId)} added to ${code(spec.securityGroupId)}`;
    case 'extend-access':
      return `keep the ${ruleCount(request.rules.length)} ${code(spec.grantId)} added to ${code(spec.securityGroupId)} longer`;
    case 'edit-rules':
      return `edit the rules of ${code(spec.securityGroupId)} in ${code(spec.region)}`;
    case 'delete-group':
      return `delete ${code(spec.securityGroupId)} in ${code(spec.region)}`;
    case 'clone-group':
      return `copy ${code(spec.sourceGroupId)} to ${code(spec.region)} as ${inlineUserText(spec.name)}`;
  }
}

/** The card's header once done, in plain text. */
export function doneHeader(request: ChangeRequest, groupId: string): string {
  const spec = request.spec;
  switch (spec.kind) {
    case 'create-group':
      return `${spec.name} (${groupId})`;
    case 'add-rules':
      return `Rules added to ${groupId}`;
    case 'remove-access':
      return `Temporary rules removed from ${groupId}`;
    case 'extend-access':
      return `Temporary rules of ${groupId} kept longer`;
    case 'edit-rules':
      return `Rules of ${groupId} changed`;
    case 'delete-group':
      return `${groupId} deleted`;
    case 'clone-group':
      return `${spec.name} (${groupId}), a copy of ${spec.sourceGroupId}`;
  }
}

/** The done status in mrkdwn, `groupId` already formatted. */
export function doneWords(request: Pick<ChangeRequest, 'kind'>, groupId: string): string {
  switch (request.kind) {
    case 'create-group':
      return `*Created* ${groupId}`;
    case 'add-rules':
      return `*Rules added* to ${groupId}`;
    case 'remove-access':
      return `*Temporary rules removed* from ${groupId}`;
    case 'extend-access':
      return `*Temporary rules kept longer* in ${groupId}`;
    case 'edit-rules':
      return `*Rules changed* on ${groupId}`;
    case 'delete-group':
      return `*Deleted* ${groupId}`;
    case 'clone-group':
      return `*Cloned* as ${groupId}`;
  }
}
