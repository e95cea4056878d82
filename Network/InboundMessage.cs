namespace DumboFL.Network;

/// <summary>An envelope as received; <paramref name="From"/> is the authenticated sender's node id.</summary>
public readonly record struct InboundMessage(string From, Envelope Envelope);
