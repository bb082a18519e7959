/** Holding a call to an action until a test lets it go: a slow or stuck cloud, on demand. */

export type HoldPoint =
  /** The call waits before the action runs: the cloud has not acted yet. */
  | 'before'
  /** The action has run and its effect is saved; the answer waits. */
  | 'after';

export interface HeldCall {
  /** Resolves when the call has reached the held point. */
  arrived: Promise<void>;
  /** Lets the call go on. */
  release(): void;
}

interface PendingHold {
  action: string;
  point: HoldPoint;
  arrive(): void;
  released: Promise<void>;
}

export class CallHolds {
  private pending: PendingHold[] = [];
  private releases = new Set<() => void>();

  /** Holds the next call to `action` that reaches it (a call refused earlier, e.g. unsigned, does not). */
  holdNext(action: string, point: HoldPoint = 'before'): HeldCall {
    let arrive = () => {};
    let resolveReleased = () => {};
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    const released = new Promise<void>((resolve) => {
      resolveReleased = resolve;
    });
    const release = () => {
      this.releases.delete(release);
      resolveReleased();
    };
    this.pending.push({ action, point, arrive, released });
    this.releases.add(release);
    return { arrived, release };
  }

  /** The hold asked for the next call to `action`, taken by this call. */
  take(action: string): PendingHold | undefined {
    const i = this.pending.findIndex((h) => h.action === action);
    return i < 0 ? undefined : this.pending.splice(i, 1)[0];
  }

  /** Lets every call go, held or yet to come (the emulator is stopping). */
  releaseAll(): void {
    for (const release of [...this.releases]) release();
    this.pending = [];
  }
}
