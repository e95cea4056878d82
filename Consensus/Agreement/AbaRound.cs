namespace DumboFL.Consensus;

/// <summary>What one node saw and did in one ABA round. Pure tallies; the rules live in <see cref="BinaryAgreement"/>.</summary>
internal sealed class AbaRound
{
    public AbaRound(CoinCollector coin) => Coin = coin;

    public HashSet<int>[] BvalFrom { get; } = [[], []];

    public bool[] BvalSent { get; } = new bool[2];

    public BinSet BinValues { get; set; }

    public Dictionary<int, bool> AuxFrom { get; } = [];

    public bool AuxSent { get; set; }

    public Dictionary<int, BinSet> ConfFrom { get; } = [];

    public bool ConfSent { get; set; }

    /// <summary>Fixed once n−f CONF sets inside bin_values arrived; only then is our coin share released.</summary>
    public BinSet? Vals { get; set; }

    public CoinCollector Coin { get; }

    public static int Index(bool value) => value ? 1 : 0;
}
