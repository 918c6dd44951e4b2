/**
 * ≈ `Worker::stopIfNecessary()` and 12.x `WorkerStopReason`: why a worker stops and its exit status
 * (Worker::EXIT_SUCCESS 0, EXIT_ERROR 1, EXIT_MEMORY_LIMIT 12).
 */
export type StopReason =
  | "interrupted"
  | "memory"
  | "restart"
  | "empty"
  | "maxTime"
  | "maxJobs"
  | "once"
  | "timeout"
  | "clockSkew";

export const EXIT_STATUS: Readonly<Record<StopReason, number>> = Object.freeze({
  interrupted: 0,
  memory: 12,
  restart: 0,
  empty: 0,
  maxTime: 0,
  maxJobs: 0,
  once: 0,
  timeout: 1,
  clockSkew: 1,
});

/** What `run()` resolves with. */
export interface WorkerResult {
  reason: StopReason;
  /** The process exit status Laravel's worker would use. */
  status: number;
  processed: number;
  failed: number;
}

export interface StopCheck {
  shouldQuit: boolean;
  memoryMb: number;
  memoryLimitMb: number;
  restartSignalled: boolean;
  stopWhenEmpty: boolean;
  hadJob: boolean;
  elapsedSeconds: number;
  maxTime: number;
  jobsProcessed: number;
  maxJobs: number;
}

/** The first reason that applies, in Laravel's order, or null to keep going. */
export function stopReason(check: StopCheck): StopReason | null {
  if (check.shouldQuit) return "interrupted";
  if (check.memoryMb >= check.memoryLimitMb) return "memory";
  if (check.restartSignalled) return "restart";
  if (check.stopWhenEmpty && !check.hadJob) return "empty";
  if (check.maxTime > 0 && check.elapsedSeconds >= check.maxTime) return "maxTime";
  if (check.maxJobs > 0 && check.jobsProcessed >= check.maxJobs) return "maxJobs";
  return null;
}
