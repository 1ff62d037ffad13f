// How a promise ends within `ms`: its value, its error, or that it stalled (what a fuzz test must never see).
export function settleWithin<T>(promise: Promise<T>, ms: number): Promise<{ value?: T; error?: unknown; stalled?: true }> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ stalled: true }), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve({ value });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ error });
      },
    );
  });
}
