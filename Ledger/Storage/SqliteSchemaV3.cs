using DumboFL.Core.Hashing;
using Microsoft.Data.Sqlite;

namespace DumboFL.Ledger.Storage;

/// <summary>Schema step 3: moves the per-entry rows of version 2 into block bodies and the sorted-run id index.</summary>
internal static class SqliteSchemaV3
{
    public static void MoveEntries(SqliteConnection connection, SqliteTransaction transaction)
    {
        var heights = new List<long>();
        using (var select = Command(connection, transaction, "SELECT height FROM blocks ORDER BY height"))
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                heights.Add(reader.GetInt64(0));
            }
        }
        using var rows = Command(connection, transaction, "SELECT bytes FROM entries WHERE height = $height ORDER BY position");
        var height = rows.Parameters.Add("$height", SqliteType.Integer);
        using var update = Command(connection, transaction, "UPDATE blocks SET body = $body, body_digest = $digest WHERE height = $height");
        foreach (var h in heights)
        {
            var entries = new List<byte[]>();
            height.Value = h;
            using (var reader = rows.ExecuteReader())
            {
                while (reader.Read())
                {
                    entries.Add(reader.GetFieldValue<byte[]>(0));
                }
            }
            var body = BlockBody.Encode(entries);
            update.Parameters.Clear();
            update.Parameters.AddWithValue("$body", body);
            update.Parameters.AddWithValue("$digest", Hash32.Of(body).ToArray());
            update.Parameters.AddWithValue("$height", h);
            update.ExecuteNonQuery();
        }

        var commands = new Dictionary<string, SqliteCommand>();
        try
        {
            var index = new EntryIdIndex(sql =>
            {
                if (!commands.TryGetValue(sql, out var command))
                {
                    commands[sql] = command = Command(connection, transaction, sql);
                }
                command.Parameters.Clear();
                return command;
            }, connection.DataSource);
            using var ids = Command(connection, transaction, "SELECT id, height, position FROM entries ORDER BY id");
            using var reader = ids.ExecuteReader();
            index.Import(Records(reader));
        }
        finally
        {
            foreach (var command in commands.Values)
            {
                command.Dispose();
            }
        }
    }

    private static IEnumerable<IdRecord> Records(SqliteDataReader reader)
    {
        while (reader.Read())
        {
            var id = reader.GetFieldValue<byte[]>(0);
            if (id.Length != Hash32.Size)
            {
                throw new LedgerCorruptException((ulong)reader.GetInt64(1), $"an entry id is {id.Length} bytes, not {Hash32.Size}");
            }
            yield return new IdRecord(new Hash32(id), (ulong)reader.GetInt64(1), reader.GetInt32(2));
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
