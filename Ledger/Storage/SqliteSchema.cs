using Microsoft.Data.Sqlite;

namespace DumboFL.Ledger.Storage;

/// <summary>
/// One forward step of the ledger schema: applied once, in its own transaction, with the version bump. The SQL runs
/// first, then <paramref name="Convert"/> (for what SQL alone cannot do), then <paramref name="Cleanup"/>.
/// </summary>
internal sealed record SqliteMigration(int Version, string Sql, Action<SqliteConnection, SqliteTransaction>? Convert = null, string? Cleanup = null);

/// <summary>
/// The ledger database schema as a numbered list of forward migrations. A published step is never edited:
/// a change is a new step. The version lives in the one-row <c>schema_version</c> table.
/// </summary>
internal static class SqliteSchema
{
    public static readonly IReadOnlyList<SqliteMigration> Migrations =
    [
        // Heights and rounds are stored as SQLite's signed 64-bit INTEGER (a round is reinterpreted, so every
        // u64 round has its own key). Entries keep their canonical bytes: they are what the Merkle leaves hash.
        new(1, """
            CREATE TABLE blocks (
                height              INTEGER PRIMARY KEY,
                hash                BLOB    NOT NULL,
                header              BLOB    NOT NULL,
                entry_count         INTEGER NOT NULL,
                certificate         BLOB,
                certificate_signers INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE entries (
                height         INTEGER NOT NULL REFERENCES blocks (height),
                position       INTEGER NOT NULL,
                id             BLOB    NOT NULL,
                kind           INTEGER NOT NULL,
                round          INTEGER,
                client         TEXT,
                group_index    INTEGER NOT NULL,
                index_in_group INTEGER NOT NULL,
                bytes          BLOB    NOT NULL,
                PRIMARY KEY (height, position)
            );
            CREATE UNIQUE INDEX entries_by_id ON entries (id);
            CREATE INDEX entries_by_round_client ON entries (round, client) WHERE round IS NOT NULL;
            CREATE TABLE applied (
                id     INTEGER PRIMARY KEY CHECK (id = 0),
                height INTEGER NOT NULL
            );
            """),
        // The unique index on the 32-byte id made every insert a random walk through a wide B-tree (3-5x the cost of
        // the rest of the row). Ids are SHA-256 outputs, so their first 8 bytes are an even key: index those, and
        // check the full id (and uniqueness) through it. dumbofl_id_key is registered on the connection by the store.
        new(2, """
            ALTER TABLE entries ADD COLUMN id_key INTEGER;
            UPDATE entries SET id_key = dumbofl_id_key(id);
            DROP INDEX entries_by_id;
            CREATE INDEX entries_by_id_key ON entries (id_key);
            """),
        // One row per entry (three B-trees, one of them random) cost 10-20 µs an entry and grew with the ledger. A block's
        // entries become one body value with its digest; ids go to the sorted-run index (EntryIdIndex); entries with an
        // FL round and client keep a small table of their own for validation's lookups.
        new(3, """
            ALTER TABLE blocks ADD COLUMN body BLOB;
            ALTER TABLE blocks ADD COLUMN body_digest BLOB;
            CREATE TABLE id_runs (
                run      INTEGER PRIMARY KEY,
                level    INTEGER NOT NULL,
                count    INTEGER NOT NULL,
                complete INTEGER NOT NULL
            );
            CREATE TABLE id_pages (
                key      INTEGER PRIMARY KEY,
                first_id BLOB    NOT NULL,
                records  BLOB    NOT NULL
            );
            CREATE TABLE round_entries (
                round    INTEGER NOT NULL,
                client   TEXT    NOT NULL,
                height   INTEGER NOT NULL,
                position INTEGER NOT NULL,
                bytes    BLOB    NOT NULL,
                PRIMARY KEY (round, client, height, position)
            ) WITHOUT ROWID;
            INSERT INTO round_entries (round, client, height, position, bytes)
                SELECT round, client, height, position, bytes FROM entries WHERE round IS NOT NULL;
            """, SqliteSchemaV3.MoveEntries, "DROP TABLE entries;"),
        // Cross-shard state (docs/CROSS_SHARD.md), written with the block whose entries change it: input blocks whose
        // legs this (output) shard accepted, the accepted legs until their output leg commits, aborted txs. Ledgers of
        // version 3 hold no entry that changes them (those kinds did not exist), so there is nothing to convert.
        new(4, """
            CREATE TABLE xs_accepted_blocks (
                input_shard INTEGER NOT NULL,
                height      INTEGER NOT NULL,
                PRIMARY KEY (input_shard, height)
            ) WITHOUT ROWID;
            CREATE TABLE xs_accepted_legs (
                leg_id      BLOB    NOT NULL,
                input_shard INTEGER NOT NULL,
                PRIMARY KEY (leg_id, input_shard)
            ) WITHOUT ROWID;
            CREATE TABLE xs_aborts (
                leg_id BLOB    PRIMARY KEY,
                height INTEGER NOT NULL
            ) WITHOUT ROWID;
            """),
        // What a node's cross-shard coordinator holds between blocks (LDs verified, SIGN and CL_M tallies, txs held for
        // their output leg), written with the next block, read back when the node restarts.
        new(5, """
            CREATE TABLE xs_pending (
                key   TEXT PRIMARY KEY,
                value BLOB NOT NULL
            ) WITHOUT ROWID;
            """),
    ];

    public static int CurrentVersion => Migrations[^1].Version;

    /// <summary>Brings the database up to <see cref="CurrentVersion"/>; a newer database is refused untouched.</summary>
    public static void Migrate(SqliteConnection connection, string path) => Migrate(connection, path, CurrentVersion);

    /// <summary>Brings the database up to <paramref name="target"/> (tests build files of older versions with it).</summary>
    internal static void Migrate(SqliteConnection connection, string path, int target)
    {
        Execute(connection, null, "CREATE TABLE IF NOT EXISTS schema_version (id INTEGER PRIMARY KEY CHECK (id = 0), version INTEGER NOT NULL)");
        var version = ReadVersion(connection);
        if (version > CurrentVersion)
        {
            throw new LedgerSchemaException(path, version, CurrentVersion);
        }
        foreach (var migration in Migrations)
        {
            if (migration.Version <= version || migration.Version > target)
            {
                continue;
            }
            using var transaction = connection.BeginTransaction();
            Execute(connection, transaction, migration.Sql);
            migration.Convert?.Invoke(connection, transaction);
            if (migration.Cleanup is { } cleanup)
            {
                Execute(connection, transaction, cleanup);
            }
            using (var bump = connection.CreateCommand())
            {
                bump.Transaction = transaction;
                bump.CommandText = "INSERT INTO schema_version (id, version) VALUES (0, $version) ON CONFLICT (id) DO UPDATE SET version = excluded.version";
                bump.Parameters.AddWithValue("$version", migration.Version);
                bump.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }

    public static int ReadVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_version WHERE id = 0";
        return command.ExecuteScalar() is long version ? checked((int)version) : 0;
    }

    internal static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
