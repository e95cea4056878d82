namespace DumboFL.Network;

public sealed partial class InboundQueue
{
    /// <summary>One peer's messages; every field is guarded by locking the lane itself.</summary>
    private sealed class Lane
    {
        public Queue<InboundMessage> Messages { get; } = new();

        /// <summary>The lane is in the ready channel (and then it holds at least one message).</summary>
        public bool InReady { get; set; }

        /// <summary>Set while the peer's connection waits for room; completed at the low-water mark.</summary>
        public TaskCompletionSource? SpaceWaiter { get; set; }
    }
}
