namespace DumboFL.Network.Outbound;

/// <summary>The peer answered the Hello with something other than a HelloAck, or not at all.</summary>
internal sealed class HandshakeRefusedException(string message) : Exception(message);
