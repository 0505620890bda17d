import { CallHandler, ExecutionContext, Injectable, NestInterceptor, ParseIntPipe, ParseUUIDPipe, PipeTransform } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { Observable } from 'rxjs';
import { invalid } from '@fleetgate/common';
import { MAX_INT32 } from './page-query.dto';

interface RouteArg {
  data?: unknown;
  pipes?: Array<PipeTransform | (new () => PipeTransform)>;
}

/**
 * Nest's parameter pipes (`@Param('id', ParseUUIDPipe)`) answer "Validation failed (uuid is
 * expected)" without saying which parameter. This runs each path parameter's own pipes first
 * and refuses a bad value by its name; an integer parameter must also fit an integer column.
 */
@Injectable()
export class RouteParamsInterceptor implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const params = context.switchToHttp().getRequest<{ params?: Record<string, string> }>().params ?? {};
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ?? {}) as Record<string, RouteArg>;
    for (const [key, arg] of Object.entries(args)) {
      if (Number(key.split(':')[0]) !== RouteParamtypes.PARAM || typeof arg.data !== 'string' || !arg.pipes?.length) continue;
      await checkParam(arg.data, params[arg.data], arg.pipes);
    }
    return next.handle();
  }
}

async function checkParam(name: string, raw: string | undefined, pipes: NonNullable<RouteArg['pipes']>): Promise<void> {
  let value: unknown = raw;
  for (const p of pipes) {
    const pipe = typeof p === 'function' ? new p() : p;
    try {
      value = await pipe.transform(value, { type: 'param', data: name });
    } catch (error) {
      const message =
        pipe instanceof ParseUUIDPipe ? 'must be a UUID' : pipe instanceof ParseIntPipe ? 'must be an integer' : String((error as Error).message ?? error);
      throw invalid(`path parameter ${name} ${message}`, [{ field: name, message }]);
    }
    if (pipe instanceof ParseIntPipe && Math.abs(value as number) > MAX_INT32) {
      const message = `must be an integer from ${-MAX_INT32} to ${MAX_INT32}`;
      throw invalid(`path parameter ${name} ${message}`, [{ field: name, message }]);
    }
  }
}
