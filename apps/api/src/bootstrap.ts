import { INestApplication, UnsupportedMediaTypeException } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PinoNestLogger, requestIdMiddleware, silenceLogs } from '@fleetgate/logging';
import { AppModule } from './app.module';
import { AppExceptionFilter } from './app-exception.filter';
import { appValidationPipe } from './validation.pipe';
import { readsBody, verifyJsonDepth } from './request-body.util';
import { RouteParamsInterceptor } from './route-params.interceptor';
import { httpMetricsMiddleware } from './ops/http-metrics.middleware';
import { serveWebConsole } from './web-console.util';

/** Builds the api with every global (prefix, pipe, filter, docs); shared by main, tests and openapi export. */
export async function createApi(opts: { logs?: boolean } = {}): Promise<{ app: INestApplication; document: OpenAPIObject }> {
  // JSON lines through pino (see @fleetgate/logging); level and format from the config.
  silenceLogs(opts.logs === false);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(PinoNestLogger));
  app.use(httpMetricsMiddleware);
  app.use(requestIdMiddleware);
  // A body in a content type nothing reads is a 415 here, not an empty body validated later.
  app.use(refuseUnreadableBody);
  // Fleet files of 400 machines and telemetry CSVs are posted whole. JSON nested deeper than
  // MAX_JSON_DEPTH is refused (400, naming the byte) before anything recurses over it; a
  // charset other than UTF-8/16/32 on JSON is body-parser's 415.
  app.useBodyParser('json', { limit: '50mb', verify: verifyJsonDepth });
  app.useBodyParser('text', { limit: '200mb', type: ['text/csv', 'text/plain'] });
  app.useBodyParser('raw', { limit: '60mb', type: ['application/octet-stream'] });
  // After the body parsers, whose stream callbacks would lose the request's context.
  app.use(requestIdMiddleware);
  app.setGlobalPrefix('api');
  // The console (apps/web, built to dist/web) at /; the api keeps /api.
  serveWebConsole(app);
  app.useGlobalInterceptors(new RouteParamsInterceptor());
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

function refuseUnreadableBody(req: IncomingMessage, _res: unknown, next: (error?: unknown) => void): void {
  const type = req.headers['content-type'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (!hasBody || readsBody(type)) return next();
  next(
    new UnsupportedMediaTypeException(
      `content type ${type ?? '(none)'} is not accepted: send application/json (text/csv or multipart/form-data where the route says so)`,
    ),
  );
}
