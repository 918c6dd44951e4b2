/**
 * ≈ `Worker::listenForSignals()`: SIGTERM (and SIGINT, for a terminal) → finish the jobs in hand,
 * pop nothing new, stop with status 0; SIGUSR2 pauses popping, SIGCONT resumes. Only the CLI installs
 * these; a library user decides what their process does with signals.
 */
import type { Worker } from "./worker.js";

/** Installs the handlers; returns a function that removes them. */
export function listenForSignals(worker: Worker, target: NodeJS.Process = process): () => void {
  const stop = (): void => worker.stop("interrupted");
  const pause = (): void => worker.pause();
  const resume = (): void => worker.resume();
  target.on("SIGTERM", stop);
  target.on("SIGINT", stop);
  target.on("SIGUSR2", pause);
  target.on("SIGCONT", resume);
  return () => {
    target.off("SIGTERM", stop);
    target.off("SIGINT", stop);
    target.off("SIGUSR2", pause);
    target.off("SIGCONT", resume);
  };
}
