using DumboFL.Ledger.Entries;

namespace DumboFL.Ledger.Storage;

/// <summary>The FL (round, client) an entry belongs to: chunk commits, model updates and holders' statements have one, other kinds none.</summary>
internal static class RoundClient
{
    public static (ulong Round, string Client)? Of(LedgerEntry entry) => entry switch
    {
        ChunkCommit c => (c.Round, c.Client),
        ModelUpdate u => (u.Round, u.Client),
        UpdateHeld h => (h.Round, h.Client),
        _ => null,
    };
}
