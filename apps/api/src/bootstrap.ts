import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { loadConfig } from '@fleetgate/config';
import { AppModule } from './app.module';
import { AppExceptionFilter } from './app-exception.filter';
import { appValidationPipe } from './validation.pipe';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug'];

/** Builds the api with every global (prefix, pipe, filter, docs); shared by main, tests and openapi export. */
export async function createApi(opts: { logs?: boolean } = {}): Promise<{ app: INestApplication; document: OpenAPIObject }> {
  const config = loadConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    logger: opts.logs === false ? false : LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
    bodyParser: false,
  });
  // Fleet files of 400 machines and telemetry CSVs are posted whole.
  app.useBodyParser('json', { limit: '50mb' });
  app.useBodyParser('text', { limit: '200mb', type: ['text/csv', 'text/plain'] });
  app.useBodyParser('raw', { limit: '60mb', type: ['application/octet-stream'] });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(appValidationPipe());
  app.useGlobalFilters(new AppExceptionFilter());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('fleetgate')
      .setDescription('From one pilot machine to the fleet, with evidence and a gate.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);
  return { app, document };
}
