/**
 * How the Slack side remembers showing a request: which messages show it (the card in the
 * channel, the approval prompt and the retry offer in its thread), how far each is brought up to
 * date, and who is showing it right now. The service knows nothing of this; it is stored beside
 * the requests through this port (src/store/presentation-store.ts implements it).
 */

export interface PresentationRecord {
  requestId: string;
  /** Bumped by every write; writes are compare-and-set on it. */
  version: number;
  /** How many entries of the request's history are fully shown; a restart shows the rest. */
  shownHistory: number;
  channelId: string;
  /** The thread the card is a reply in (rules for a group live in the thread of its request). */
  threadTs?: string;
  cardTs?: string;
  /** A digest of what the card last showed: it is updated only when what it should show differs. */
  cardDigest?: string;
  /** The message asking the approvers to decide; its buttons are taken away once the request is decided. */
  promptTs?: string;
  promptDigest?: string;
  /** The latest failure's message with its Retry button; its button is taken away once a retry starts. */
  retryOfferTs?: string;
  /** The offer's button is gone (a retry started); it says who retried, which never changes. */
  retryOfferClosed?: boolean;
  /** History entries whose thread messages (rules, failure, outcome) are posted. */
  announcedHistory: number;
  /** Messages of the announcement in progress already posted, so a resumed one posts only the rest. */
  announcing?: { entry: number; posted: number };
  /** Temporary rules: Extend and Remove now in the thread, updated when the expiry moves or the rules go. */
  accessControlsTs?: string;
  accessControlsDigest?: string;
  /** Temporary rules: the expiry the thread was reminded of (posted once per expiry). */
  remindedFor?: string;
  /** The bot may not post in the channel; nothing more is tried until someone shows it again. */
  unpostable?: boolean;
  /** A process is showing the request; others leave it alone until `until`, unless renewed. */
  claim?: { owner: string; until: string };
}

export interface PresentationStore {
  get(requestId: string): Promise<PresentationRecord | undefined>;
  /** False when the request already has a record. */
  insert(record: PresentationRecord): Promise<boolean>;
  /** Compare-and-set on `version`. */
  replace(record: PresentationRecord, expectedVersion: number): Promise<boolean>;
  /** Requests asked in a conversation whose showing lags behind them, oldest first. */
  listBehind(limit: number): Promise<string[]>;
}
