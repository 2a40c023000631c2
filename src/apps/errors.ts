import type { FieldError } from './spec.ts';

/** Input was refused; `fields` names every bad field and why, and nothing was written. */
export class InvalidInput extends Error {
  override name = 'InvalidInput';
  constructor(
    readonly fields: FieldError[],
    what = 'input',
  ) {
    super(`invalid ${what}: ${fields.map((error) => (error.field ? `${error.field}: ${error.message}` : error.message)).join('; ')}`);
  }
}

export class InvalidAppDefinition extends InvalidInput {
  override name = 'InvalidAppDefinition';
  constructor(fields: FieldError[]) {
    super(fields, 'app definition');
  }
}

export class AppNotFound extends Error {
  override name = 'AppNotFound';
  constructor(readonly appId: string) {
    super(`app ${appId} does not exist`);
  }
}

export class AppAlreadyExists extends Error {
  override name = 'AppAlreadyExists';
  constructor(readonly appId: string) {
    super(`app ${appId} already exists: use updateApp to change it`);
  }
}

export class AppVersionNotFound extends Error {
  override name = 'AppVersionNotFound';
  constructor(
    readonly appId: string,
    readonly version: number,
  ) {
    super(`app ${appId} has no version ${version}`);
  }
}

/** The id belongs to a deleted app whose tasks are still stopping. */
export class AppStillStopping extends Error {
  override name = 'AppStillStopping';
  constructor(readonly appId: string) {
    super(`app ${appId} was deleted and its tasks are still stopping: create it again once they have (moments, usually)`);
  }
}
