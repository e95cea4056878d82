using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;

namespace DumboFL.Consensus;

/// <summary>n−f signatures over a block header hash: the block's certificate, stored with it and checked by catch-up.</summary>
public sealed record BlockCertificate(ulong Epoch, ulong Height, Hash32 HeaderHash, QuorumCertificate Certificate);
