import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '@fleetgate/config';
import { createApi } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig();
  const { app } = await createApi();
  await app.listen(config.port, '0.0.0.0');
  new Logger('Api').log({ msg: 'listening', url: await app.getUrl(), docs: '/api/docs' });
}

main().catch((error) => {
  // A bad environment names the variable; anything else is a start-up failure.
  process.stderr.write(`${error instanceof ConfigError ? 'configuration error: ' : ''}${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
