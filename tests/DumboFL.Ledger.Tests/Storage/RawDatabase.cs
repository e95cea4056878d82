using Microsoft.Data.Sqlite;

namespace DumboFL.Ledger.Tests.Storage;

/// <summary>
/// Direct SQL on a ledger file, to damage it or look underneath the store. Only while no store has the file
/// open for writing (one writer per file), except <see cref="Query"/>, which opens read-only.
/// </summary>
public static class RawDatabase
{
    public static void Execute(string path, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Connect(path, SqliteOpenMode.ReadWrite);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        command.ExecuteNonQuery();
    }

    public static object? Query(string path, string sql)
    {
        using var connection = Connect(path, SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public static List<object[]> Rows(string path, string sql)
    {
        using var connection = Connect(path, SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    private static SqliteConnection Connect(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
