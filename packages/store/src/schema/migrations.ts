import type { DuckDBConnection } from '@duckdb/node-api';

/** One schema step. Migrations only ever get appended; shipped ones never change. */
export interface Migration {
  version: number;
  description: string;
  statements: readonly string[];
}

/**
 * The schema history. Version 1 is the tracking model. Each run row also
 * carries a JSON summary (one column, so a page of runs decompresses one string per row) of its params, tags and latest metrics (value, step,
 * timestamp), kept in step with the key/value tables by the one writer
 * (applyWrites): reading a page of runs then needs no scan of those tables.
 * Version 2 adds run
 * inputs (datasets) and the ledger of spooled writes that could not be applied.
 * Version 3 adds traces (one summary row each, kept up to date by applyWrites
 * from the trace's spans), their mutable tags, and spans.
 * Version 4 adds datasets (immutable versions; rows as JSON, in order) and
 * the dataset version to run inputs, which version 2 keyed by digest alone.
 * Version 5 adds evaluations' per-row results.
 * Version 6 adds assessments (feedback and expectations on traces; the value
 * as JSON text, and beside it as a number when it is one and as text, for
 * filters), the store's model prices, and cost columns (US dollars) on spans
 * and traces, computed when spans are written.
 * Version 7 adds the applied high-water mark of each writer that hands writes
 * over with sequence numbers (a LocalStore's worker thread): recorded in the
 * transaction that applies them, so that a write re-sent after a crash, or
 * spooled at exit while its transaction was committing, is skipped.
 * Version 8 numbers the runs: `run_key`, a BIGINT given at creation (the
 * highest so far plus one), on runs and on every table the run search joins
 * (params, tags, latest_metrics, run_inputs). The search joins on it instead
 * of the 32-character run_id: DuckDB joins a dense integer range by a perfect
 * hash (issue 13). The run_id columns stay, the API speaks run ids. The tables
 * are rebuilt rather than altered (DuckDB creates no index in a transaction
 * that updated the table), params, tags and latest_metrics sorted by
 * (key, run_key), so that the zone maps of `key` skip other keys' rows.
 * A key/value row whose run does not exist keeps a NULL run_key.
 * Version 9 records how many rows of those three tables are sorted (the
 * rest were appended since, in write order): the store re-sorts a table
 * when enough rows are unsorted (maintenance/sort-key-value-tables.ts).
 * Version 10 adds the model registry (docs/model-registry.md): registered models,
 * their versions, tags and aliases, keyed by integers so that a rename
 * touches one row; its audit log, transition requests and webhooks. Each
 * model version row also carries its tags as one JSON object (`tags_json`,
 * as runs carry their summary), kept in step with model_version_tags by the
 * registry's writes: a page of versions reads its tags with its rows instead
 * of a second scan of every version's tags (bench/registry); tag filters
 * still search model_version_tags.
 *
 * No primary keys on params/tags/metrics: DuckDB's ART indexes make bulk
 * appends slower and reject delete-then-insert of one key in a transaction,
 * and every write already goes through one writer that keeps keys unique.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'experiments, runs, params, tags, metrics',
    statements: [
      `CREATE TABLE experiments (
        experiment_id VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL UNIQUE,
        artifact_location VARCHAR NOT NULL,
        lifecycle_stage VARCHAR NOT NULL,
        creation_time BIGINT NOT NULL,
        last_update_time BIGINT NOT NULL
      )`,
      `CREATE TABLE experiment_tags (
        experiment_id VARCHAR NOT NULL,
        key VARCHAR NOT NULL,
        value VARCHAR NOT NULL
      )`,
      `CREATE TABLE runs (
        run_id VARCHAR PRIMARY KEY,
        experiment_id VARCHAR NOT NULL,
        run_name VARCHAR NOT NULL,
        user_id VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        start_time BIGINT NOT NULL,
        end_time BIGINT,
        lifecycle_stage VARCHAR NOT NULL,
        artifact_uri VARCHAR NOT NULL,
        parent_run_id VARCHAR,
        deleted_time BIGINT,
        summary VARCHAR NOT NULL DEFAULT '{"params":{},"tags":{},"metrics":{}}'
      )`,
      `CREATE TABLE params (run_id VARCHAR NOT NULL, key VARCHAR NOT NULL, value VARCHAR NOT NULL)`,
      `CREATE TABLE tags (run_id VARCHAR NOT NULL, key VARCHAR NOT NULL, value VARCHAR NOT NULL)`,
      `CREATE TABLE metrics (
        run_id VARCHAR NOT NULL,
        key VARCHAR NOT NULL,
        value DOUBLE NOT NULL,
        timestamp BIGINT NOT NULL,
        step BIGINT NOT NULL
      )`,
      `CREATE TABLE latest_metrics (
        run_id VARCHAR NOT NULL,
        key VARCHAR NOT NULL,
        value DOUBLE NOT NULL,
        timestamp BIGINT NOT NULL,
        step BIGINT NOT NULL
      )`,
      `CREATE TABLE ingested_segments (segment_id VARCHAR PRIMARY KEY, ingested_at BIGINT NOT NULL)`,
    ],
  },
  {
    version: 2,
    description: 'run inputs (datasets) and rejected spooled writes',
    statements: [
      `CREATE TABLE run_inputs (
        run_id VARCHAR NOT NULL,
        dataset_name VARCHAR NOT NULL,
        dataset_digest VARCHAR NOT NULL,
        context VARCHAR
      )`,
      `CREATE TABLE rejected_writes (
        segment_id VARCHAR NOT NULL,
        rejected_at BIGINT NOT NULL,
        operation VARCHAR NOT NULL,
        reason VARCHAR NOT NULL
      )`,
    ],
  },
  {
    version: 3,
    description: 'traces, trace tags and spans',
    statements: [
      `CREATE TABLE traces (
        trace_id VARCHAR PRIMARY KEY,
        experiment_id VARCHAR NOT NULL,
        run_id VARCHAR,
        name VARCHAR,
        request_time BIGINT NOT NULL,
        execution_duration_ms BIGINT,
        end_time_ms BIGINT,
        state VARCHAR NOT NULL,
        request_preview VARCHAR,
        response_preview VARCHAR,
        input_tokens BIGINT,
        output_tokens BIGINT,
        total_tokens BIGINT,
        session_id VARCHAR,
        user_id VARCHAR,
        metadata VARCHAR NOT NULL DEFAULT '{}',
        root_span_id VARCHAR
      )`,
      `CREATE TABLE trace_tags (trace_id VARCHAR NOT NULL, key VARCHAR NOT NULL, value VARCHAR NOT NULL)`,
      `CREATE TABLE spans (
        trace_id VARCHAR NOT NULL,
        span_id VARCHAR NOT NULL,
        parent_span_id VARCHAR,
        name VARCHAR NOT NULL,
        span_type VARCHAR NOT NULL,
        start_time_ns BIGINT NOT NULL,
        end_time_ns BIGINT,
        status_code VARCHAR NOT NULL,
        status_message VARCHAR,
        attributes VARCHAR NOT NULL,
        events VARCHAR NOT NULL,
        inputs VARCHAR,
        outputs VARCHAR
      )`,
    ],
  },
  {
    version: 4,
    description: 'datasets, their rows, and the dataset version of run inputs',
    statements: [
      `CREATE TABLE datasets (
        name VARCHAR NOT NULL,
        version INTEGER NOT NULL,
        digest VARCHAR NOT NULL,
        row_count BIGINT NOT NULL,
        schema JSON NOT NULL,
        source VARCHAR NOT NULL,
        source_type VARCHAR NOT NULL,
        description VARCHAR,
        tags JSON NOT NULL,
        created_time BIGINT NOT NULL,
        PRIMARY KEY (name, version)
      )`,
      `CREATE TABLE dataset_rows (
        name VARCHAR NOT NULL,
        version INTEGER NOT NULL,
        row_index BIGINT NOT NULL,
        row JSON NOT NULL
      )`,
      'ALTER TABLE run_inputs ADD COLUMN dataset_version INTEGER',
    ],
  },
  {
    version: 5,
    description: 'per-row results of evaluations',
    statements: [
      `CREATE TABLE evaluation_rows (
        run_id VARCHAR NOT NULL,
        row_index BIGINT NOT NULL,
        inputs JSON NOT NULL,
        output JSON,
        targets JSON,
        latency_ms DOUBLE,
        trace_id VARCHAR,
        error VARCHAR,
        metrics JSON NOT NULL,
        justifications JSON,
        PRIMARY KEY (run_id, row_index)
      )`,
    ],
  },
  {
    version: 6,
    description: 'assessments, model prices, and costs of spans and traces',
    statements: [
      `CREATE TABLE assessments (
        assessment_id VARCHAR NOT NULL,
        trace_id VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        value VARCHAR,
        value_number DOUBLE,
        value_text VARCHAR,
        error VARCHAR,
        rationale VARCHAR,
        source_type VARCHAR NOT NULL,
        source_id VARCHAR NOT NULL,
        span_id VARCHAR,
        metadata VARCHAR NOT NULL,
        overrides VARCHAR,
        valid BOOLEAN NOT NULL,
        create_time BIGINT NOT NULL,
        last_update_time BIGINT NOT NULL
      )`,
      `CREATE TABLE model_prices (
        model VARCHAR PRIMARY KEY,
        input_per_million_tokens DOUBLE NOT NULL,
        output_per_million_tokens DOUBLE NOT NULL
      )`,
      'ALTER TABLE spans ADD COLUMN input_cost DOUBLE',
      'ALTER TABLE spans ADD COLUMN output_cost DOUBLE',
      'ALTER TABLE spans ADD COLUMN total_cost DOUBLE',
      'ALTER TABLE traces ADD COLUMN input_cost DOUBLE',
      'ALTER TABLE traces ADD COLUMN output_cost DOUBLE',
      'ALTER TABLE traces ADD COLUMN total_cost DOUBLE',
    ],
  },
  {
    version: 7,
    description: 'applied writes: the highest sequence number applied per writer',
    statements: [
      `CREATE TABLE applied_writes (
        writer_id VARCHAR NOT NULL,
        sequence BIGINT NOT NULL,
        applied_at BIGINT NOT NULL
      )`,
    ],
  },
  {
    version: 8,
    description: 'run keys: an integer per run, on runs and the tables the run search joins',
    statements: [
      'ALTER TABLE runs RENAME TO runs_before_keys',
      `CREATE TABLE runs (
        run_id VARCHAR PRIMARY KEY,
        experiment_id VARCHAR NOT NULL,
        run_name VARCHAR NOT NULL,
        user_id VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        start_time BIGINT NOT NULL,
        end_time BIGINT,
        lifecycle_stage VARCHAR NOT NULL,
        artifact_uri VARCHAR NOT NULL,
        parent_run_id VARCHAR,
        deleted_time BIGINT,
        summary VARCHAR NOT NULL DEFAULT '{"params":{},"tags":{},"metrics":{}}',
        run_key BIGINT NOT NULL UNIQUE
      )`,
      // Numbered in the order the runs were written, as new ones are.
      'INSERT INTO runs SELECT *, row_number() OVER (ORDER BY rowid) FROM runs_before_keys ORDER BY rowid',
      'DROP TABLE runs_before_keys',
      ...keyValueTableWithRunKeys('params', 'value VARCHAR NOT NULL'),
      ...keyValueTableWithRunKeys('tags', 'value VARCHAR NOT NULL'),
      ...keyValueTableWithRunKeys('latest_metrics', 'value DOUBLE NOT NULL, timestamp BIGINT NOT NULL, step BIGINT NOT NULL'),
      'ALTER TABLE run_inputs RENAME TO run_inputs_before_keys',
      `CREATE TABLE run_inputs (
        run_id VARCHAR NOT NULL,
        dataset_name VARCHAR NOT NULL,
        dataset_digest VARCHAR NOT NULL,
        context VARCHAR,
        dataset_version INTEGER,
        run_key BIGINT
      )`,
      `INSERT INTO run_inputs SELECT i.*, r.run_key FROM run_inputs_before_keys i LEFT JOIN runs r USING (run_id) ORDER BY i.rowid`,
      'DROP TABLE run_inputs_before_keys',
    ],
  },
  {
    version: 9,
    description: 'how many rows of each key/value table are sorted',
    statements: [
      `CREATE TABLE table_layout (table_name VARCHAR PRIMARY KEY, sorted_rows BIGINT NOT NULL)`,
      ...['params', 'tags', 'latest_metrics'].map(sortedPrefixOf),
    ],
  },
  {
    version: 10,
    description: 'model registry: registered models, model versions, their tags and aliases, transition requests, the audit log and webhooks',
    statements: [
      // last_version: the highest version number ever given, so a deleted version's number is never given again.
      `CREATE TABLE registered_models (
        model_key BIGINT NOT NULL,
        name VARCHAR NOT NULL,
        description VARCHAR,
        creation_time BIGINT NOT NULL,
        last_updated_time BIGINT NOT NULL,
        last_version INTEGER NOT NULL,
        protected BOOLEAN NOT NULL DEFAULT false
      )`,
      'CREATE TABLE registered_model_tags (model_key BIGINT NOT NULL, key VARCHAR NOT NULL, value VARCHAR NOT NULL)',
      `CREATE TABLE model_versions (
        version_key BIGINT NOT NULL,
        model_key BIGINT NOT NULL,
        version INTEGER NOT NULL,
        description VARCHAR,
        source VARCHAR NOT NULL,
        run_id VARCHAR,
        run_link VARCHAR,
        status VARCHAR NOT NULL,
        status_message VARCHAR,
        current_stage VARCHAR NOT NULL,
        creation_time BIGINT NOT NULL,
        last_updated_time BIGINT NOT NULL,
        tags_json VARCHAR NOT NULL DEFAULT '{}'
      )`,
      'CREATE TABLE model_version_tags (version_key BIGINT NOT NULL, key VARCHAR NOT NULL, value VARCHAR NOT NULL)',
      'CREATE TABLE registered_model_aliases (model_key BIGINT NOT NULL, alias VARCHAR NOT NULL, version INTEGER NOT NULL)',
      // Append-only: written in the transaction of each registry change, never updated or deleted.
      `CREATE TABLE registry_events (
        event_key BIGINT NOT NULL,
        time BIGINT NOT NULL,
        actor VARCHAR,
        model_key BIGINT NOT NULL,
        model_name VARCHAR NOT NULL,
        version INTEGER,
        action VARCHAR NOT NULL,
        before_json VARCHAR,
        after_json VARCHAR,
        comment VARCHAR
      )`,
      // Requests to change a protected model's stage or alias; model_name keeps the name of a model deleted since.
      `CREATE TABLE transition_requests (
        request_key BIGINT NOT NULL,
        model_key BIGINT NOT NULL,
        model_name VARCHAR NOT NULL,
        version INTEGER NOT NULL,
        target_stage VARCHAR,
        archive_existing BOOLEAN NOT NULL,
        target_alias VARCHAR,
        status VARCHAR NOT NULL,
        requested_by VARCHAR NOT NULL,
        requested_time BIGINT NOT NULL,
        comment VARCHAR,
        decided_by VARCHAR,
        decided_time BIGINT,
        decision_comment VARCHAR
      )`,
      `CREATE TABLE webhooks (
        webhook_key BIGINT NOT NULL,
        name VARCHAR NOT NULL,
        url VARCHAR NOT NULL,
        events_json VARCHAR NOT NULL,
        description VARCHAR,
        status VARCHAR NOT NULL,
        secret VARCHAR,
        creation_time BIGINT NOT NULL,
        last_updated_time BIGINT NOT NULL
      )`,
      // The outbox: a row per (event, subscribed webhook), written with the event; the server's dispatcher sends them.
      `CREATE TABLE webhook_deliveries (
        delivery_key BIGINT NOT NULL,
        webhook_key BIGINT NOT NULL,
        event VARCHAR NOT NULL,
        event_key BIGINT,
        payload VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        attempts INTEGER NOT NULL,
        last_status_code INTEGER,
        last_error VARCHAR,
        next_attempt_time BIGINT,
        creation_time BIGINT NOT NULL,
        delivered_time BIGINT
      )`,
    ],
  },
];

/** Version 8's rebuild of a key/value table (run_id, key, then `valueColumns`) with run_key last, sorted by (key, run_key). */
function keyValueTableWithRunKeys(table: string, valueColumns: string): string[] {
  return [
    `ALTER TABLE ${table} RENAME TO ${table}_before_keys`,
    `CREATE TABLE ${table} (run_id VARCHAR NOT NULL, key VARCHAR NOT NULL, ${valueColumns}, run_key BIGINT)`,
    `INSERT INTO ${table} SELECT k.*, r.run_key FROM ${table}_before_keys k LEFT JOIN runs r USING (run_id) ORDER BY k.key, r.run_key`,
    `DROP TABLE ${table}_before_keys`,
  ];
}

/**
 * Version 9's count of a key/value table's sorted rows: those before the
 * first row (in physical order) that is out of (key, run_key) order. Not
 * simply all rows: a store upgraded to version 8 was sorted then and has had
 * rows appended since, and one created at version 8 was never sorted.
 */
function sortedPrefixOf(table: string): string {
  const outOfOrder = `key < lag(key) OVER w OR (key = lag(key) OVER w AND (run_key < lag(run_key) OVER w OR (run_key IS NOT NULL AND lag(run_key) OVER w IS NULL)))`;
  return `INSERT INTO table_layout SELECT '${table}', count(*) FROM ${table} WHERE rowid < coalesce(
    (SELECT min(rowid) FROM (SELECT rowid, ${outOfOrder} AS out_of_order FROM ${table} WINDOW w AS (ORDER BY rowid)) WHERE out_of_order),
    9223372036854775807)`;
}

// The table that records which migrations ran.
const VERSION_TABLE = 'assay_schema';

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** The tables the migrations up to `version` create (the version table itself aside). */
export function tablesOfVersion(version: number): string[] {
  const created = MIGRATIONS.filter((migration) => migration.version <= version).flatMap((migration) =>
    migration.statements.flatMap((statement) => /^\s*CREATE TABLE (?:IF NOT EXISTS )?(\w+)/iu.exec(statement)?.[1] ?? []),
  );
  // Version 8 creates some tables again (rebuilt with run keys): each is listed once.
  return [...new Set(created)];
}

/** What an open database holds, as far as Assay's schema goes. */
export interface SchemaInspection {
  /** The schema version; 0 for a database without Assay's version table. */
  version: number;
  /** The names of the database's own tables. */
  tables: Set<string>;
  /** Why Assay cannot use the database, as a clause ("it lacks Assay's tables: runs"); undefined when it can. */
  problem?: string;
}

/**
 * Reads the schema version of a database and checks it is Assay's: a
 * database with tables but no version table belongs to another application,
 * and one without some of the tables its version should have is damaged.
 */
export async function inspectSchema(connection: DuckDBConnection): Promise<SchemaInspection> {
  const listed = await connection.runAndReadAll(
    `SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main'`,
  );
  const tables = new Set(listed.getRows().map(([name]) => String(name)));
  if (!tables.has(VERSION_TABLE)) {
    if (tables.size === 0) return { version: 0, tables };
    const names = [...tables].sort().slice(0, 5).join(', ');
    return { version: 0, tables, problem: `it is another application's DuckDB database: it has tables (${names}${tables.size > 5 ? ', ...' : ''}) but none of Assay's` };
  }
  const result = await connection.runAndReadAll(`SELECT max(version) FROM ${VERSION_TABLE}`);
  const version = Number(result.getRows()[0]?.[0] ?? 0);
  const missing = tablesOfVersion(version).filter((table) => !tables.has(table));
  if (missing.length === 0) return { version, tables };
  return { version, tables, problem: `tables of Assay's schema version ${version} are missing: ${missing.join(', ')}` };
}

/** A database Assay cannot use as a store (see inspectSchema). */
export class UnusableSchemaError extends Error {
  constructor(
    /** Why, as a clause: "it is another application's DuckDB database ...". */
    readonly reason: string,
  ) {
    super(`The database cannot be used as an Assay store: ${reason}.`);
    this.name = 'UnusableSchemaError';
  }
}

/** Reads the schema version of an open database; 0 for a new one. */
export async function readSchemaVersion(connection: DuckDBConnection): Promise<number> {
  return (await inspectSchema(connection)).version;
}

/**
 * Brings the database up to `targetVersion` (the latest by default), each
 * migration in its own transaction, so a store made by an older Assay opens
 * and upgrades in place. Refuses a store newer than this code, and a
 * database that is not an Assay store or lacks tables (UnusableSchemaError).
 */
export async function migrate(connection: DuckDBConnection, targetVersion = LATEST_SCHEMA_VERSION): Promise<number> {
  const { version: current, tables, problem } = await inspectSchema(connection);
  if (problem !== undefined) throw new UnusableSchemaError(problem);
  if (current > LATEST_SCHEMA_VERSION) {
    throw new Error(
      `This store has schema version ${current}, newer than this Assay understands (${LATEST_SCHEMA_VERSION}). Upgrade Assay to open it.`,
    );
  }
  if (!tables.has(VERSION_TABLE)) {
    await connection.run(`CREATE TABLE ${VERSION_TABLE} (version INTEGER NOT NULL, description VARCHAR NOT NULL, applied_at BIGINT NOT NULL)`);
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current || migration.version > targetVersion) continue;
    await connection.run('BEGIN TRANSACTION');
    try {
      for (const statement of migration.statements) await connection.run(statement);
      await connection.run(`INSERT INTO ${VERSION_TABLE} VALUES ($1, $2, $3)`, [migration.version, migration.description, Date.now()]);
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
  }
  return Math.min(targetVersion, LATEST_SCHEMA_VERSION);
}
