using DumboFL.Core.Crypto;
using DumboFL.Core.Hashing;

namespace DumboFL.Consensus;

/// <summary>
/// The canonical statements nodes sign or hash. Each has its own domain tag; the instance field says
/// which sub-protocol instance (proposer, origin, or coin slot) it belongs to.
/// </summary>
public static class Statements
{
    public static byte[] PrbcDone(SigningDomain domain, ulong epoch, int proposer, Hash32 digest) =>
        domain.Statement("dumbofl/prbc-done/v1", epoch, (ulong)proposer).WriteHash(digest).ToArray();

    public static byte[] CbcEcho(SigningDomain domain, ulong epoch, int origin, Hash32 digest) =>
        domain.Statement("dumbofl/cbc-echo/v1", epoch, (ulong)origin).WriteHash(digest).ToArray();

    public static byte[] CoinId(SigningDomain domain, ulong epoch, CoinSlot slot) =>
        domain.Statement("dumbofl/coin/v1", epoch, (ulong)slot.Purpose)
            .WriteI32(slot.Iteration).WriteI32(slot.Round).ToArray();
}
