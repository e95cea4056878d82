using System.Globalization;
using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;
using DumboFL.Ledger.Entries;

namespace DumboFL.Shards;

/// <summary>
/// What a coordinator holds between blocks (LDs it verified, SIGN and CL_M tallies, txs held for their output leg) as
/// rows a node stores with its next block (docs/CROSS_SHARD.md, "Durability"), and the way back after a restart:
/// <see cref="Restore"/> the rows, then <see cref="Resume"/> to send this node's own shares again and submit what is
/// complete. The rows are keyed, so each change replaces or deletes one row.
/// </summary>
public sealed partial class CrossShardCoordinator
{
    private const string PendingTag = "dumbofl/xs-pending/v1";

    private readonly HashSet<PendingKey> _dirty = [];

    /// <summary>Rows that could not be read back at <see cref="Restore"/> (skipped, never fatal).</summary>
    public int DamagedPendingRows { get; private set; }

    /// <summary>The rows changed since the last call: (key, value), a null value deleting the row.</summary>
    public IReadOnlyList<(string Key, byte[]? Value)> DrainChanges()
    {
        if (_dirty.Count == 0)
        {
            return [];
        }
        var changes = _dirty.Select(key => (key.ToString(), Value(key))).ToArray();
        _dirty.Clear();
        return changes;
    }

    /// <summary>Takes back the rows a node stored (before any other input). Damaged rows are counted and skipped.</summary>
    public void Restore(IEnumerable<(string Key, byte[] Value)> rows)
    {
        foreach (var (text, value) in rows)
        {
            try
            {
                var key = PendingKey.Parse(text);
                var reader = new CanonicalReader(value, PendingTag);
                switch (key.Kind)
                {
                    case 'v':
                        var ids = new Hash32[ReadCount(ref reader, Hash32.Size)];
                        for (var i = 0; i < ids.Length; i++)
                        {
                            ids[i] = reader.ReadHash();
                        }
                        _verified[(key.Shard, key.Height)] = new VerifiedLegs(ids, LegsAccepted.DigestOf(ids));
                        break;
                    case 's':
                        _signTallies[(key.Shard, key.Height, key.Id)] = ReadVotes(ref reader);
                        break;
                    case 'h':
                        _held[key.Id] = ReadTx(ref reader);
                        break;
                    case 'c':
                        var tally = new ClearTally(ReadTx(ref reader)) { SignedByMe = reader.ReadBool() };
                        foreach (var (signer, signature) in ReadVotes(ref reader))
                        {
                            tally.Shares[signer] = signature;
                        }
                        _clearTallies[key.Id] = tally;
                        break;
                    default:
                        throw new FormatException($"unknown pending row kind '{key.Kind}'");
                }
                reader.End();
            }
            catch (FormatException)
            {
                DamagedPendingRows++;
            }
        }
    }

    /// <summary>
    /// After <see cref="Restore"/>: sends this node's own SIGN and CL_M shares again (peers may have lost theirs in the
    /// same outage) and submits what is complete: acceptances and aborts with a full tally, output legs now valid.
    /// </summary>
    public void Resume(CrossShardStep step)
    {
        foreach (var ((shard, height), verified) in _verified.ToArray())
        {
            if (_view.IsAccepted(shard, height))
            {
                _verified.Remove((shard, height));
                _dirty.Add(new PendingKey('v', shard, height, Hash32.Zero));
                continue;
            }
            var signature = _key.Sign(Ledger.Validation.CrossShardStatements.Sign(_keys.Domain(Shard), shard, height, verified.Digest));
            var share = new SignShare(shard, height, verified.Digest, signature);
            ToShard(share, step);
            AddSign(Index, share, step);
        }
        foreach (var (legId, tally) in _clearTallies.ToArray())
        {
            if (_view.CrossShard(legId).Aborted)
            {
                _clearTallies.Remove(legId);
                _dirty.Add(new PendingKey('c', 0, 0, legId));
                continue;
            }
            if (tally.SignedByMe && tally.Shares.TryGetValue(Index, out var own))
            {
                var share = new ClearShare(tally.Tx, own);
                ToShard(share, step);
            }
            TryClear(tally, step);
        }
        foreach (var legId in _held.Keys.ToArray())
        {
            TrySubmitOutput(legId, step);
        }
    }

    private void Dirty(char kind, uint shard, ulong height, Hash32 id) => _dirty.Add(new PendingKey(kind, shard, height, id));

    private byte[]? Value(PendingKey key)
    {
        var writer = new CanonicalWriter(PendingTag);
        switch (key.Kind)
        {
            case 'v' when _verified.TryGetValue((key.Shard, key.Height), out var verified):
                writer.WriteU32((uint)verified.LegIds.Length);
                foreach (var id in verified.LegIds)
                {
                    writer.WriteHash(id);
                }
                return writer.ToArray();
            case 's' when _signTallies.TryGetValue((key.Shard, key.Height, key.Id), out var votes):
                WriteVotes(writer, votes);
                return writer.ToArray();
            case 'h' when _held.TryGetValue(key.Id, out var tx):
                writer.WriteBytes(tx.Encode());
                return writer.ToArray();
            case 'c' when _clearTallies.TryGetValue(key.Id, out var tally):
                writer.WriteBytes(tally.Tx.Encode()).WriteBool(tally.SignedByMe);
                WriteVotes(writer, tally.Shares);
                return writer.ToArray();
            default:
                return null;
        }
    }

    private static void WriteVotes(CanonicalWriter writer, Dictionary<int, byte[]> votes)
    {
        writer.WriteU32((uint)votes.Count);
        foreach (var (signer, signature) in votes.OrderBy(v => v.Key))
        {
            writer.WriteU32((uint)signer).WriteBytes(signature);
        }
    }

    private static Dictionary<int, byte[]> ReadVotes(ref CanonicalReader reader)
    {
        var count = ReadCount(ref reader, 8);
        var votes = new Dictionary<int, byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            var signer = reader.ReadU32();
            var index = signer <= int.MaxValue ? (int)signer : throw new FormatException($"a pending row names signer {signer}");
            votes[index] = reader.ReadBytes(Core.Crypto.NodeKey.SignatureSize);
        }
        return votes;
    }

    private static CrossShardTx ReadTx(ref CanonicalReader reader) =>
        EntryCodec.Decode(reader.ReadBytes(EntryCodec.MaxPayloadBytes + 4096)) as CrossShardTx ?? throw new FormatException("a pending row holds an entry that is not a cross-shard tx");

    private static int ReadCount(ref CanonicalReader reader, int minimumSize)
    {
        var count = reader.ReadU32();
        return count <= (uint)reader.Remaining / (uint)minimumSize ? (int)count : throw new FormatException($"a pending row claims {count} items");
    }

    /// <summary>One row: kind (v verified LD, s SIGN tally, h held tx, c CL_M tally), input shard and height, id or digest.</summary>
    private readonly record struct PendingKey(char Kind, uint Shard, ulong Height, Hash32 Id)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{Kind}/{Shard}/{Height}/{Id.ToHex()}");

        public static PendingKey Parse(string text)
        {
            var parts = text.Split('/');
            if (parts.Length != 4 || parts[0].Length != 1
                || !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var shard)
                || !ulong.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var height))
            {
                throw new FormatException($"a pending row key '{text}' is not kind/shard/height/id");
            }
            try
            {
                return new PendingKey(parts[0][0], shard, height, Hash32.FromHex(parts[3]));
            }
            catch (ArgumentException e)
            {
                throw new FormatException(e.Message, e);
            }
        }
    }
}
