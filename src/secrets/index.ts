// The secret store: values kept sealed in the database, named by paths, never
// shown by any API; tasks receive them in their environment (an app's env
// {secret} references), filled in when the gateway launches them.
export { createSecret, updateSecret, deleteSecret, MAX_VALUE_BYTES, type SecretInfo } from './store.ts';
export { parseSecretPath } from './secret-path.ts';
export { unavailableSecrets, taskEnvironment, type TaskEnvironment } from './task-environment.ts';
export { useSecretsKeyFile, defaultSecretsKeyFile } from './sealing-key.ts';
export { SecretAlreadyExists, SecretKeyMismatch, SecretNotFound } from './errors.ts';
