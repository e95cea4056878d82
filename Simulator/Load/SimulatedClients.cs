namespace DumboFL.Simulator;

/// <summary>The FL clients every simulated shard knows: <c>client-0</c> … <c>client-15</c>. Any other client id is unknown.</summary>
public static class SimulatedClients
{
    public const int Count = 16;

    private static readonly HashSet<string> Known = [.. Enumerable.Range(0, Count).Select(Name)];

    public static string Name(int index) => $"client-{index}";

    public static bool IsKnown(string client) => Known.Contains(client);
}
