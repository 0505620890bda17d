import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Actor } from '@fleetgate/common';

/** The authenticated caller, set by AuthGuard. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest<{ actor: Actor }>().actor);
