namespace DumboFL.Network;

public enum LinkState
{
    Connecting,
    Established,

    /// <summary>Established, but no data was sent for <see cref="NetworkOptions.IdleAfter"/>.</summary>
    Idle,

    /// <summary>The last attempt failed; backing off before the next one.</summary>
    Error,
    Closed,
}
