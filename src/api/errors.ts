import { AppAlreadyExists, AppNotFound, AppStillStopping, AppVersionNotFound, InvalidInput, type FieldError } from '../apps/index.ts';
import { builder } from './builder.ts';

// Errors a user can act on are typed results of the mutation (not GraphQL
// errors): each names what was wrong.

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'Something the caller can correct',
  fields: (t) => ({ message: t.exposeString('message') }),
});

const FieldErrorRef = builder.objectRef<FieldError>('FieldError').implement({
  description: 'A problem with one input field, named by its path (healthChecks[0].portIndex)',
  fields: (t) => ({
    field: t.exposeString('field'),
    message: t.exposeString('message'),
  }),
});

builder.objectType(InvalidInput, {
  name: 'ValidationError',
  description: 'The input was refused; nothing was written. `fields` names every bad field.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ fields: t.field({ type: [FieldErrorRef], resolve: (error) => error.fields }) }),
});

builder.objectType(AppNotFound, {
  name: 'AppNotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ appId: t.exposeID('appId') }),
});

builder.objectType(AppAlreadyExists, {
  name: 'AppAlreadyExistsError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ appId: t.exposeID('appId') }),
});

builder.objectType(AppVersionNotFound, {
  name: 'AppVersionNotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ appId: t.exposeID('appId'), version: t.exposeInt('version') }),
});

builder.objectType(AppStillStopping, {
  name: 'AppStillStoppingError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ appId: t.exposeID('appId') }),
});
