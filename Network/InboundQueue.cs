using System.Collections.Concurrent;
using System.Threading.Channels;

namespace DumboFL.Network;

/// <summary>
/// Received messages waiting for the node, one bounded lane per sending peer. A full lane makes that peer's
/// connection wait (its TCP window closes) instead of dropping anything. Readers take one message per lane
/// in turn, so a flooding peer gets no larger a share of the reads than a quiet one.
/// </summary>
/// <remarks>
/// A lane is "ready" exactly when it holds messages, and a ready lane sits exactly once in the
/// <see cref="_ready"/> channel. A reader that takes a lane from the channel owns it until it has removed
/// one message and, if more are left, put the lane back at the end: that is the round robin.
/// </remarks>
public sealed partial class InboundQueue
{
    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly Channel<Lane> _ready = Channel.CreateUnbounded<Lane>(
        new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private int _count;

    public InboundQueue(int perPeerCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perPeerCapacity, 1);
        PerPeerCapacity = perPeerCapacity;
    }

    public int PerPeerCapacity { get; }

    /// <summary>Messages waiting, all peers together.</summary>
    public int Count => Volatile.Read(ref _count);

    public bool TryRead(out InboundMessage message)
    {
        if (_ready.Reader.TryRead(out var lane))
        {
            message = Take(lane);
            return true;
        }
        message = default;
        return false;
    }

    public ValueTask<InboundMessage> ReadAsync(CancellationToken ct) =>
        TryRead(out var message) ? new ValueTask<InboundMessage>(message) : ReadWhenReadyAsync(ct);

    /// <summary>Adds a message unless its sender's lane is full.</summary>
    public bool TryWrite(in InboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message.From);
        var lane = LaneOf(message.From);
        lock (lane)
        {
            if (lane.Messages.Count >= PerPeerCapacity)
            {
                return false;
            }
            lane.Messages.Enqueue(message);
            Interlocked.Increment(ref _count);
            if (!lane.InReady)
            {
                lane.InReady = true;
                _ready.Writer.TryWrite(lane);
            }
        }
        return true;
    }

    /// <summary>Adds a message, waiting while its sender's lane is full.</summary>
    public async ValueTask WriteAsync(InboundMessage message, CancellationToken ct)
    {
        while (!TryWrite(message))
        {
            await WaitForSpaceAsync(message.From, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Messages waiting from one peer.</summary>
    public int CountFrom(string peer)
    {
        var lane = LaneOf(peer);
        lock (lane)
        {
            return lane.Messages.Count;
        }
    }

    /// <summary>
    /// Completes once the peer's lane has room again. A full lane wakes its writer only after it drained
    /// to a low-water mark, so a saturated peer is resumed for a run of messages, not one at a time.
    /// </summary>
    internal Task WaitForSpaceAsync(string peer, CancellationToken ct)
    {
        var lane = LaneOf(peer);
        lock (lane)
        {
            if (lane.Messages.Count < PerPeerCapacity)
            {
                return Task.CompletedTask;
            }
            lane.SpaceWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return lane.SpaceWaiter.Task.WaitAsync(ct);
        }
    }

    private async ValueTask<InboundMessage> ReadWhenReadyAsync(CancellationToken ct)
    {
        var lane = await _ready.Reader.ReadAsync(ct).ConfigureAwait(false);
        return Take(lane);
    }

    private InboundMessage Take(Lane lane)
    {
        InboundMessage message;
        TaskCompletionSource? wake = null;
        lock (lane)
        {
            message = lane.Messages.Dequeue();
            Interlocked.Decrement(ref _count);
            if (lane.Messages.Count > 0)
            {
                _ready.Writer.TryWrite(lane);
            }
            else
            {
                lane.InReady = false;
            }
            if (lane.SpaceWaiter is not null && lane.Messages.Count <= LowWater)
            {
                wake = lane.SpaceWaiter;
                lane.SpaceWaiter = null;
            }
        }
        wake?.TrySetResult();
        return message;
    }

    private int LowWater => PerPeerCapacity - Math.Max(1, PerPeerCapacity / 4);

    private Lane LaneOf(string peer) => _lanes.GetOrAdd(peer, static _ => new Lane());
}
