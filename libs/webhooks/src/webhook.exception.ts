import { AppException } from '@fleetgate/common';

export enum WebhookErrorCode {
  Invalid = 'WEBHOOK_INVALID',
  NotFound = 'WEBHOOK_NOT_FOUND',
  StateUnchanged = 'WEBHOOK_STATE_UNCHANGED',
}

export class WebhookException extends AppException<WebhookErrorCode> {}

export const webhookErrors = {
  invalid: (field: string, message: string) => new WebhookException(WebhookErrorCode.Invalid, 'invalid', `${field}: ${message}`, [{ field, message }]),
  notFound: (id: string) => new WebhookException(WebhookErrorCode.NotFound, 'not-found', `webhook ${id} not found`),
  stateUnchanged: (id: string, status: string) => new WebhookException(WebhookErrorCode.StateUnchanged, 'conflict', `webhook ${id} is already ${status}`),
};
