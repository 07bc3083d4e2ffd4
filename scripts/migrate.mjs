// npm run migrate                      apply every service's pending migrations (DATABASE_URL)
// npm run migrate -- --check           fail if any entity disagrees with its migrations
// npm run migrate -- generate <svc> <Name>   write a migration for what the entities changed
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_DATABASE_URL, SERVICES, require, root, serviceSchema } from './lib.mjs';

const persistence = require('@flowguard/persistence');
const pg = require('pg');

const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;

function optionsFor(service, url) {
  return persistence.dataSourceOptions({ url, ...serviceSchema(service) });
}

async function withScratchDatabase(fn) {
  const name = `fg_scratch_${randomBytes(4).toString('hex')}`;
  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

async function applyAll() {
  for (const { name } of SERVICES) {
    const ds = await persistence.openServiceDataSource(optionsFor(name, databaseUrl), { runMigrations: false });
    try {
      const applied = await persistence.migrate(ds);
      console.log(`${name}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
    } finally {
      await ds.destroy();
    }
  }
}

async function check() {
  let failed = false;
  await withScratchDatabase(async (url) => {
    for (const { name } of SERVICES) {
      const ds = await persistence.openServiceDataSource(optionsFor(name, url));
      try {
        const pending = await persistence.pendingSchemaChanges(ds);
        if (pending.length > 0) {
          failed = true;
          console.error(`${name}: entities and migrations disagree; missing migration SQL:\n  ${pending.join('\n  ')}`);
          console.error(`  fix: npm run migrate -- generate ${name} <Name>`);
        } else {
          console.log(`${name}: entities match migrations`);
        }
      } finally {
        await ds.destroy();
      }
    }
  });
  if (failed) process.exit(1);
}

async function generate(service, label) {
  if (!SERVICES.some((s) => s.name === service) || !/^[A-Z][A-Za-z0-9]+$/.test(label ?? '')) {
    console.error('usage: npm run migrate -- generate <service> <PascalCaseName>');
    process.exit(2);
  }
  await withScratchDatabase(async (url) => {
    const ds = await persistence.openServiceDataSource(optionsFor(service, url));
    try {
      const log = await ds.driver.createSchemaBuilder().log();
      if (log.upQueries.length === 0) {
        console.log(`${service}: nothing to generate`);
        return;
      }
      const ts = Date.now();
      const className = `${label}${ts}`;
      const q = (list) => list.map((x) => `    await queryRunner.query(${JSON.stringify(x.query)});`).join('\n');
      const file = path.join(
        root,
        'apps',
        service,
        'src',
        'migrations',
        `${ts}-${label.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.ts`,
      );
      fs.writeFileSync(
        file,
        `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  async up(queryRunner: QueryRunner): Promise<void> {\n${q(log.upQueries)}\n  }\n\n  async down(queryRunner: QueryRunner): Promise<void> {\n${q([...log.downQueries].reverse())}\n  }\n}\n`,
      );
      console.log(`wrote ${path.relative(root, file)}; add ${className} to apps/${service}/src/data-source.ts`);
    } finally {
      await ds.destroy();
    }
  });
}

const [cmd, ...rest] = process.argv.slice(2);
const run = cmd === '--check' ? check() : cmd === 'generate' ? generate(...rest) : applyAll();
run.catch((err) => {
  console.error(`migrate: ${err.message}`);
  process.exit(1);
});
