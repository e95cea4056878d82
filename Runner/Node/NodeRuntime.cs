using System.Threading.Channels;
using DumboFL.Ledger.Storage;
using DumboFL.Network;

namespace DumboFL.Runner.Node;

/// <summary>The parts of a running node the API and metrics read: identity, queues, store, transport, counters.</summary>
public sealed class NodeRuntime
{
    private long _badRequests;

    public NodeRuntime(string id, uint shard, int index, ChannelWriter<CoreEvent> core, Func<int> coreDepth, ILedgerStore store,
        Transport transport, InboundDecoder decoder, NodeCore nodeCore, TimeProvider time)
    {
        Id = id;
        Shard = shard;
        Index = index;
        Core = core;
        CoreDepth = coreDepth;
        Store = store;
        Transport = transport;
        Decoder = decoder;
        NodeCore = nodeCore;
        Time = time;
    }

    public string Id { get; }

    public uint Shard { get; }

    public int Index { get; }

    public ChannelWriter<CoreEvent> Core { get; }

    public Func<int> CoreDepth { get; }

    public ILedgerStore Store { get; }

    public Transport Transport { get; }

    public InboundDecoder Decoder { get; }

    /// <summary>Read-only use from other threads: only its thread-safe counters (latency histogram).</summary>
    public NodeCore NodeCore { get; }

    public TimeProvider Time { get; }

    /// <summary>The node's FL client, when it was started with one.</summary>
    public FlWorker? Fl { get; init; }

    public long BadRequests => Interlocked.Read(ref _badRequests);

    public void CountBadRequest() => Interlocked.Increment(ref _badRequests);

    public async Task<NodeStatus> StatusAsync(CancellationToken cancel)
    {
        var reply = new TaskCompletionSource<NodeStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        await Core.WriteAsync(new StatusRequested(reply), cancel).ConfigureAwait(false);
        return await reply.Task.WaitAsync(cancel).ConfigureAwait(false);
    }
}
