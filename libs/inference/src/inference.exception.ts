import { AppException, ErrorKind } from '@fleetgate/common';

/** Why the inference lib refused something. */
export enum InferenceErrorCode {
  InvalidRecipe = 'INVALID_RECIPE',
  MissingSignal = 'MISSING_SIGNAL',
  GridMismatch = 'GRID_MISMATCH',
  InvalidModel = 'INVALID_MODEL',
  ModelIntegrity = 'MODEL_INTEGRITY',
  InvalidInput = 'INVALID_INPUT',
  UnsupportedOutput = 'UNSUPPORTED_OUTPUT',
}

// Recipes and models arrive with an upload or a manifest, so their faults are the
// sender's (422); a bad call into the lib is a 400.
const KIND: Record<InferenceErrorCode, ErrorKind> = {
  [InferenceErrorCode.InvalidRecipe]: 'unprocessable',
  [InferenceErrorCode.MissingSignal]: 'unprocessable',
  [InferenceErrorCode.GridMismatch]: 'unprocessable',
  [InferenceErrorCode.InvalidModel]: 'unprocessable',
  [InferenceErrorCode.ModelIntegrity]: 'unprocessable',
  [InferenceErrorCode.InvalidInput]: 'invalid',
  [InferenceErrorCode.UnsupportedOutput]: 'unprocessable',
};

export class InferenceException extends AppException<InferenceErrorCode> {
  constructor(code: InferenceErrorCode, message: string) {
    super(code, KIND[code], message);
  }
}
