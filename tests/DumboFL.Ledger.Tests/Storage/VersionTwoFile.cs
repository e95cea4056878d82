using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;
using DumboFL.Ledger.Entries;
using DumboFL.Ledger.Storage;
using Microsoft.Data.Sqlite;

namespace DumboFL.Ledger.Tests.Storage;

/// <summary>Writes a ledger file exactly as schema version 2 stored it (one row per entry, id-key index), to test the migration forward.</summary>
public static class VersionTwoFile
{
    public static void Write(string path, IReadOnlyList<Block> blocks)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        connection.CreateFunction("dumbofl_id_key", (byte[] id) => SqliteLedgerStore.IdKey(new Hash32(id)), isDeterministic: true);
        SqliteSchema.Migrate(connection, path, target: 2);
        using var transaction = connection.BeginTransaction();
        foreach (var block in blocks)
        {
            Execute(connection, transaction, "INSERT INTO blocks (height, hash, header, entry_count) VALUES ($h, $hash, $header, $count)",
                ("$h", (long)block.Height), ("$hash", block.Header.Hash.ToArray()), ("$header", block.Header.Encode()), ("$count", block.Entries.Count));
            var position = 0;
            foreach (var group in block.Header.GroupRoots.Select((g, i) => (g, i)))
            {
                for (var i = 0; i < group.g.Count; i++, position++)
                {
                    var entry = block.Entries[position];
                    (object Round, object Client) fl = entry switch
                    {
                        ChunkCommit c => ((long)c.Round, c.Client),
                        ModelUpdate u => ((long)u.Round, u.Client),
                        _ => (DBNull.Value, DBNull.Value),
                    };
                    Execute(connection, transaction,
                        "INSERT INTO entries (height, position, id, id_key, kind, round, client, group_index, index_in_group, bytes) VALUES ($h, $p, $id, $key, $kind, $round, $client, $g, $i, $bytes)",
                        ("$h", (long)block.Height), ("$p", position), ("$id", entry.Id.ToArray()), ("$key", SqliteLedgerStore.IdKey(entry.Id)),
                        ("$kind", (int)entry.Kind), ("$round", fl.Round), ("$client", fl.Client), ("$g", group.i), ("$i", i), ("$bytes", entry.Encode()));
                }
            }
        }
        Execute(connection, transaction, "INSERT INTO applied (id, height) VALUES (0, $h)", ("$h", (long)blocks[^1].Height));
        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        command.ExecuteNonQuery();
    }
}
