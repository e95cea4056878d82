namespace DumboFL.Ledger.Storage;

/// <summary>A database written by a newer build (a schema version this code has no migration to): refuse it rather than misread it.</summary>
public sealed class LedgerSchemaException : Exception
{
    public LedgerSchemaException(string path, int found, int supported)
        : base($"{path}: ledger schema version {found} is newer than this build supports ({supported}); run a newer DumboFL or restore a matching backup")
    {
        FoundVersion = found;
        SupportedVersion = supported;
    }

    public LedgerSchemaException()
    {
    }

    public LedgerSchemaException(string message)
        : base(message)
    {
    }

    public LedgerSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int FoundVersion { get; }

    public int SupportedVersion { get; }
}
