using DumboFL.Core.Hashing;
using DumboFL.Ledger.Blocks;

namespace DumboFL.Ledger.Tests.Storage;

/// <summary>The chain the crash writer builds (<see cref="TestChain.CrashBlock"/> from height 0), computed on demand and kept.</summary>
public sealed class ExpectedCrashChain
{
    private readonly List<Block> _blocks = [];

    public Block this[ulong height]
    {
        get
        {
            while ((ulong)_blocks.Count <= height)
            {
                var previous = _blocks.Count == 0 ? Hash32.Zero : _blocks[^1].Header.Hash;
                _blocks.Add(TestChain.CrashBlock((ulong)_blocks.Count, previous));
            }
            return _blocks[(int)height];
        }
    }
}
