using DumboFL.Core.Hashing;

namespace DumboFL.Consensus;

/// <summary>The sender built block <see cref="Height"/> with header hash <see cref="HeaderHash"/> and signs it.</summary>
public sealed record BlockSignature(ulong Epoch, ulong Height, Hash32 HeaderHash, byte[] Signature) : ConsensusMessage(Epoch);
