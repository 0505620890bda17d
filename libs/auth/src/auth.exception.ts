import { AppException } from '@fleetgate/common';

export enum AuthErrorCode {
  MissingToken = 'AUTH_MISSING_TOKEN',
  BadToken = 'AUTH_BAD_TOKEN',
  WrongRole = 'AUTH_WRONG_ROLE',
  WrongSite = 'AUTH_WRONG_SITE',
  UserExists = 'AUTH_USER_EXISTS',
  InvalidUser = 'AUTH_INVALID_USER',
}

export class AuthException extends AppException<AuthErrorCode> {}

export const authErrors = {
  missingToken: () => new AuthException(AuthErrorCode.MissingToken, 'unauthenticated', 'missing bearer token (send "Authorization: Bearer <token>")'),
  badToken: () => new AuthException(AuthErrorCode.BadToken, 'unauthenticated', 'unknown or revoked token'),
  wrongRole: (role: string, allowed: readonly string[]) =>
    new AuthException(AuthErrorCode.WrongRole, 'forbidden', `role ${role} may not do this (allowed: ${allowed.join(', ')})`),
  wrongSite: (site: string) => new AuthException(AuthErrorCode.WrongSite, 'forbidden', `no access to site ${site}`),
};
