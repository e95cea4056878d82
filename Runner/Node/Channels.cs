namespace DumboFL.Runner.Node;

/// <summary>Transport channel numbers (docs/NODE.md): what kind of payload an envelope carries.</summary>
public static class Channels
{
    public const int Consensus = 1;
    public const int Sync = 2;
    public const int CrossShard = 3;
    public const int Swarm = 4;
}
