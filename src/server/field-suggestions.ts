import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

// graphql-js appends these to validation errors: " Did you mean "apps"?", " Did you mean the enum value "ADMIN"?".
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** The message without graphql-js's " Did you mean …?". */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

/**
 * Strips graphql-js's "Did you mean …?" from validation errors. Validation runs before the context,
 * where the token is checked, so a caller without a token would otherwise learn the schema's field,
 * argument, type and enum names one typo at a time. Where tokens are required this is on for every
 * caller (introspection, which needs a token, serves those who have one); corral dev on loopback and
 * --no-auth trust every caller and keep the suggestions. graphql-armor's block-field-suggestions
 * plugin does the same but misses enum values and inline fragments.
 */
export function hideFieldSuggestions(): Plugin {
  return {
    onValidate:
      () =>
      ({ valid, result, setResult }) => {
        if (!valid) setResult(result.map((error) => Object.assign(error, { message: withoutSuggestions(error.message) }) as GraphQLError));
      },
  };
}
