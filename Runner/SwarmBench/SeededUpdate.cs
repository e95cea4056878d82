namespace DumboFL.Runner.SwarmBench;

/// <summary>
/// The bytes a swarm bench spreads: any deterministic bytes of the asked size, from a seed, so the source can make them
/// and the launcher can check the manifest against them without either shipping the update to the other.
/// </summary>
public static class SeededUpdate
{
    /// <summary>Largest update a bench spreads: one managed array (and far above what an FL round exchanges).</summary>
    public const long MaxLength = 1L << 30;

    public static byte[] Generate(int seed, long length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxLength);
        var bytes = GC.AllocateUninitializedArray<byte>((int)length);
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
