using DumboFL.Network.Framing;
using DumboFL.Network.Wire;

namespace DumboFL.Network.Inbound;

internal sealed partial class InboundConnection
{
    /// <summary>After the Hello only Data and Ping may come from the sender; anything else is refused.</summary>
    public async ValueTask<bool> OnFrameAsync(Frame frame, int wireBytes, CancellationToken ct)
    {
        _stats!.Received(wireBytes);
        switch (frame.KindCase)
        {
            case Frame.KindOneofCase.Data:
                await OnDataAsync(frame.Data, ct).ConfigureAwait(false);
                return true;
            case Frame.KindOneofCase.Ping:
                FrameWriter.WritePong(_out, frame.Ping.Nanos);
                return true;
            default:
                return false;
        }
    }

    /// <summary>One Ack per read batch, for everything delivered so far: acks are cumulative.</summary>
    public async ValueTask OnBatchEndAsync(CancellationToken ct)
    {
        if (_ackDue)
        {
            FrameWriter.WriteAck(_out, _session!.LastDelivered);
            _ackDue = false;
        }
        await FlushAsync(ct).ConfigureAwait(false);
    }

    private async ValueTask OnDataAsync(Data data, CancellationToken ct)
    {
        var session = _session!;
        _ackDue = true;
        if (data.Seq <= session.LastDelivered)
        {
            // A resend of something already delivered (its ack was lost with the previous connection).
            _context.Counters.DuplicateDropped();
            return;
        }
        var message = new InboundMessage(session.PeerId, FrameCodec.ToEnvelope(data.Envelope));
        if (!_context.Inbound.TryWrite(message))
        {
            await DeliverWhenRoomAsync(message, ct).ConfigureAwait(false);
        }
        // Only now, with the message in the queue, may its seq be acked.
        session.MarkDelivered(data.Seq);
        _stats!.Delivered();
    }

    /// <summary>
    /// The sender's lane is full: stop reading (TCP pushes back on the sender) until there is room. Meanwhile
    /// repeat the current ack every keep-alive interval, so the sender knows this end is alive and does not
    /// take the silence for a dead connection.
    /// </summary>
    private async ValueTask DeliverWhenRoomAsync(InboundMessage message, CancellationToken ct)
    {
        var interval = _context.Options.KeepAliveInterval;
        var time = _context.Options.Time;
        while (!_context.Inbound.TryWrite(message))
        {
            var room = _context.Inbound.WaitForSpaceAsync(message.From, ct);
            while (!room.IsCompleted)
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var delay = Task.Delay(interval, time, tick.Token);
                if (await Task.WhenAny(room, delay).ConfigureAwait(false) == delay && delay.IsCompletedSuccessfully)
                {
                    FrameWriter.WriteAck(_out, _session!.LastDelivered);
                    await FlushAsync(ct).ConfigureAwait(false);
                }
                await tick.CancelAsync().ConfigureAwait(false);
            }
            await room.ConfigureAwait(false);
        }
    }
}
