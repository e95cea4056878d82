using DumboFL.Network.Framing;
using DumboFL.Network.Outbound;

namespace DumboFL.Network;

public sealed partial class Transport
{
    /// <summary>Queues the envelope for one peer. Thread-safe and never blocks; sending to self does
    /// nothing. Throws for an unknown peer, or an envelope whose frame would exceed MaxFrameBytes.</summary>
    public void Send(string peerId, Envelope e)
    {
        ArgumentNullException.ThrowIfNull(peerId);
        if (peerId == _self.Id)
        {
            return;
        }
        if (!_links.TryGetValue(peerId, out var link))
        {
            throw new ArgumentException($"{peerId} is not a node of the cluster", nameof(peerId));
        }
        link.Enqueue(e, WireSize(e));
    }

    /// <summary>Queues the envelope for every node of <paramref name="shard"/> except self.</summary>
    public void SendToShard(uint shard, Envelope e)
    {
        if (_linksByShard.TryGetValue(shard, out var links))
        {
            Fan(links, e);
        }
    }

    /// <summary>Queues the envelope for every node of the cluster except self.</summary>
    public void SendToAll(Envelope e) => Fan(_allLinks, e);

    public IReadOnlyList<LinkStats> Links()
    {
        var time = _options.Time;
        var now = time.GetTimestamp();
        var result = new List<LinkStats>(_allLinks.Length);
        foreach (var link in _allLinks)
        {
            var stats = _stats[link.Peer.Id];
            var state = stats.State;
            if (state == LinkState.Established && time.GetElapsedTime(stats.LastDataSent, now) >= _options.IdleAfter)
            {
                state = LinkState.Idle;
            }
            var queue = link.Queue;
            result.Add(new LinkStats(link.Peer.Id, state, stats.BytesOut, stats.BytesIn, stats.MessagesOut,
                stats.MessagesIn, stats.RttMs, stats.Reconnects, queue.Count, queue.Bytes, queue.Dropped));
        }
        return result;
    }

    private void Fan(PeerLink[] links, in Envelope e)
    {
        if (links.Length == 0)
        {
            return;
        }
        // The same payload memory goes into every queue: encoded once by the caller, copied only into the
        // write buffers.
        var size = WireSize(e);
        foreach (var link in links)
        {
            link.Enqueue(e, size);
        }
    }

    /// <summary>Bytes the frame takes on the wire, counted with the longest sequence number so that the
    /// check does not depend on which seq it gets.</summary>
    private int WireSize(in Envelope e)
    {
        var body = FrameWriter.DataFrameBodySize(ulong.MaxValue, e);
        if (body > _options.MaxFrameBytes)
        {
            throw new ArgumentException(
                $"a {e.Payload.Length}-byte payload makes a {body}-byte frame, over MaxFrameBytes {_options.MaxFrameBytes}",
                nameof(e));
        }
        return FrameParser.PrefixSize + (int)body;
    }
}
