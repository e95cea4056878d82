namespace DumboFL.Runner.Cluster;

/// <summary>A cluster file, key file or hosts file that cannot be used. The message is one line naming the file and the problem.</summary>
public sealed class ClusterFileException : Exception
{
    public ClusterFileException()
    {
    }

    public ClusterFileException(string message)
        : base(message)
    {
    }

    public ClusterFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
