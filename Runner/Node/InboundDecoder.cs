using System.Threading.Channels;
using DumboFL.Consensus.Wire;
using DumboFL.Network;
using DumboFL.Shards;
using Microsoft.Extensions.Logging;

namespace DumboFL.Runner.Node;

/// <summary>
/// The stage between the transport and the core: several workers take envelopes from the inbound queue, decode
/// them (the expensive part of a large proposal) and hand typed events to the core. Anything from outside the
/// shard or undecodable is counted and dropped here; the core never sees it.
/// </summary>
public sealed class InboundDecoder
{
    private readonly InboundQueue _inbound;
    private readonly ChannelWriter<CoreEvent> _core;
    private readonly IReadOnlyDictionary<string, int> _indexOf;
    private readonly uint _shard;
    private readonly WireLimits _limits;
    private readonly int _maxEntryBytes;
    private readonly ILogger _logger;
    private long _malformed;
    private long _foreign;

    /// <summary>Every node of the cluster by id (shard, index): who may speak on the cross-shard channel. Null: nobody.</summary>
    public IReadOnlyDictionary<string, (uint Shard, int Index)>? Cluster { get; init; }

    /// <summary>Where swarm messages from this shard's nodes go (the FL client); null: the channel is closed here.</summary>
    public Action<string, DumboFL.Learning.Swarm.SwarmMessage>? Swarm { get; init; }

    public InboundDecoder(InboundQueue inbound, ChannelWriter<CoreEvent> core, IReadOnlyDictionary<string, int> indexOf, uint shard,
        WireLimits limits, int maxEntryBytes, ILogger logger)
    {
        _inbound = inbound;
        _core = core;
        _indexOf = indexOf;
        _shard = shard;
        _limits = limits;
        _maxEntryBytes = maxEntryBytes;
        _logger = logger;
    }

    public long Malformed => Interlocked.Read(ref _malformed);

    public long Foreign => Interlocked.Read(ref _foreign);

    public Task[] Start(int workers, CancellationToken cancel) =>
        [.. Enumerable.Range(0, workers).Select(_ => Task.Run(() => RunAsync(cancel), cancel))];

    private async Task RunAsync(CancellationToken cancel)
    {
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                var message = await _inbound.ReadAsync(cancel).ConfigureAwait(false);
                if (Decode(message) is { } coreEvent)
                {
                    await _core.WriteAsync(coreEvent, cancel).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ChannelClosedException)
        {
        }
    }

    internal CoreEvent? Decode(InboundMessage message)
    {
        if (message.Envelope.Channel == Channels.CrossShard)
        {
            return DecodeCrossShard(message);
        }
        if (!_indexOf.TryGetValue(message.From, out var sender) || message.Envelope.Shard != _shard)
        {
            Interlocked.Increment(ref _foreign);
            return null;
        }
        try
        {
            return message.Envelope.Channel switch
            {
                Channels.Consensus => new ConsensusArrived(sender, ConsensusCodec.Decode(message.Envelope.Payload.Span, _limits)),
                Channels.Sync => new SyncArrived(sender, SyncCodec.Decode(message.Envelope.Payload.Span, _maxEntryBytes)),
                Channels.Swarm => DecodeSwarm(message),
                _ => Count(message, "unknown channel"),
            };
        }
        catch (FormatException e)
        {
            return Count(message, e.Message);
        }
    }

    /// <summary>Swarm messages bypass the core: they go straight to the FL client's queue.</summary>
    private CoreEvent? DecodeSwarm(InboundMessage message)
    {
        if (Swarm is not { } swarm)
        {
            return Count(message, "no FL client here");
        }
        if (!DumboFL.Learning.Swarm.SwarmCodec.TryDecode(message.Envelope.Payload.Span, out var decoded, out var error))
        {
            return Count(message, error);
        }
        swarm(message.From, decoded!);
        return null;
    }

    /// <summary>Any node of the cluster may send on the cross-shard channel; the envelope names the sender's own shard.</summary>
    private CoreEvent? DecodeCrossShard(InboundMessage message)
    {
        if (Cluster is null || !Cluster.TryGetValue(message.From, out var place) || message.Envelope.Shard != place.Shard)
        {
            Interlocked.Increment(ref _foreign);
            return null;
        }
        return CrossShardCodec.TryDecode(message.Envelope.Payload.Span, out var decoded, out var error)
            ? new CrossShardArrived(place.Shard, place.Index, decoded!)
            : Count(message, error);
    }

    private CoreEvent? Count(InboundMessage message, string why)
    {
        if (Interlocked.Increment(ref _malformed) <= 20 && _logger.IsEnabled(LogLevel.Warning))
        {
            _logger.LogWarning("dropped a malformed message from {Peer} on channel {Channel}: {Why}", message.From, message.Envelope.Channel, why);
        }
        return null;
    }
}
