using DumboFL.Core.Encoding;
using DumboFL.Core.Hashing;

namespace DumboFL.Core.Tests.Encoding;

public class CanonicalWriterTests
{
    [Test]
    public void Writes_a_small_statement_in_the_documented_layout()
    {
        var bytes = new CanonicalWriter("T")
            .WriteU32(1)
            .WriteU64(0x0102030405060708)
            .WriteBytes([0xAA, 0xBB])
            .WriteBool(true)
            .ToArray();

        byte[] expected =
        [
            0x01, 0x00, 0x00, 0x00, (byte)'T',                  // tag: u32 length, UTF-8
            0x01, 0x00, 0x00, 0x00,                             // u32 little-endian
            0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,     // u64 little-endian
            0x02, 0x00, 0x00, 0x00, 0xAA, 0xBB,                 // length-prefixed bytes
            0x01,                                               // bool
        ];
        Assert.That(bytes, Is.EqualTo(expected));
    }

    [Test]
    public void Hashes_are_written_raw_and_strings_length_prefixed()
    {
        var hash = Hash32.Of("x"u8);

        var bytes = new CanonicalWriter("").WriteHash(hash).WriteString("é").ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(bytes[..4], Is.EqualTo(new byte[4]));
            Assert.That(bytes[4..36], Is.EqualTo(hash.ToArray()));
            Assert.That(bytes[36..], Is.EqualTo(new byte[] { 0x02, 0x00, 0x00, 0x00, 0xC3, 0xA9 }));
        });
    }

    [Test]
    public void Different_domain_tags_give_different_bytes_and_hashes_for_the_same_fields()
    {
        var vote = new CanonicalWriter("vote").WriteU64(7);
        var echo = new CanonicalWriter("echo").WriteU64(7);

        Assert.Multiple(() =>
        {
            Assert.That(vote.ToArray(), Is.Not.EqualTo(echo.ToArray()));
            Assert.That(vote.Hash(), Is.Not.EqualTo(echo.Hash()));
            Assert.That(vote.Hash(), Is.EqualTo(Hash32.Of(vote.ToArray())));
        });
    }

    [Test]
    public void Length_prefixes_keep_adjacent_fields_from_running_together()
    {
        var ab = new CanonicalWriter("t").WriteBytes("ab"u8).WriteBytes("c"u8).ToArray();
        var abc = new CanonicalWriter("t").WriteBytes("a"u8).WriteBytes("bc"u8).ToArray();

        Assert.That(ab, Is.Not.EqualTo(abc));
    }
}
