import { Foundation1764086400000 } from './1764086400000-foundation';
import { Telemetry1764086500000 } from './1764086500000-telemetry';
import { Registry1764086600000 } from './1764086600000-registry';
import { Evaluation1764086700000 } from './1764086700000-evaluation';
import { Gate1764086800000 } from './1764086800000-gate';
import { ModelIoNames1764086900000 } from './1764086900000-model-io-names';
import { ImportPaths1764087000000 } from './1764087000000-import-paths';
import { RunIdempotencyKey1764087300000 } from './1764087300000-run-idempotency-key';
import { FourEyesAuditAnchor1764087500000 } from './1764087500000-four-eyes-audit-anchor';
import { LiveIngest1764087600000 } from './1764087600000-live-ingest';
import { MachineBaselines1764087700000 } from './1764087700000-machine-baselines';
import { RunThresholdMode1764087800000 } from './1764087800000-run-threshold-mode';
import { Scoring1764087900000 } from './1764087900000-scoring';
import { Guards1764088000000 } from './1764088000000-guards';
import { Webhooks1764088100000 } from './1764088100000-webhooks';
import { Shadows1764088200000 } from './1764088200000-shadows';
import { DefaultPolicyValue1764088300000 } from './1764088300000-default-policy-value';
import { Advice1764088400000 } from './1764088400000-advice';
import { ChunkRollups1764088500000 } from './1764088500000-chunk-rollups';

/** Every migration, in order. New files are appended here. */
export const MIGRATIONS = [
  Foundation1764086400000,
  Telemetry1764086500000,
  Registry1764086600000,
  Evaluation1764086700000,
  Gate1764086800000,
  ModelIoNames1764086900000,
  ImportPaths1764087000000,
  RunIdempotencyKey1764087300000,
  FourEyesAuditAnchor1764087500000,
  LiveIngest1764087600000,
  MachineBaselines1764087700000,
  RunThresholdMode1764087800000,
  Scoring1764087900000,
  Guards1764088000000,
  Webhooks1764088100000,
  Shadows1764088200000,
  DefaultPolicyValue1764088300000,
  Advice1764088400000,
  ChunkRollups1764088500000,
];
