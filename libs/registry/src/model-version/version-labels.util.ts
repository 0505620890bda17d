import { DataSource, EntityManager, In } from 'typeorm';
import { ModelEntity } from '../model/model.entity';
import { ModelVersionEntity } from './model-version.entity';

/** Model name and version number of these versions, for labels (`pump@3`); two reads whatever the count. */
export async function versionLabels(source: DataSource | EntityManager, ids: string[]): Promise<Array<{ id: string; version: number; model: string }>> {
  if (!ids.length) return [];
  const versions = await source.getRepository(ModelVersionEntity).find({ select: { id: true, version: true, modelId: true }, where: { id: In(ids) } });
  const models = await source
    .getRepository(ModelEntity)
    .find({ select: { id: true, name: true }, where: { id: In([...new Set(versions.map((v) => v.modelId))]) } });
  const names = new Map(models.map((m) => [m.id, m.name]));
  return versions.map((v) => ({ id: v.id, version: v.version, model: names.get(v.modelId) ?? v.modelId }));
}
