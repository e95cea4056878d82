namespace DumboFL.Runner.Launch;

/// <summary>A node process ended while the launcher still needed it (before its ready line, typically).</summary>
public sealed class NodeExitedException : Exception
{
    public NodeExitedException(string nodeId, int exitCode)
        : base($"node {nodeId} exited with code {exitCode}")
    {
        NodeId = nodeId;
        ExitCode = exitCode;
    }

    public NodeExitedException()
    {
        NodeId = "";
    }

    public NodeExitedException(string message)
        : base(message)
    {
        NodeId = "";
    }

    public NodeExitedException(string message, Exception innerException)
        : base(message, innerException)
    {
        NodeId = "";
    }

    public string NodeId { get; }

    public int ExitCode { get; }
}
