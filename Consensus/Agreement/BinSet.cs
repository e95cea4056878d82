namespace DumboFL.Consensus;

/// <summary>A subset of {0, 1}, as ABA's bin_values and CONF carry it.</summary>
public readonly record struct BinSet(byte Bits)
{
    public static BinSet None => new(0);

    public static BinSet Both => new(3);

    public static BinSet Of(bool value) => new(value ? (byte)2 : (byte)1);

    public bool Contains(bool value) => (Bits & Of(value).Bits) != 0;

    public BinSet With(bool value) => new((byte)(Bits | Of(value).Bits));

    public BinSet Union(BinSet other) => new((byte)(Bits | other.Bits));

    public bool IsSubsetOf(BinSet other) => (Bits & ~other.Bits) == 0;

    public bool IsEmpty => Bits == 0;

    /// <summary>The single value if the set has exactly one, else null.</summary>
    public bool? Single => Bits switch { 1 => false, 2 => true, _ => null };

    public bool IsValid => Bits <= 3;

    public override string ToString() => Bits switch { 0 => "{}", 1 => "{0}", 2 => "{1}", 3 => "{0,1}", _ => $"invalid({Bits})" };
}
