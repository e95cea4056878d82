using System.Buffers.Binary;
using DumboFL.Ledger.Entries;
using DumboFL.Runner.Launch;

namespace DumboFL.Integration.Tests.Launch;

public sealed class LoadEntriesTests
{
    [TestCase(64)]
    [TestCase(250)]
    [TestCase(4096)]
    public void Payloads_decode_have_the_requested_size_and_are_unique(int txSize)
    {
        var entries = new LoadEntries(txSize, 0);
        using var body = entries.Write(50);
        var decoded = Split(body.Bytes.ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(decoded, Has.Count.EqualTo(50));
            Assert.That(decoded.Select(d => d.Length), Is.All.EqualTo(txSize));
            Assert.That(decoded.Select(d => EntryCodec.Decode(d)), Is.All.TypeOf<Payload>());
            Assert.That(decoded.Select(d => EntryCodec.Decode(d).Id).Distinct().Count(), Is.EqualTo(50));
        });
        using var next = entries.Write(1);
        Assert.That(decoded.Select(d => EntryCodec.Decode(d).Id), Does.Not.Contain(EntryCodec.Decode(Split(next.Bytes.ToArray())[0]).Id),
            "the next body continues the numbering");
    }

    [Test]
    public void The_invalid_share_is_model_updates_from_unknown_clients()
    {
        var entries = new LoadEntries(250, 0.25);
        using var body = entries.Write(400);
        var kinds = Split(body.Bytes.ToArray()).Select(d => EntryCodec.Decode(d)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(body.Invalid, Is.EqualTo(100));
            Assert.That(kinds.OfType<ModelUpdate>().Count(), Is.EqualTo(100));
            Assert.That(kinds.OfType<ModelUpdate>().Select(u => u.Client), Is.All.StartsWith("intruder-"));
        });
    }

    private static List<byte[]> Split(byte[] body)
    {
        var entries = new List<byte[]>();
        for (var offset = 0; offset < body.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(offset));
            entries.Add(body.AsSpan(offset + 4, length).ToArray());
            offset += 4 + length;
        }
        return entries;
    }
}
