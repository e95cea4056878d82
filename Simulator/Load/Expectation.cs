namespace DumboFL.Simulator;

/// <summary>What the checker expects of a submitted item.</summary>
public enum Expectation
{
    /// <summary>A valid entry: committed exactly once at every honest node (when submitted to an honest node).</summary>
    Commit,
    /// <summary>An entry the validator rejects: purged (before a cut or at commit), never committed.</summary>
    Purge,
    /// <summary>Bytes that do not decode: refused at submission as malformed, never committed.</summary>
    Refuse,
    /// <summary>Valid on its own but in conflict with others (e.g. two updates of one client and round): committed at most once.</summary>
    AtMostOnce,
}
