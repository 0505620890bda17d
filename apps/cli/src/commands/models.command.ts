import { Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_ONNX_BYTES } from '@fleetgate/registry';
import { api } from '../api-client';
import { CliError, print } from '../cli-context';

interface VersionView {
  id: string;
  model: string;
  task: string;
  version: number;
  sha256: string;
  sizeBytes: number;
  inputName: string;
  outputName: string;
  stage: string;
  createdBy: string;
  createdAt: string;
  provenance: { machineIds?: string[]; from?: string; to?: string; framework?: string };
  history: Array<{ fromStage: string | null; toStage: string; actor: string; reason: string; at: string }>;
  profile: {
    status: string;
    reason: string | null;
    features: number;
    windows: { total: number | null; healthy: number } | null;
    sampleSize: number | null;
    alarmRate: unknown;
  };
}
interface ModelRow {
  name: string;
  task: string;
  owner: string;
  versionCount: number;
  latestVersion: number | null;
  versions?: Array<{ version: number; stage: string; sha256: string; profileStatus: string; createdAt: string }>;
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${what} ${file}: ${(error as Error).message}`, 2);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${what} ${file} is not valid JSON: ${(error as Error).message}`, 2);
  }
}

/** The .onnx file to upload, refused here (exit 2) when unreadable or over the registry's size limit. */
async function modelBlob(file: string): Promise<Blob> {
  let size: number;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch (error) {
    throw new CliError(`cannot read model ${file}: ${(error as Error).message}`, 2);
  }
  if (size > MAX_ONNX_BYTES) {
    throw new CliError(`model ${file} is ${size} bytes; the registry takes models up to ${MAX_ONNX_BYTES / 1048576} MiB (${MAX_ONNX_BYTES} bytes)`, 2);
  }
  return fs.openAsBlob(file);
}

function describeVersion(v: VersionView): string {
  const p = v.profile;
  const profile =
    p.status === 'absent'
      ? `none (${p.reason})`
      : `${p.status}: ${p.features} features, ${p.windows?.healthy ?? '?'} healthy windows, sample ${p.sampleSize}, training alarm rate ${p.alarmRate}`;
  return [
    `${v.model}@${v.version}  (${v.task}, stage ${v.stage})`,
    `  id        ${v.id}`,
    `  sha256    ${v.sha256}  (${v.sizeBytes} bytes)`,
    `  onnx      input "${v.inputName}" → output "${v.outputName}"`,
    `  trained   on ${(v.provenance.machineIds ?? []).join(', ') || '-'} from ${v.provenance.from ?? '?'} to ${v.provenance.to ?? '?'}${v.provenance.framework ? ` with ${v.provenance.framework}` : ''}`,
    `  profile   ${profile}`,
    `  by        ${v.createdBy} at ${v.createdAt}`,
    '  history',
    ...v.history.map((h) => `    ${h.at}  ${h.fromStage ?? '-'} → ${h.toStage}  by ${h.actor}: ${h.reason}`),
  ].join('\n');
}

export function modelsCommand(program: Command): void {
  const models = program.command('models').description('the model registry (via the api)');
  models
    .command('register')
    .description('register an ONNX model with its manifest (same bytes + manifest again returns the existing version)')
    .argument('<model.onnx>')
    .option('--manifest <json>', 'manifest file (default: fleetgate.model.json beside the model)')
    .option('--version <n>', 'register as this version number (409 when it holds other content)')
    .option('--profile <json>', 'a reference profile computed elsewhere')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { manifest?: string; version?: string; profile?: string; json?: boolean }) => {
      const manifest = readJson(opts.manifest ?? path.join(path.dirname(file), 'fleetgate.model.json'), 'manifest');
      const version = opts.version === undefined ? undefined : Number(opts.version);
      if (version !== undefined && !(Number.isInteger(version) && version >= 1))
        throw new CliError(`--version must be a positive integer, got "${opts.version}"`, 2);
      const profile = opts.profile ? readJson(opts.profile, 'profile') : undefined;
      // Always multipart (POST /models/upload): the file streams from disk, no base64, no JSON body limit.
      const form = new FormData();
      form.append('model', await modelBlob(file), path.basename(file));
      form.append('manifest', JSON.stringify(manifest));
      if (version !== undefined) form.append('version', String(version));
      if (profile !== undefined) form.append('profile', new Blob([JSON.stringify(profile)], { type: 'application/json' }), 'profile.json');
      const v = await api<VersionView>('POST', '/models/upload', form);
      print(
        !!opts.json,
        v,
        () =>
          `registered ${v.model}@${v.version} (sha256 ${v.sha256}, stage ${v.stage})\nprofile: ${v.profile.status}${v.profile.reason ? ` — ${v.profile.reason}` : ''}`,
      );
    });
  models
    .command('list')
    .description('registered models')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const list = await api<ModelRow[]>('GET', '/models');
      print(
        !!opts.json,
        list,
        () =>
          list.map((m) => `${m.name}\t${m.task}\t${m.versionCount} version(s), latest ${m.latestVersion ?? '-'}\towner ${m.owner}`).join('\n') || 'no models',
      );
    });
  models
    .command('show')
    .description('a model (<name>) or one version (<name>@<version>)')
    .argument('<name[@version]>')
    .option('--json', 'machine-readable output')
    .action(async (ref: string, opts: { json?: boolean }) => {
      const match = /^(.+?)(?:@(\d+))?$/.exec(ref)!;
      const name = encodeURIComponent(match[1]);
      if (match[2]) {
        const v = await api<VersionView>('GET', `/models/${name}/versions/${match[2]}`);
        print(!!opts.json, v, () => describeVersion(v));
        return;
      }
      const m = await api<ModelRow>('GET', `/models/${name}`);
      print(!!opts.json, m, () =>
        [
          `${m.name} (${m.task}, owner ${m.owner})`,
          ...(m.versions ?? []).map((v) => `  @${v.version}\t${v.stage}\tprofile ${v.profileStatus}\t${v.sha256.slice(0, 12)}…\t${v.createdAt}`),
        ].join('\n'),
      );
    });
}
