import type { FieldError } from './spec.ts';

/** The definition was refused; `fields` names every bad field and why. */
export class InvalidAppDefinition extends Error {
  override name = 'InvalidAppDefinition';
  constructor(readonly fields: FieldError[]) {
    super(`invalid app definition: ${fields.map((error) => (error.field ? `${error.field}: ${error.message}` : error.message)).join('; ')}`);
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
  constructor(readonly appId: string, readonly version: number) {
    super(`app ${appId} has no version ${version}`);
  }
}
