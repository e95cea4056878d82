using System.Text;
using DumboFL.Ledger.Validation;

namespace DumboFL.Simulator;

/// <summary>How invalid reasons are named in the simulator's output: snake_case (<c>UnknownClient</c> → <c>unknown_client</c>).</summary>
public static class ReasonNames
{
    public static string Of(InvalidReason reason)
    {
        var name = reason.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }

    /// <summary>Sums counts by reason, in the enum's order, leaving out reasons never counted.</summary>
    public static IReadOnlyList<KeyValuePair<string, long>> Sum(IEnumerable<KeyValuePair<InvalidReason, long>> counts)
    {
        var totals = new SortedDictionary<InvalidReason, long>();
        foreach (var (reason, count) in counts)
        {
            totals[reason] = totals.GetValueOrDefault(reason) + count;
        }
        return totals.Where(t => t.Value > 0).Select(t => new KeyValuePair<string, long>(Of(t.Key), t.Value)).ToArray();
    }
}
