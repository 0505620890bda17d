import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ConfigModule } from '@fleetgate/config';
import { DbModule } from '@fleetgate/db';
import { AuditModule } from '@fleetgate/audit';
import { AuthGuard, AuthModule } from '@fleetgate/auth';
import { HealthController } from './health/health.controller';
import { AuditController } from './audit/audit.controller';
import { UsersController } from './users/users.controller';

@Module({
  imports: [ConfigModule, DbModule.forRoot({ migrate: true }), AuditModule, AuthModule],
  controllers: [HealthController, AuditController, UsersController],
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
})
export class AppModule {}
