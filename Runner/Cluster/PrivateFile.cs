namespace DumboFL.Runner.Cluster;

/// <summary>
/// Files only their owner may read (mode 0600), as ssh treats private keys: created with that mode from the
/// start (never written first and chmod-ed after), replaced by rename so a reader never sees half a key, and
/// refused when group or others have any access.
/// </summary>
internal static class PrivateFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Shared = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public static void WriteAllText(string path, string contents)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }
        try
        {
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(contents);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <exception cref="ClusterFileException">Group or others may access the file.</exception>
    public static void CheckOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            // Windows has ACLs, not mode bits; the key directory's ACL is the operator's to set.
            return;
        }
        var mode = File.GetUnixFileMode(path);
        if ((mode & Shared) != 0)
        {
            throw new ClusterFileException(
                $"{path}: mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')} lets group or others access a secret key; run 'chmod 600 {path}'");
        }
    }
}
