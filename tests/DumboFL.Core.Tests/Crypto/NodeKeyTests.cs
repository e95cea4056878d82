using System.Security.Cryptography;
using DumboFL.Core.Crypto;

namespace DumboFL.Core.Tests.Crypto;

public class NodeKeyTests
{
    private static readonly byte[] Message = "commit epoch 7"u8.ToArray();

    [Test]
    public void A_signature_verifies_under_the_signers_public_key()
    {
        using var key = NodeKey.Generate();

        var signature = key.Sign(Message);

        Assert.Multiple(() =>
        {
            Assert.That(signature, Has.Length.EqualTo(NodeKey.SignatureSize));
            Assert.That(key.PublicKey.Verify(Message, signature), Is.True);
        });
    }

    [Test]
    public void A_signature_does_not_verify_for_another_message_or_another_key()
    {
        using var key = NodeKey.Generate();
        using var other = NodeKey.Generate();
        var signature = key.Sign(Message);

        Assert.Multiple(() =>
        {
            Assert.That(key.PublicKey.Verify("commit epoch 8"u8, signature), Is.False);
            Assert.That(other.PublicKey.Verify(Message, signature), Is.False);
        });
    }

    [Test]
    public void Truncated_extended_or_altered_signatures_are_invalid_without_throwing()
    {
        using var key = NodeKey.Generate();
        var signature = key.Sign(Message);
        var altered = (byte[])signature.Clone();
        altered[10] ^= 0x01;

        Assert.Multiple(() =>
        {
            Assert.That(key.PublicKey.Verify(Message, signature.AsSpan(0, 63)), Is.False);
            Assert.That(key.PublicKey.Verify(Message, [.. signature, 0x00]), Is.False);
            Assert.That(key.PublicKey.Verify(Message, []), Is.False);
            Assert.That(key.PublicKey.Verify(Message, new byte[NodeKey.SignatureSize]), Is.False);
            Assert.That(key.PublicKey.Verify(Message, altered), Is.False);
        });
    }

    [Test]
    public void Pkcs8_round_trip_keeps_the_key()
    {
        using var key = NodeKey.Generate();

        using var reloaded = NodeKey.FromPkcs8(key.ExportPkcs8());

        Assert.Multiple(() =>
        {
            Assert.That(reloaded.PublicKey, Is.EqualTo(key.PublicKey));
            Assert.That(key.PublicKey.Verify(Message, reloaded.Sign(Message)), Is.True);
        });
    }

    [Test]
    public void FromPkcs8_rejects_garbage_and_other_curves()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var p384Pkcs8 = p384.ExportPkcs8PrivateKey();

        Assert.Multiple(() =>
        {
            Assert.That(() => NodeKey.FromPkcs8([0x30, 0x03, 0x02, 0x01, 0x00]), Throws.TypeOf<FormatException>());
            Assert.That(() => NodeKey.FromPkcs8(p384Pkcs8), Throws.TypeOf<FormatException>());
        });
    }

    [Test]
    public void Public_key_encoding_round_trips()
    {
        using var key = NodeKey.Generate();

        var decoded = NodePublicKey.FromEncoded(key.PublicKey.Encoded);

        Assert.Multiple(() =>
        {
            Assert.That(decoded, Is.EqualTo(key.PublicKey));
            Assert.That(decoded.GetHashCode(), Is.EqualTo(key.PublicKey.GetHashCode()));
            Assert.That(decoded.Verify(Message, key.Sign(Message)), Is.True);
        });
    }

    [Test]
    public void FromEncoded_rejects_a_point_off_the_curve()
    {
        using var key = NodeKey.Generate();
        var encoded = key.PublicKey.Encoded.ToArray();
        encoded[^1] ^= 0x01; // same x, y changed by one: not on P-256

        Assert.That(() => NodePublicKey.FromEncoded(encoded), Throws.TypeOf<FormatException>());
    }

    [Test]
    public void FromEncoded_rejects_wrong_length_and_compressed_prefix()
    {
        using var key = NodeKey.Generate();
        var encoded = key.PublicKey.Encoded.ToArray();
        var compressedPrefix = (byte[])encoded.Clone();
        compressedPrefix[0] = 0x02;

        Assert.Multiple(() =>
        {
            Assert.That(() => NodePublicKey.FromEncoded(encoded.AsSpan(0, 64)), Throws.TypeOf<FormatException>());
            Assert.That(() => NodePublicKey.FromEncoded(compressedPrefix), Throws.TypeOf<FormatException>());
            Assert.That(() => NodePublicKey.FromEncoded(new byte[NodePublicKey.EncodedSize]), Throws.TypeOf<FormatException>());
        });
    }

    [Test]
    public void A_PKCS8_key_on_another_256_bit_curve_is_refused()
    {
        using var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.CreateFromFriendlyName("secP256k1"));
        var pkcs8 = other.ExportPkcs8PrivateKey();

        Assert.That(() => NodeKey.FromPkcs8(pkcs8), Throws.TypeOf<FormatException>().With.Message.Contains("P-256"));
    }
}
