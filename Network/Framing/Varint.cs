namespace DumboFL.Network.Framing;

/// <summary>Protobuf base-128 varints, for the hand-written encoder of the hot Data frame.</summary>
internal static class Varint
{
    public static int Size(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }
        return size;
    }

    public static int Write(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)((value & 0x7F) | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Protobuf encodes a negative int32 sign-extended to 64 bits (ten bytes).</summary>
    public static ulong FromInt32(int value) => unchecked((ulong)(long)value);
}
