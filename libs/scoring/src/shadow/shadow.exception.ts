import { AppException } from '@fleetgate/common';

export enum ShadowErrorCode {
  InvalidRequest = 'SHADOW_INVALID_REQUEST',
  NotFound = 'SHADOW_NOT_FOUND',
  AlreadyStopped = 'SHADOW_ALREADY_STOPPED',
  AlreadyShadowing = 'SHADOW_ALREADY_SHADOWING',
}

export class ShadowException extends AppException<ShadowErrorCode> {}

export const shadowErrors = {
  invalid: (field: string, message: string) => new ShadowException(ShadowErrorCode.InvalidRequest, 'invalid', `${field}: ${message}`, [{ field, message }]),
  notFound: (id: string) => new ShadowException(ShadowErrorCode.NotFound, 'not-found', `shadow ${id} not found`),
  alreadyStopped: (id: string) => new ShadowException(ShadowErrorCode.AlreadyStopped, 'conflict', `shadow ${id} is stopped already`),
  alreadyShadowing: (assetIds: string[]) =>
    new ShadowException(ShadowErrorCode.AlreadyShadowing, 'conflict', `this version already shadows ${assetIds.join(', ')}: stop that shadow first`),
};
