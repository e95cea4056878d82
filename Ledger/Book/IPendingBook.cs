using DumboFL.Core.Hashing;

namespace DumboFL.Ledger.Book;

/// <summary>The pending book a node cuts its proposals from. Items are opaque bytes to consensus.</summary>
public interface IPendingBook
{
    int Count { get; }

    /// <summary>Adds an item; false if it is a duplicate or refused.</summary>
    bool Add(byte[] item);

    /// <summary>
    /// Cuts a proposal: <paramref name="count"/> items chosen at random among the first <paramref name="window"/>
    /// pending ones. A validating book purges what became invalid first, so the cut may be smaller, or empty.
    /// </summary>
    IReadOnlyList<byte[]> Cut(int window, int count, Random random);

    /// <summary>
    /// Whether the next cut would propose anything: a validating book purges the first <paramref name="window"/>
    /// entries first, so a book of only invalid entries has no work and never opens an epoch by itself.
    /// </summary>
    bool HasWork(int window) => Count > 0;

    /// <summary>Forgets items that were committed (by anyone).</summary>
    void Remove(IEnumerable<Hash32> committed);
}
