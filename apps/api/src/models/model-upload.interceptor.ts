import { CallHandler, ExecutionContext, Injectable, NestInterceptor, PayloadTooLargeException, Type } from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import { Observable } from 'rxjs';
import { MAX_ONNX_BYTES } from '@fleetgate/registry';

/** The parts `POST /api/models/upload` takes as files (manifest and profile may also be text fields). */
export const MODEL_UPLOAD_FILES = ['model', 'manifest', 'profile'] as const;
/** A manifest or profile sent as a text field rather than a file, up to this size. */
export const MAX_UPLOAD_FIELD_BYTES = 20 * 1024 * 1024;

const mib = (bytes: number) => `${bytes / 1048576} MiB (${bytes} bytes)`;

const Multipart: Type<NestInterceptor> = FileFieldsInterceptor(
  MODEL_UPLOAD_FILES.map((name) => ({ name, maxCount: 1 })),
  // In memory: the registry checks and hashes the bytes whole anyway; the limit stops a larger file as it arrives.
  { limits: { fileSize: MAX_ONNX_BYTES, fieldSize: MAX_UPLOAD_FIELD_BYTES, files: MODEL_UPLOAD_FILES.length, fields: 3 } },
);

/**
 * Reads a `multipart/form-data` model upload (multer): no base64, no JSON body limit. A file
 * over the registry's model size limit is refused with a 413 that names the limit, before the
 * rest of it is kept.
 */
@Injectable()
export class ModelUploadInterceptor implements NestInterceptor {
  private readonly multipart = new Multipart();

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await (this.multipart.intercept(context, next) as Promise<Observable<unknown>>);
    } catch (error) {
      if (error instanceof PayloadTooLargeException) {
        throw new PayloadTooLargeException(`a file of the upload is larger than ${mib(MAX_ONNX_BYTES)}, the registry's limit for a model; nothing was stored`);
      }
      throw error;
    }
  }
}
