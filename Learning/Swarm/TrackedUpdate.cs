using DumboFL.Learning.Chunks;

namespace DumboFL.Learning.Swarm;

/// <summary>The engine's view of one tracked update: which chunks it holds and how many requests are out for each.</summary>
internal sealed class TrackedUpdate
{
    private readonly bool[] _held;

    public TrackedUpdate(SwarmUpdate update, Bitfield present)
    {
        Update = update;
        _held = new bool[update.ChunkHashes.Count];
        InFlight = new int[_held.Length];
        for (var i = 0; i < _held.Length; i++)
        {
            if (present.Get(i))
            {
                _held[i] = true;
                HeldCount++;
            }
        }
    }

    public SwarmUpdate Update { get; }

    public (ulong Round, string Client) Key => (Update.Round, Update.Client);

    public int Count => _held.Length;

    public int HeldCount { get; private set; }

    public bool IsComplete => HeldCount == _held.Length;

    /// <summary>Requests outstanding for each chunk, over every peer (at most 1 outside end-game).</summary>
    public int[] InFlight { get; }

    public bool Held(int index) => _held[index];

    public void MarkHeld(int index)
    {
        if (!_held[index])
        {
            _held[index] = true;
            HeldCount++;
        }
    }

    public ChunkKey Chunk(int index) => new(Update.Round, Update.Client, index);

    public byte[] Bits()
    {
        var bits = new byte[(_held.Length + 7) / 8];
        for (var i = 0; i < _held.Length; i++)
        {
            if (_held[i])
            {
                bits[i >> 3] |= (byte)(1 << (i & 7));
            }
        }
        return bits;
    }
}
