/**
 * The checks `laravel-bridge doctor` runs, in order. A new check: one file under checks/, one line here.
 */
import { pingCheck } from "./checks/ping.js";
import type { DoctorCheck } from "./run-checks.js";

export const DOCTOR_CHECKS: readonly DoctorCheck[] = Object.freeze([pingCheck]);
