namespace DumboFL.Consensus;

public enum FaultKind
{
    /// <summary>A field out of range, a wrong length, a message that cannot be valid from anyone.</summary>
    Malformed,
    /// <summary>The message claims to come from someone other than its sender (e.g. a VAL for another proposer).</summary>
    WrongSender,
    BadSignature,
    BadCoinShare,
    InvalidCertificate,
    /// <summary>A value that fails external validity (e.g. a proof vector that does not verify).</summary>
    InvalidValue,
    /// <summary>Two different messages for one slot from the same sender.</summary>
    Equivocation,
    /// <summary>A message for an epoch beyond the buffering window.</summary>
    TooFarAhead,
    /// <summary>More messages for one epoch than the protocol can ever need from one sender.</summary>
    Flooding,
}

/// <summary>Evidence that <see cref="Node"/> misbehaved, as seen by the node that recorded it.</summary>
public sealed record Fault(int Node, FaultKind Kind, string Detail);
