import { invalid } from '@fleetgate/common';
import { RegisterModelInput } from '@fleetgate/registry';

/** A file part as multer keeps it in memory. */
export interface UploadedPart {
  buffer: Buffer;
  size: number;
  originalname?: string;
}
export type UploadedParts = Partial<Record<'model' | 'manifest' | 'profile', UploadedPart[]>>;
/** The text fields of the upload (validated by `UploadModelFieldsDto`). */
export interface UploadFields {
  manifest?: string;
  profile?: string;
  version?: string;
}

/**
 * The parts of a multipart model upload as a registration: `model` (the .onnx file), `manifest`
 * (JSON, a file or a text field), optional `profile` (JSON, file or field) and `version`.
 * Every refusal names the part.
 */
export function registrationFromUpload(files: UploadedParts | undefined, fields: UploadFields | undefined): RegisterModelInput {
  const model = files?.model?.[0];
  if (!model) {
    throw invalid('the upload has no model: send the .onnx file as the multipart/form-data file part named "model"', [
      { field: 'model', message: 'missing file part' },
    ]);
  }
  const manifest = jsonPartText(files?.manifest?.[0], fields?.manifest, 'manifest');
  if (manifest === undefined) {
    throw invalid('the upload has no manifest: send fleetgate.model.json as the part named "manifest"', [{ field: 'manifest', message: 'missing part' }]);
  }
  const profileText = jsonPartText(files?.profile?.[0], fields?.profile, 'profile');
  let profile: unknown;
  if (profileText !== undefined) {
    try {
      profile = JSON.parse(profileText);
    } catch (error) {
      throw invalid(`the profile part is not valid JSON: ${(error as Error).message}`, [{ field: 'profile', message: 'not valid JSON' }]);
    }
  }
  // The manifest goes on as text: the registry parses it and names its fields.
  return {
    manifest,
    onnx: model.buffer,
    ...(fields?.version !== undefined ? { version: Number(fields.version) } : {}),
    ...(profile !== undefined ? { profile } : {}),
  };
}

function jsonPartText(file: UploadedPart | undefined, field: string | undefined, name: string): string | undefined {
  if (file && field !== undefined) {
    throw invalid(`the upload has the ${name} twice (as a file and as a text field); send it once`, [{ field: name, message: 'given twice' }]);
  }
  // A byte-order mark (some editors write one) is not part of the JSON.
  if (file) return file.buffer.toString('utf8').replace(/^\uFEFF/, '');
  return field;
}
