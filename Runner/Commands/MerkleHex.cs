using System.Buffers;
using System.CommandLine;
using System.CommandLine.Parsing;
using DumboFL.Core.Hashing;

namespace DumboFL.Runner.Commands;

/// <summary>Hex as the merkle commands read it: data of any even length, or a 32-byte hash as 64 digits.</summary>
internal static class MerkleHex
{
    private const int ShownChars = 24;
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public static bool TryDecode(string hex, out byte[] data, out string problem)
    {
        data = [];
        var bad = hex.AsSpan().IndexOfAnyExcept(HexDigits);
        if (bad >= 0)
        {
            problem = $"'{Shorten(hex)}' is not hex (character {bad + 1} is '{hex[bad]}')";
            return false;
        }
        if (hex.Length % 2 != 0)
        {
            problem = $"'{Shorten(hex)}' has an odd number of hex digits ({hex.Length})";
            return false;
        }
        data = Convert.FromHexString(hex);
        problem = "";
        return true;
    }

    public static bool TryDecodeHash(string hex, out Hash32 hash, out string problem)
    {
        hash = default;
        if (!TryDecode(hex, out var bytes, out problem))
        {
            return false;
        }
        if (bytes.Length != Hash32.Size)
        {
            problem = $"'{Shorten(hex)}' is {hex.Length} hex digits, a hash is {2 * Hash32.Size}";
            return false;
        }
        hash = new Hash32(bytes);
        return true;
    }

    /// <summary>An option holding a 64-digit hash; a bad value is a parse error (exit 2 with one line).</summary>
    public static Option<Hash32?> HashOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "HEX",
        CustomParser = result => Parse<Hash32>(result, name, TryDecodeHash) is var (ok, hash) && ok ? hash : null,
    };

    /// <summary>An option holding hex data of any even length (possibly empty).</summary>
    public static Option<byte[]?> DataOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "HEX",
        CustomParser = result => Parse<byte[]>(result, name, TryDecode).Value,
    };

    private delegate bool Decoder<T>(string hex, out T value, out string problem);

    private static (bool Ok, T? Value) Parse<T>(ArgumentResult result, string name, Decoder<T> decode)
    {
        // No token: nothing to decode (an absent option is told apart by the command, see MerkleVerifyCommand).
        if (result.Tokens.Count == 0)
        {
            return (false, default);
        }
        var text = result.Tokens[0].Value.Trim();
        if (decode(text, out var value, out var problem))
        {
            return (true, value);
        }
        result.AddError($"{name}: {problem}");
        return (false, default);
    }

    private static string Shorten(string text) => text.Length <= ShownChars ? text : text[..ShownChars] + "…";
}
