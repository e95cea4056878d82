namespace DumboFL.Ledger.Tests.Storage;

/// <summary>Fresh directories under the system temp folder for database files.</summary>
public static class TemporaryDirectory
{
    public static string Create(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dumbofl-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string path)
    {
        try
        {
            if (path.Length > 0)
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a test over.
        }
    }
}
