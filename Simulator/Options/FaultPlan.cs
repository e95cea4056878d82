namespace DumboFL.Simulator;

/// <summary>How many faulty nodes of each kind a shard has, as written on the command line: <c>crash:1,garbage:1</c>.</summary>
public sealed class FaultPlan
{
    private readonly (AdversaryKind Kind, int Count)[] _entries;

    public FaultPlan(IEnumerable<(AdversaryKind Kind, int Count)> entries)
    {
        // Merge repeated kinds and keep the canonical kind order, so that equal plans print and run alike.
        _entries = entries
            .GroupBy(e => e.Kind)
            .Select(g => (g.Key, g.Sum(e => e.Count)))
            .Where(e => e.Item2 > 0)
            .OrderBy(e => e.Key)
            .ToArray();
    }

    public static FaultPlan None { get; } = new([]);

    public static FaultPlan Of(AdversaryKind kind, int count) => new([(kind, count)]);

    public IReadOnlyList<(AdversaryKind Kind, int Count)> Entries => _entries;

    public int Total => _entries.Sum(e => e.Count);

    public bool IsEmpty => _entries.Length == 0;

    public bool Contains(AdversaryKind kind) => _entries.Any(e => e.Kind == kind);

    /// <summary>The kinds in canonical order, one per faulty node.</summary>
    public IEnumerable<AdversaryKind> ExpandedKinds() => _entries.SelectMany(e => Enumerable.Repeat(e.Kind, e.Count));

    /// <summary>Parses <c>KIND:COUNT[,KIND:COUNT…]</c>; an empty string or <c>none</c> means no faults.</summary>
    public static FaultPlan Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return None;
        }
        var entries = new List<(AdversaryKind, int)>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(':', StringSplitOptions.TrimEntries);
            if (pieces.Length != 2 || pieces[0].Length == 0)
            {
                throw new FormatException($"'{part}' is not KIND:COUNT (KIND is one of {AdversaryKinds.AllNames})");
            }
            if (!AdversaryKinds.TryParse(pieces[0], out var kind))
            {
                throw new FormatException($"unknown fault kind '{pieces[0]}' (expected one of {AdversaryKinds.AllNames})");
            }
            if (!int.TryParse(pieces[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count))
            {
                throw new FormatException($"fault count '{pieces[1]}' in '{part}' is not a non-negative integer");
            }
            entries.Add((kind, count));
        }
        return new FaultPlan(entries);
    }

    public override string ToString() =>
        _entries.Length == 0 ? "none" : string.Join(",", _entries.Select(e => $"{e.Kind.Name()}:{e.Count}"));
}
