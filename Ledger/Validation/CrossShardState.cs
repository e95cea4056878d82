namespace DumboFL.Ledger.Validation;

/// <summary>
/// A cross-shard tx as one shard's committed state knows it: the input shards whose legs it accepted (on the output
/// shard, until the output leg commits), and whether it aborted here. Whether the tx's leg is locked here or its output
/// leg committed are the ledger's committed ids (the input form's and the output form's).
/// </summary>
public sealed record CrossShardState(IReadOnlyCollection<uint> AcceptedInputs, bool Aborted)
{
    public static CrossShardState None { get; } = new([], false);
}
