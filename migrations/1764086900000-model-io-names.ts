import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { text } from './columns.util';

/**
 * The ONNX input and output names of each model version, found in the file at registration,
 * so models exported as `x`, `input` or `float_input` are fed by their own name. Versions
 * registered before were only ever fed `features`: that, and the manifest's output name, are
 * filled in for them.
 */
export class ModelIoNames1764086900000 implements MigrationInterface {
  name = 'ModelIoNames1764086900000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('model_versions', [new TableColumn(text('input_name', true)), new TableColumn(text('output_name', true))]);
    const rows: Array<{ id: string; manifest: string }> = await q.manager
      .createQueryBuilder()
      .select(['id', 'manifest'])
      .from('model_versions', 'v')
      .getRawMany();
    for (const row of rows) {
      const outputName = (JSON.parse(row.manifest) as { output?: { name?: unknown } }).output?.name;
      // Every stored manifest was validated at registration; one without an output name is a corrupt row.
      if (typeof outputName !== 'string') throw new Error(`model version ${row.id}: its stored manifest has no output.name`);
      await q.manager
        .createQueryBuilder()
        .update('model_versions')
        .set({ input_name: 'features', output_name: outputName })
        .where('id = :id', { id: row.id })
        .execute();
    }
    for (const name of ['input_name', 'output_name']) await q.changeColumn('model_versions', name, new TableColumn(text(name)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('model_versions', ['input_name', 'output_name']);
  }
}
