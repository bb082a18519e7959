/**
 * Resolves once `work` settles or at `deadline` (ms since the epoch), whichever comes first: true
 * if it settled. An infinite deadline waits for `work`.
 */
export async function settledBy(work: Promise<unknown>, deadline: number): Promise<boolean> {
  const settled = work.then(
    () => true as const,
    () => true as const,
  );
  if (!Number.isFinite(deadline)) return settled;
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([settled, timeUp]);
  } finally {
    clearTimeout(timer);
  }
}
