import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig, APP_CONFIG } from '@fleetgate/config';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.options';
import { runMigrations } from './migrate.util';
import { serializeSqliteTransactions } from './sqlite-transactions.util';

@Module({})
export class DbModule {
  /** `migrate: true` (api, worker) applies pending migrations before the app serves. */
  static forRoot(opts: { migrate: boolean }): DynamicModule {
    return {
      module: DbModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config), autoLoadEntities: true }),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            serializeSqliteTransactions(dataSource);
            if (opts.migrate) await runMigrations(dataSource);
            return dataSource;
          },
        }),
      ],
    };
  }
}
