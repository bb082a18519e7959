/**
 * What a person may see of a request. A request asked in a private channel holds names, notes,
 * rules and group ids its channel's members see; someone who runs `show` or `history` elsewhere
 * should not learn them just by knowing the id. Without a scope to read channel membership, the
 * rule is: the requester and the approvers see everything, anywhere; others see everything where
 * the request was asked, and elsewhere only what it is (id, kind, status, dates); from another
 * workspace, nothing. Pure: the caller says whether the viewer is an approver.
 */
import type { ChangeRequest, RequestKind, RequestOrigin, RequestStatus } from '../types.js';

export interface Viewer {
  actorId: string;
  /** Where they are looking from (for Slack, the channel and workspace of the command). */
  from?: RequestOrigin;
}

/** What anyone in the workspace may see of a request. */
export interface RequestOutline {
  id: string;
  kind: RequestKind;
  status: RequestStatus;
  createdAt: string;
  expiresAt: string;
  /** When it last changed status. */
  updatedAt: string;
}

export type RequestView =
  | { visibility: 'full'; request: ChangeRequest }
  /** Looked at outside the conversation it was asked in, by someone neither its requester nor an approver. */
  | { visibility: 'outline'; request: RequestOutline; why: 'asked-elsewhere' }
  /** From another workspace: as if it did not exist. */
  | { visibility: 'none' };

export function outlineOf(request: ChangeRequest): RequestOutline {
  return {
    id: request.id,
    kind: request.kind,
    status: request.status,
    createdAt: request.createdAt,
    expiresAt: request.expiresAt,
    updatedAt: request.history.at(-1)?.at ?? request.createdAt,
  };
}

export function viewOf(request: ChangeRequest, viewer: Viewer, viewerIsApprover: boolean): RequestView {
  const origin = request.origin;
  const from = viewer.from;
  if (!origin || !from) return { visibility: 'full', request };
  if (origin.workspaceId !== undefined && origin.workspaceId !== from.workspaceId) return { visibility: 'none' };
  const privileged = viewer.actorId === request.requesterId || viewerIsApprover;
  if (privileged || origin.conversationId === from.conversationId) return { visibility: 'full', request };
  return { visibility: 'outline', request: outlineOf(request), why: 'asked-elsewhere' };
}
