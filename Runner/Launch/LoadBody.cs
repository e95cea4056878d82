using System.Buffers;

namespace DumboFL.Runner.Launch;

/// <summary>One request body on a pooled buffer, and how many valid and invalid entries it carries.</summary>
public sealed class LoadBody : IDisposable
{
    private byte[]? _buffer;

    public LoadBody(byte[] buffer, int length, int valid, int invalid)
    {
        _buffer = buffer;
        Length = length;
        Valid = valid;
        Invalid = invalid;
    }

    public int Length { get; }

    public int Valid { get; }

    public int Invalid { get; }

    public int Count => Valid + Invalid;

    public ReadOnlyMemory<byte> Bytes => _buffer.AsMemory(0, Length);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
