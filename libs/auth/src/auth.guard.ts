import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Actor, Role } from '@fleetgate/common';
import { authErrors } from './auth.exception';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';
import { UserService } from './user.service';

/** Global guard: Bearer token → actor on the request, then the route's roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly users: UserService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; actor?: Actor }>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) throw authErrors.missingToken();
    const actor = await this.users.byToken(match[1]);
    if (!actor) throw authErrors.badToken();
    request.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(actor.role)) throw authErrors.wrongRole(actor.role, roles);
    return true;
  }
}
