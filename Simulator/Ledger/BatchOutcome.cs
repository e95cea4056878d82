using DumboFL.Ledger.Blocks;

namespace DumboFL.Simulator;

/// <summary>One committed batch at one node and what applying it to the node's ledger did.</summary>
public sealed record BatchOutcome(ulong Epoch, int Items, ApplyResult Result)
{
    /// <summary>The batch had items, none of them valid: the prototype's crash case. It builds no block.</summary>
    public bool InvalidOnly => Items > 0 && Result.Accepted == 0;
}
