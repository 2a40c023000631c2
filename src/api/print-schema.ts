// `npm run schema:print`: writes schema/schema.graphql from the built schema.
import { writeFileSync } from 'node:fs';
import { printApiSchema } from './schema.ts';

const target = new URL('../../schema/schema.graphql', import.meta.url).pathname;
writeFileSync(target, `${printApiSchema()}\n`);
console.log(`wrote ${target}`);
