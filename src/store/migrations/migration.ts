/** A forward-only schema step; `version` is the PRAGMA user_version after it has run. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
