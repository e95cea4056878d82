namespace DumboFL.Network;

internal static class Protocol
{
    /// <summary>Sent in Hello; a server refuses any other. Bump on an incompatible change of the frames.</summary>
    public const uint Version = 1;
}
