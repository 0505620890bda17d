import { SetMetadata } from '@nestjs/common';
import { Role } from '@fleetgate/common';

export const ROLES_KEY = 'fleetgate:roles';
export const PUBLIC_KEY = 'fleetgate:public';

/** Roles allowed on a route; a route without @Roles is open to every authenticated user. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** No token needed (health, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
