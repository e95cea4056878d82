namespace DumboFL.Simulator;

/// <summary>The kinds of faulty node the simulator can play. Names on the command line: see <see cref="AdversaryKinds"/>.</summary>
public enum AdversaryKind
{
    /// <summary>Silent from the start, or crashes at a random point of the run.</summary>
    Crash,
    /// <summary>Runs the protocol but sends different proposals, votes and digests to different peers.</summary>
    Equivocate,
    /// <summary>Runs the protocol and also sends random well-typed messages and replays of old-epoch messages.</summary>
    Garbage,
    /// <summary>Two instances with one identity and different inputs; the scheduler favours a different half of the shard for each.</summary>
    Twins,
    /// <summary>The adaptive scheduling attack on the ABA coin (MacBrough 2018): Byzantine voters plus a scheduler that knows the coin early.</summary>
    CoinAttack,
}

public static class AdversaryKinds
{
    private static readonly (AdversaryKind Kind, string Name)[] Names =
    [
        (AdversaryKind.Crash, "crash"),
        (AdversaryKind.Equivocate, "equivocate"),
        (AdversaryKind.Garbage, "garbage"),
        (AdversaryKind.Twins, "twins"),
        (AdversaryKind.CoinAttack, "coin-attack"),
    ];

    public static IReadOnlyList<AdversaryKind> All { get; } = Names.Select(n => n.Kind).ToArray();

    public static string AllNames => string.Join(", ", Names.Select(n => n.Name));

    public static string Name(this AdversaryKind kind) => Names.First(n => n.Kind == kind).Name;

    public static bool TryParse(string text, out AdversaryKind kind)
    {
        foreach (var (k, name) in Names)
        {
            if (string.Equals(name, text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }
}
