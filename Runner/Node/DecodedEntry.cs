using DumboFL.Ledger.Entries;

namespace DumboFL.Runner.Node;

/// <summary>One entry of a submission: its position in the request and the entry, or why it did not decode.</summary>
public sealed record DecodedEntry(int Index, LedgerEntry? Entry, string? Error);
