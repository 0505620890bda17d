import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { Actor, AppException, ROLES, Role } from '@fleetgate/common';
import { AuditService } from '@fleetgate/audit';
import { isUniqueViolation } from '@fleetgate/db';
import { AuthErrorCode } from './auth.exception';
import { UserEntity } from './user.entity';
import { hashToken, newToken } from './token.util';

export interface CreatedUser {
  user: Actor;
  /** Shown once; not recoverable later. */
  token: string;
}

@Injectable()
export class UserService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly audit: AuditService,
  ) {}

  /** `knownSites`: when given, every site of the user must be one of them (named `sites[i]` otherwise). */
  async create(input: { name: string; role: string; sites?: string[] }, by: string, opts: { knownSites?: readonly string[] } = {}): Promise<CreatedUser> {
    const errors = [];
    if (!/^[A-Za-z0-9_.@-]{1,100}$/.test(input.name ?? '')) errors.push({ field: 'name', message: 'letters, digits, _ . @ - (1–100)' });
    if (!ROLES.includes(input.role as Role)) errors.push({ field: 'role', message: `must be one of ${ROLES.join(', ')}` });
    const sites = input.sites ?? [];
    if (input.role === 'plant-manager' && sites.length === 0) errors.push({ field: 'sites', message: 'a plant manager needs at least one site' });
    const known = opts.knownSites && new Set(opts.knownSites);
    if (known) sites.forEach((s, i) => known.has(s) || errors.push({ field: `sites[${i}]`, message: `unknown site "${s}": create the site first` }));
    if (errors.length) throw new AppException(AuthErrorCode.InvalidUser, 'invalid', 'invalid user', errors);
    const token = newToken();
    const user = this.users.create({
      id: randomUUID(),
      name: input.name,
      role: input.role as Role,
      sites,
      tokenHash: hashToken(token),
      createdAt: Date.now(),
      revokedAt: null,
    });
    try {
      await this.users.manager.transaction(async (m) => {
        await m.getRepository(UserEntity).insert(user);
        await this.audit.append({ actor: by, action: 'user.created', subject: `user:${user.name}`, payload: { role: user.role, sites } }, m);
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppException(AuthErrorCode.UserExists, 'conflict', `user ${input.name} already exists`, [{ field: 'name', message: 'taken' }]);
      throw error;
    }
    return { user: toActor(user), token };
  }

  async list(): Promise<Array<Actor & { revoked: boolean }>> {
    const rows = await this.users.find({ order: { name: 'ASC' } });
    return rows.map((u) => ({ ...toActor(u), revoked: u.revokedAt !== null }));
  }

  async revoke(name: string, by: string): Promise<void> {
    await this.users.manager.transaction(async (m) => {
      const result = await m.getRepository(UserEntity).update({ name, revokedAt: IsNull() }, { revokedAt: Date.now() });
      if (!result.affected) throw new AppException('AUTH_USER_NOT_FOUND', 'not-found', `no active user ${name}`);
      await this.audit.append({ actor: by, action: 'user.revoked', subject: `user:${name}` }, m);
    });
  }

  async byToken(token: string): Promise<Actor | null> {
    const user = await this.users.findOne({ where: { tokenHash: hashToken(token), revokedAt: IsNull() } });
    return user ? toActor(user) : null;
  }
}

function toActor(u: UserEntity): Actor {
  return { id: u.id, name: u.name, role: u.role, sites: u.sites };
}
