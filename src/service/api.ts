/**
 * The shared service layer's public surface. Every front end (Slack today; a CLI or web page
 * later) calls only these methods, with opaque actor ids.
 */
import type { ChangeRequest, ConversationRef, Project, Region, Rule, SecurityGroup, Template } from './types.js';

/** Raw create-group input as a form gives it; validated by the service's schemas. */
export interface CreateGroupInput {
  region: string;
  templateId: string;
  name: string;
  projectId: string;
  notes: string;
}

/** One rule as a form gives it: strings, validated into a domain Rule. */
export interface RuleInput {
  direction: string;
  protocol: string;
  port: string;
  /** IPv4 CIDR, IPv6 CIDR, or sg-xxxxxxxx. */
  peer: string;
  action: string;
  description: string;
}

export interface AddRulesInput {
  region: string;
  securityGroupId: string;
  rules: RuleInput[];
}

/** Why a listener hears of a request. */
export interface ChangeContext {
  /** recover() handing over a request a stopped process did not finish showing; not a new change. */
  recovery?: boolean;
}

export type RequestListener = (request: ChangeRequest, context: ChangeContext) => void | Promise<void>;

export interface ActionOptions {
  /**
   * Called once the action is stored, before any cloud call and before the change listeners run,
   * so a front end can answer the person as soon as what they did can no longer be lost. Its
   * failure is logged, not thrown.
   */
  onStored?: () => unknown;
}

export interface ChangeRequestService {
  /** Validates (InvalidInputError with field issues), plans rules from the template, stores `pending`. */
  submitCreateGroup(input: CreateGroupInput, actorId: string, conversation?: ConversationRef): Promise<ChangeRequest>;
  submitAddRules(input: AddRulesInput, actorId: string, conversation?: ConversationRef): Promise<ChangeRequest>;
  /**
   * Records one approval. When the request has all the approvals it needs it becomes `approved`
   * and is executed before this returns (the result is then `done` or `failed`).
   */
  approve(id: string, actorId: string, options?: ActionOptions): Promise<ChangeRequest>;
  reject(id: string, actorId: string, reason: string, options?: ActionOptions): Promise<ChangeRequest>;
  cancel(id: string, actorId: string, options?: ActionOptions): Promise<ChangeRequest>;
  /** failed → executing → done | failed; approvers only. */
  retry(id: string, actorId: string, options?: ActionOptions): Promise<ChangeRequest>;
  /**
   * Where the front end shows the request; not a status change. `shownHistory` never moves back,
   * whatever the caller read before.
   */
  attachConversation(id: string, conversation: ConversationRef): Promise<ChangeRequest>;
  /** The front end has finished showing the first `historyLength` history entries (see ConversationRef). */
  recordShown(id: string, historyLength: number): Promise<ChangeRequest>;
  get(id: string): Promise<ChangeRequest>;
  history(options: { limit: number; cursor?: string }): Promise<{ items: ChangeRequest[]; nextCursor?: string }>;
  /** Moves overdue pending requests to `expired`; returns them. */
  expireDue(): Promise<ChangeRequest[]>;
  /**
   * Start-up and maintenance: tells the listeners again about posted requests whose showing a stop
   * cut short, then finishes requests left `approved` or `executing` by a stopped process.
   */
  recover(): Promise<ChangeRequest[]>;
  /** Called after every stored change, in order, per request. Listener errors are logged, not thrown. */
  onChange(listener: RequestListener): void;
}

export interface CatalogService {
  templates(): Template[];
  template(id: string): Template | undefined;
  /** Never waits for the cloud: cached list, else the manifest's defaults; refreshes in the background. */
  regions(): Promise<Region[]>;
  /** Never waits for the cloud: cached list, else just the Default project; refreshes in the background. */
  projects(): Promise<Project[]>;
  defaultRegion(): string;
  listGroups(region: string): Promise<SecurityGroup[]>;
  groupRules(region: string, groupId: string): Promise<Rule[]>;
}
