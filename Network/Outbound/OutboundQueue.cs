namespace DumboFL.Network.Outbound;

/// <summary>
/// One peer's outbound frames in sequence order: first the sent-but-unacked ones, then the unsent ones
/// (from <see cref="_cursor"/> on). Acks remove a prefix, a reconnect moves the cursor back to the first
/// unacked frame, and going over the byte cap drops the oldest frames. Thread-safe: Send enqueues from any
/// thread while the link's writer takes batches and its reader applies acks.
/// </summary>
internal sealed class OutboundQueue(long capBytes)
{
    private readonly Lock _lock = new();
    private Item[] _items = new Item[256];
    private int _head;
    private int _count;
    private long _bytes;
    private long _dropped;
    private ulong _nextSeq = 1;
    private ulong _cursor = 1;

    public readonly record struct Item(ulong Seq, Envelope Envelope, int Size);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Appends a frame of <paramref name="size"/> wire bytes; returns how many old frames it pushed out.
    /// The newest frame is always kept, even alone over the cap.</summary>
    public int Enqueue(in Envelope envelope, int size)
    {
        lock (_lock)
        {
            if (_count == _items.Length)
            {
                Grow();
            }
            _items[(_head + _count) % _items.Length] = new Item(_nextSeq++, envelope, size);
            _count++;
            _bytes += size;
            var dropped = 0;
            while (_bytes > capBytes && _count > 1)
            {
                RemoveFirst();
                dropped++;
            }
            if (dropped > 0)
            {
                _dropped += dropped;
                _cursor = Math.Max(_cursor, _items[_head].Seq);
            }
            return dropped;
        }
    }

    /// <summary>Copies unsent frames into <paramref name="batch"/> (at least one if any, then up to
    /// <paramref name="maxBytes"/>) and counts them as sent. Returns how many.</summary>
    public int TakeUnsent(Item[] batch, long maxBytes)
    {
        lock (_lock)
        {
            var taken = 0;
            long bytes = 0;
            while (taken < batch.Length && _cursor < _nextSeq)
            {
                var item = _items[(_head + (int)(_cursor - _items[_head].Seq)) % _items.Length];
                if (taken > 0 && bytes + item.Size > maxBytes)
                {
                    break;
                }
                batch[taken++] = item;
                bytes += item.Size;
                _cursor++;
            }
            return taken;
        }
    }

    public bool HasUnsent
    {
        get
        {
            lock (_lock)
            {
                return _cursor < _nextSeq;
            }
        }
    }

    /// <summary>Forgets every frame up to and including <paramref name="seq"/> (cumulative ack). An ack for
    /// frames never sent is limited to what was sent: a confused peer cannot make us discard unsent data.</summary>
    public void Acknowledge(ulong seq)
    {
        lock (_lock)
        {
            seq = Math.Min(seq, _cursor - 1);
            while (_count > 0 && _items[_head].Seq <= seq)
            {
                RemoveFirst();
            }
        }
    }

    /// <summary>After a reconnect: everything still queued is sent again. Returns how many frames that repeats.</summary>
    public long RewindForResend()
    {
        lock (_lock)
        {
            var first = _count > 0 ? _items[_head].Seq : _nextSeq;
            var resent = (long)(_cursor - first);
            _cursor = first;
            return resent;
        }
    }

    private void RemoveFirst()
    {
        _bytes -= _items[_head].Size;
        _items[_head] = default;
        _head = (_head + 1) % _items.Length;
        _count--;
    }

    private void Grow()
    {
        var grown = new Item[_items.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            grown[i] = _items[(_head + i) % _items.Length];
        }
        _items = grown;
        _head = 0;
    }
}
