/**
 * The emulator's state, shared by requests served at the same time. A change runs whole on a copy
 * of the latest state (JavaScript runs it without interruption, so changes never interleave) and
 * is answered once a save that holds it is done; changes made while a save runs are written
 * together by the next one. Readers see the saved state: never a change not yet answered.
 */
import type { EmulatorState, StateFile } from './emulator-state.js';

export interface StateStore {
  /** The state as last saved. Not to be changed. */
  saved(): EmulatorState;
  /**
   * Runs `change` on a copy of the latest state and resolves with its result once that is saved.
   * When `change` throws, nothing changes. When the save fails, this change and every later one
   * not yet saved are refused, and the state goes back to the saved one.
   */
  change<T>(change: (working: EmulatorState) => T): Promise<T>;
  /** Resolves once no save is running. */
  idle(): Promise<void>;
}

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

export function stateStore(initial: EmulatorState, file?: StateFile): StateStore {
  let saved = initial;
  let latest = initial;
  let unsaved: Waiter[] = [];
  let saving: Promise<void> | undefined;

  const flush = () => {
    if (saving || unsaved.length === 0) return;
    const batch = unsaved;
    unsaved = [];
    const snapshot = latest;
    saving = (file ? file.save(snapshot) : Promise.resolve())
      .then(
        () => {
          saved = snapshot;
          for (const w of batch) w.resolve();
        },
        (err: unknown) => {
          // Later changes were made on top of the lost ones: they go too.
          const refused = [...batch, ...unsaved];
          unsaved = [];
          latest = saved;
          for (const w of refused) w.reject(err);
        },
      )
      .finally(() => {
        saving = undefined;
        flush();
      });
  };

  return {
    saved: () => saved,
    change(change) {
      const working = structuredClone(latest);
      const result = change(working);
      latest = working;
      return new Promise((resolve, reject) => {
        unsaved.push({ resolve: () => resolve(result), reject });
        flush();
      });
    },
    async idle() {
      while (saving) await saving;
    },
  };
}
