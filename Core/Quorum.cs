namespace DumboFL.Core;

/// <summary>Quorum arithmetic for a committee of n = 3f + 1 (or more) nodes. The only place these numbers live.</summary>
public readonly record struct Quorum
{
    public Quorum(int n)
    {
        if (n < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "a committee has at least one node");
        }
        N = n;
        F = (n - 1) / 3;
    }

    /// <summary>Committee size.</summary>
    public int N { get; }

    /// <summary>Largest number of Byzantine nodes tolerated: ⌊(n−1)/3⌋.</summary>
    public int F { get; }

    /// <summary>n − f: enough that any two such sets share an honest node.</summary>
    public int Strong => N - F;

    /// <summary>f + 1: enough to contain at least one honest node.</summary>
    public int Weak => F + 1;

    /// <summary>2f + 1, Bracha's threshold for delivery on READY messages.</summary>
    public int TwoFPlusOne => 2 * F + 1;

    /// <summary>
    /// ⌈(n + f + 1) / 2⌉: any two such sets share an honest node, for any n ≥ 3f + 1 (equals 2f + 1 when
    /// n = 3f + 1). Used for ECHO quorums, where uniqueness of the echoed value is what matters.
    /// </summary>
    public int Echo => (N + F + 2) / 2;
}
