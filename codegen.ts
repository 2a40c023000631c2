import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents for every operation the CLI, the dashboard and the tests send.
// The output is committed; test/unit/codegen.test.ts fails when it is stale.
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: 'schema/operations/*.graphql',
  ignoreNoDocuments: false,
  generates: {
    'src/client/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: false,
        scalars: {
          JSON: { input: 'unknown', output: 'unknown' },
          DateTime: { input: 'string', output: 'string' },
          BigInt: { input: 'string', output: 'string' },
        },
      },
    },
  },
};

export default config;
