const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` can be looked up in a @db.Uuid column: anything else would make PostgreSQL fail the query, when it simply names nothing. */
export const isUuid = (value: string): boolean => UUID.test(value);
