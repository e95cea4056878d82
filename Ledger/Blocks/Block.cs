using DumboFL.Core.Crypto;
using DumboFL.Ledger.Entries;

namespace DumboFL.Ledger.Blocks;

/// <summary>
/// A committed block: header, entries ordered group by group (the order of <see cref="BlockHeader.GroupRoots"/>,
/// commit order inside a group), and the quorum certificate over the header hash once n−f nodes signed it.
/// </summary>
public sealed record Block(BlockHeader Header, IReadOnlyList<LedgerEntry> Entries, QuorumCertificate? Certificate)
{
    public ulong Height => Header.Height;
}
