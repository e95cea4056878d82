namespace DumboFL.Ledger.Storage;

/// <summary>
/// Stored bytes that do not decode, or decode to something other than what was written (a header whose hash
/// or height differs from its row, an entry whose id differs from its key, a torn chain). The store never
/// returns such data; it names the height so an operator can re-fetch the block from peers.
/// </summary>
public sealed class LedgerCorruptException : Exception
{
    public LedgerCorruptException(string message)
        : base(message)
    {
    }

    public LedgerCorruptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LedgerCorruptException(ulong? height, string message, Exception? innerException = null)
        : base(height is { } h ? $"ledger corrupt at height {h}: {message}" : $"ledger corrupt: {message}", innerException)
    {
        Height = height;
    }

    public LedgerCorruptException()
    {
    }

    /// <summary>The height of the damaged block, when the damage is in one block.</summary>
    public ulong? Height { get; }
}
