using System.Numerics;

namespace DumboFL.Ledger.Merkle;

/// <summary>RFC 6962 §2.1: a tree of n &gt; 1 leaves splits at k, the largest power of two strictly below n.</summary>
internal static class MerkleSplit
{
    public static int Point(int n) => 1 << BitOperations.Log2((uint)(n - 1));

    public static bool IsPowerOfTwo(long n) => n > 0 && (n & (n - 1)) == 0;
}
