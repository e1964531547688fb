// Names of the databases an integration run makes, shared by the per-file set-up and the run's
// teardown so that the teardown finds exactly this run's leftovers and nobody else's.
export const pgAdminUrl = () => process.env.TEST_DATABASE_URL_PG || "postgresql://postgres@127.0.0.1:5432/postgres";

/** PostgreSQL database names of one run (lower case: unquoted identifiers). */
export const testDbPrefix = (run: string) => `hs_test_${run}_`;

/** Folders under the OS temp dir holding one run's SQLite files. */
export const sqliteDirPrefix = (run: string) => `hookscope-${run}-`;
