using System.Diagnostics.CodeAnalysis;

namespace DumboFL.Core.Encoding;

/// <summary>A canonical decoder: returns the value, or throws <see cref="FormatException"/> naming what is wrong.</summary>
public delegate T SpanDecoder<out T>(ReadOnlySpan<byte> bytes);

/// <summary>The Try- form every codec offers beside its throwing decoder: false and the reason instead of an exception.</summary>
public static class CanonicalDecoding
{
    public static bool TryDecode<T>(SpanDecoder<T> decode, ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out T? value, out string error)
        where T : class
    {
        try
        {
            value = decode(bytes);
            error = "";
            return true;
        }
        catch (FormatException e)
        {
            value = null;
            error = e.Message;
            return false;
        }
    }
}
