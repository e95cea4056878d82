using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;

namespace DumboFL.Simulator;

/// <summary>Derives the independent seeds of a run (per shard, per node, per purpose) from the one seed the user gives.</summary>
public static class SeedDerivation
{
    public static ulong Derive(ulong seed, string purpose, long index = 0) => Hash(seed, purpose, index).Prefix64;

    public static Hash32 Hash(ulong seed, string purpose, long index = 0) =>
        new CanonicalWriter("dumbofl/sim/seed/v1").WriteU64(seed).WriteString(purpose).WriteU64((ulong)index).Hash();

    public static byte[] Bytes(ulong seed, string purpose, long index = 0) => Hash(seed, purpose, index).ToArray();
}
