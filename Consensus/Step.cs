namespace DumboFL.Consensus;

/// <summary>Where a message goes. <see cref="All"/> includes the sender itself: every node handles its own broadcasts.</summary>
public readonly record struct Destination(int Node)
{
    public static Destination All => new(-1);

    public static Destination To(int node) => new(node);

    public bool IsAll => Node < 0;
}

public readonly record struct OutgoingMessage(Destination To, ConsensusMessage Message);

/// <summary>
/// What one call into a state machine produced. State machines never do I/O: the caller sends
/// <see cref="Messages"/>, applies <see cref="Outputs"/> and records <see cref="Faults"/>.
/// </summary>
public sealed class Step
{
    public List<OutgoingMessage> Messages { get; } = [];

    public List<CommittedBatch> Outputs { get; } = [];

    public List<Fault> Faults { get; } = [];

    /// <summary>Block certificates completed by this call (see <see cref="DumboNode.CertifyBlock"/>).</summary>
    public List<BlockCertificate> Certificates { get; } = [];

    public void Broadcast(ConsensusMessage message) => Messages.Add(new OutgoingMessage(Destination.All, message));

    public void Send(int node, ConsensusMessage message) => Messages.Add(new OutgoingMessage(Destination.To(node), message));

    public void Fault(int node, FaultKind kind, string detail) => Faults.Add(new Fault(node, kind, detail));

    public void Append(Step other)
    {
        Messages.AddRange(other.Messages);
        Outputs.AddRange(other.Outputs);
        Faults.AddRange(other.Faults);
        Certificates.AddRange(other.Certificates);
    }
}
