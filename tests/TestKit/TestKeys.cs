using System.Collections.Concurrent;
using DumboFL.Core.Crypto;

namespace DumboFL.TestKit;

/// <summary>
/// Node keys for tests, generated once per committee size and cached for the whole test run. Reusing them
/// does not change any run's behaviour (nothing in the protocol's control flow depends on signature bytes)
/// and saves a key generation per node per test.
/// </summary>
public static class TestKeys
{
    private static readonly ConcurrentDictionary<int, IReadOnlyList<NodeKey>> Cache = new();

    public static IReadOnlyList<NodeKey> ForCommittee(int n) =>
        Cache.GetOrAdd(n, size => Enumerable.Range(0, size).Select(_ => NodeKey.Generate()).ToArray());
}
