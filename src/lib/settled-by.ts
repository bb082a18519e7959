/**
 * Waits for `work` until `deadline` (ms since the epoch): true if it finished by then, false if
 * time ran out first (it goes on, unwatched). Its failure is thrown. An infinite deadline waits.
 */
export async function settledBy(work: Promise<unknown>, deadline: number): Promise<boolean> {
  const finished = work.then(() => true as const);
  if (!Number.isFinite(deadline)) return finished;
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([finished, timeUp]);
  } finally {
    clearTimeout(timer);
  }
}
