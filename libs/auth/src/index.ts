export * from './user.entity';
export * from './user.service';
export * from './auth.exception';
export * from './auth.guard';
export * from './roles.decorator';
export * from './current-actor.decorator';
export * from './auth.module';
export * from './token.util';
