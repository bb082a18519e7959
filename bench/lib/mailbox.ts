/**
 * Correlates what the fake Slack API reports with what the load generator waits for: a value
 * delivered under a key before anyone waits is kept until taken, and every wait has a deadline.
 */
export class Mailbox<T> {
  private readonly delivered = new Map<string, T>();
  private readonly waiting = new Map<string, (value: T) => void>();

  deliver(key: string, value: T): void {
    const waiter = this.waiting.get(key);
    if (waiter) {
      this.waiting.delete(key);
      waiter(value);
    } else {
      this.delivered.set(key, value);
    }
  }

  /** The value for `key`, or undefined when it has not come within `timeoutMs`. */
  take(key: string, timeoutMs: number): Promise<T | undefined> {
    const ready = this.delivered.get(key);
    if (ready !== undefined) {
      this.delivered.delete(key);
      return Promise.resolve(ready);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        resolve(undefined);
      }, timeoutMs);
      this.waiting.set(key, (value) => {
        clearTimeout(timer);
        resolve(value);
      });
    });
  }

  /** Forgets deliveries nobody took (between phases). */
  clear(): void {
    this.delivered.clear();
  }
}
