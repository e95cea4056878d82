using DumboFL.Core.Hashing;
using DumboFL.Ledger.Entries;

namespace DumboFL.Ledger.Tests.Entries;

public class EntryCodecTests
{
    public static IEnumerable<LedgerEntry> OneOfEach()
    {
        yield return new ChunkCommit(3, "client-1", 7, Hash32.Of([1]), 65536);
        yield return new ModelUpdate(3, "client-1", Hash32.Of([2]), 12, 500);
        yield return new Aggregate(3, 0, Hash32.Of([3]), 6000);
        yield return new CrossShardTx(Hash32.Of([4]), [1, 2], [false, true], 0, false, [9, 9]);
        yield return new Payload([1, 2, 3]);
        yield return new LegsAccepted(2, 41, [Hash32.Of([5]), Hash32.Of([6])], Certificate());
        yield return new CrossShardAbort(new CrossShardTx(Hash32.Of([4]), [1, 2], [false, true], 0, false, [9, 9]), 1, Certificate());
        yield return new UpdateHeld(3, "client-1", Hash32.Of([2]), 0, 2, Enumerable.Repeat((byte)3, 64).ToArray());
    }

    /// <summary>Two signers (0 and 2) with stand-in signatures: the codec checks shape, not signatures.</summary>
    private static DumboFL.Core.Crypto.QuorumCertificate Certificate() =>
        new([0, 2], [Enumerable.Repeat((byte)1, 64).ToArray(), Enumerable.Repeat((byte)2, 64).ToArray()]);

    [Test]
    public void An_abort_may_only_name_a_cross_shard_tx()
    {
        var tx = new CrossShardTx(Hash32.Of([4]), [1, 2], [false, true], 0, false, [9]);
        var abort = new CrossShardAbort(tx, 1, Certificate()).Encode();
        // The same abort with a payload entry spliced in where the tx goes (length-prefixed bytes after the kind byte).
        var payload = new Payload([9]).Encode();
        var head = new Payload([1]).Encode().Length - 5; // domain tag and kind byte: a payload of one byte ends in 4 + 1 more
        var txBytes = tx.Encode();
        var spliced = abort[..head].Concat(BitConverter.GetBytes((uint)payload.Length)).Concat(payload).Concat(abort[(head + 4 + txBytes.Length)..]).ToArray();

        Assert.That(EntryCodec.TryDecode(spliced, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("not a cross-shard tx"));
    }

    [TestCaseSource(nameof(OneOfEach))]
    public void Every_kind_round_trips_to_the_same_bytes_and_id(LedgerEntry entry)
    {
        var decoded = EntryCodec.Decode(entry.Encode());
        Assert.Multiple(() =>
        {
            Assert.That(decoded.GetType(), Is.EqualTo(entry.GetType()));
            Assert.That(decoded.Encode(), Is.EqualTo(entry.Encode()));
            Assert.That(decoded.Id, Is.EqualTo(entry.Id));
        });
    }

    [TestCaseSource(nameof(OneOfEach))]
    public void Every_truncation_and_any_trailing_byte_is_refused(LedgerEntry entry)
    {
        var bytes = entry.Encode();
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.That(EntryCodec.TryDecode(bytes.AsSpan(0, length), out _, out var error), Is.False, $"prefix of {length} bytes decoded");
            Assert.That(error, Is.Not.Empty);
        }
        Assert.That(EntryCodec.TryDecode([.. bytes, 0], out _, out _), Is.False, "trailing byte accepted");
    }

    [Test]
    public void Random_bytes_never_throw()
    {
        var prefix = new Payload([1]).Encode()[..^6];
        for (var seed = 0; seed < 5000; seed++)
        {
            var random = new Random(seed);
            var bytes = new byte[random.Next(0, 80)];
            random.NextBytes(bytes);
            if (seed % 2 == 0 && bytes.Length > prefix.Length)
            {
                // Half the cases start with a valid tag and a random kind so the field decoders are reached too.
                prefix.CopyTo(bytes, 0);
                bytes[prefix.Length - 1] = (byte)random.Next(0, 9);
            }
            Assert.That(() => EntryCodec.TryDecode(bytes, out _, out _), Throws.Nothing, $"seed {seed}");
        }
    }

    [Test]
    public void A_huge_length_prefix_is_refused_before_allocating()
    {
        var bytes = new Payload([1]).Encode();
        // The payload's u32 length prefix sits just before its single byte.
        BitConverter.GetBytes(uint.MaxValue).CopyTo(bytes, bytes.Length - 5);
        Assert.Multiple(() =>
        {
            Assert.That(EntryCodec.TryDecode(bytes, out _, out var error), Is.False);
            Assert.That(error, Does.Contain("exceeds"));
        });
    }

    [Test]
    public void Entries_differing_in_one_field_have_different_ids()
    {
        var a = new ChunkCommit(1, "c", 0, Hash32.Zero, 10);
        _ = a.Id; // cached before copying: a `with` copy must not inherit it
        Assert.That(new[] { a with { Round = 2 }, a with { Client = "d" }, a with { ChunkIndex = 1 }, a with { Size = 11 } }.Select(e => e.Id),
            Has.None.EqualTo(a.Id));
    }

    [TestCaseSource(nameof(OneOfEach))]
    public void Two_decodes_of_one_entry_are_equal(LedgerEntry entry)
    {
        var first = EntryCodec.Decode(entry.Encode());
        var second = EntryCodec.Decode(entry.Encode());
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(second));
            Assert.That(first.GetHashCode(), Is.EqualTo(second.GetHashCode()));
            Assert.That(first, Is.Not.EqualTo(new Payload([0xFF, 0xFE])));
        });
    }
}
